//! The recovery key: what every backup is encrypted to, so that unattended backups need no secret
//! and a copied USB stick gives nothing away.
//!
//! At `init` the install draws 32 random bytes. They are shown once as 24 words (BIP-39, English
//! word list, with its checksum: a mistyped word is caught) for the desk to write on the recovery
//! sheet, and never stored. The install keeps only the public half: the age X25519 recipient
//! derived from those bytes. A restore turns the words back into the age secret key.

use std::str::FromStr;

use bech32::ToBase32;
use sha2::{Digest, Sha256};

use super::IdentityError;

/// How many words the sheet shows (32 bytes of entropy).
pub const WORDS: usize = 24;

/// The secret half of an install's recovery key. `Debug` never prints it.
#[derive(Clone)]
pub struct RecoveryKey {
    entropy: [u8; 32],
}

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecoveryKey").field("recipient", &self.recipient().to_string()).finish_non_exhaustive()
    }
}

impl Drop for RecoveryKey {
    fn drop(&mut self) {
        self.entropy.fill(0);
    }
}

impl RecoveryKey {
    /// A new recovery key from the operating system's random source (once, at `init`).
    ///
    /// # Errors
    /// [`IdentityError::Random`] when the OS refuses randomness.
    pub fn generate() -> Result<RecoveryKey, IdentityError> {
        let mut entropy = [0u8; 32];
        getrandom::getrandom(&mut entropy).map_err(|_| IdentityError::Random)?;
        Ok(RecoveryKey { entropy })
    }

    /// The 24 words, separated by single spaces: the text of the recovery sheet and its 2D code.
    pub fn words(&self) -> String {
        bip39::Mnemonic::from_entropy(&self.entropy).expect("32 bytes make 24 words").to_string()
    }

    /// Reads the words back: any case, any spacing or line breaks, numbers (`1.`, `12)`) as the
    /// sheet prints them ignored.
    ///
    /// # Errors
    /// [`IdentityError::Invalid`] when the text is not 24 words of the list with a good checksum.
    pub fn parse(text: &str) -> Result<RecoveryKey, IdentityError> {
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || c == ',' || c == '、' || c == '・')
            .map(|w| {
                w.trim_matches(|c: char| c.is_ascii_digit() || c == '.' || c == ')' || c == ':').to_ascii_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect();
        if words.len() != WORDS {
            return Err(IdentityError::Invalid("recovery key: 24 words"));
        }
        let m = bip39::Mnemonic::parse_in_normalized(bip39::Language::English, &words.join(" "))
            .map_err(|_| IdentityError::Invalid("recovery key: a word is not on the list or one is mistyped"))?;
        let (array, len) = m.to_entropy_array();
        let entropy: [u8; 32] =
            array[..len].try_into().map_err(|_| IdentityError::Invalid("recovery key: 24 words"))?;
        Ok(RecoveryKey { entropy })
    }

    /// The age secret key the words stand for (a hash of them, under this scheme's own label).
    pub(crate) fn age_identity(&self) -> age::x25519::Identity {
        let mut h = Sha256::new();
        h.update(b"sango recovery key/1\0");
        h.update(self.entropy);
        let secret = h.finalize();
        let text = bech32::encode("age-secret-key-", secret.to_base32(), bech32::Variant::Bech32)
            .expect("a fixed prefix encodes");
        age::x25519::Identity::from_str(&text.to_uppercase()).expect("32 bytes are an X25519 secret key")
    }

    /// The public half, which the install keeps and encrypts every backup to.
    pub fn recipient(&self) -> age::x25519::Recipient {
        self.age_identity().to_public()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_read_back_to_the_same_key_however_they_are_written() {
        let key = RecoveryKey::generate().unwrap();
        let words = key.words();
        assert_eq!(words.split(' ').count(), WORDS);
        let numbered: String =
            words.split(' ').enumerate().map(|(i, w)| format!("{}. {}\n", i + 1, w.to_uppercase())).collect();
        for text in [words.clone(), numbered, format!("  {}  ", words.replace(' ', "\n"))] {
            assert_eq!(RecoveryKey::parse(&text).unwrap().recipient().to_string(), key.recipient().to_string());
        }
    }

    #[test]
    fn a_mistyped_or_missing_word_is_refused() {
        let key = RecoveryKey::generate().unwrap();
        let words = key.words();
        let mut v: Vec<&str> = words.split(' ').collect();
        assert!(RecoveryKey::parse(&v[..23].join(" ")).is_err(), "23 words");
        v[3] = if v[3] == "abandon" { "ability" } else { "abandon" };
        // The checksum catches a changed word 255 times in 256; otherwise it names another key.
        let changed = RecoveryKey::parse(&v.join(" ")).map(|k| k.recipient().to_string());
        assert_ne!(changed, Ok(key.recipient().to_string()));
        assert!(RecoveryKey::parse(&"notaword ".repeat(24)).is_err());
    }

    #[test]
    fn two_keys_differ_and_debug_shows_no_secret() {
        let (a, b) = (RecoveryKey::generate().unwrap(), RecoveryKey::generate().unwrap());
        assert_ne!(a.recipient().to_string(), b.recipient().to_string());
        let shown = format!("{a:?}");
        assert!(!shown.contains(&a.words()) && !shown.contains("AGE-SECRET-KEY"), "{shown}");
    }
}
