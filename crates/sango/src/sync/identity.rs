//! An install's identity and the public cards installs exchange.
//!
//! Every install holds two secret keys: an ed25519 key that signs what it sends, and an X25519 key in
//! the `age` format that opens what is sent to it. The public halves travel as a *card*: the ward's
//! card ([`WardCard`]) is installed at every facility's `init`; a facility's card ([`FacilityCard`]) is
//! pinned by the ward the first time it sees the facility (inside a signed export, or from a card file).
//!
//! A card is signed by its own ed25519 key, so its age recipient cannot be swapped alone; the whole card
//! is trusted by how it arrived (handed over at set-up), and its [`KeyId`] is short enough to read out
//! over the phone to compare.

use std::fmt;
use std::str::FromStr;

use age::secrecy::ExposeSecret;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::types::FacilityId;

/// Which side of the program an install is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "kebab-case")]
pub enum Role {
    /// The ward office (練馬区): approves, pays claims, sends rosters.
    Ward,
    /// One facility of the directory (委託事業者).
    Facility { facility: FacilityId },
}

/// A short fingerprint of a card's two public keys: 8 bytes of SHA-256, as 16 hex digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(pub(crate) [u8; 8]);

impl KeyId {
    /// The fingerprint of an ed25519 public key together with its age recipient.
    pub(crate) fn of(public_key: &VerifyingKey, age_recipient: &str) -> KeyId {
        let mut h = Sha256::new();
        h.update(b"sango key id\0");
        h.update(public_key.as_bytes());
        h.update(age_recipient.as_bytes());
        let digest = h.finalize();
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[..8]);
        KeyId(id)
    }

    pub fn as_bytes(&self) -> &[u8; 8] {
        &self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

impl FromStr for KeyId {
    type Err = IdentityError;
    fn from_str(s: &str) -> Result<KeyId, IdentityError> {
        let mut id = [0u8; 8];
        hex::decode_to_slice(s.trim(), &mut id).map_err(|_| IdentityError::Invalid("key id: 16 hex digits"))?;
        Ok(KeyId(id))
    }
}

impl Serialize for KeyId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for KeyId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<KeyId, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A card, an identity file or a key that does not parse or does not hold together.
/// Maps to exit code 4 (bad input) unless it is a card whose self-signature fails (5).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("not a valid identity or card: {0}")]
    Invalid(&'static str),
    #[error("the card's signature does not match its keys: it was altered")]
    CardAltered,
    #[error("the operating system's random source failed")]
    Random,
}

impl IdentityError {
    pub fn exit_code(&self) -> i32 {
        match self {
            IdentityError::Invalid(_) => 4,
            IdentityError::CardAltered => 5,
            IdentityError::Random => 1,
        }
    }
}

/// An install's secret identity. `Debug` never prints a secret.
#[derive(Clone)]
pub struct Identity {
    role: Role,
    signing: SigningKey,
    decrypting: age::x25519::Identity,
    /// The public half of the install's recovery key: every backup is encrypted to it. `None` only
    /// in an identity written before recovery keys existed (such an install cannot back up).
    recovery: Option<age::x25519::Recipient>,
}

/// On-disk form of [`Identity`]; the ledger writes it with 0600 permissions.
#[derive(Serialize, Deserialize)]
struct IdentityFile {
    format: u32,
    #[serde(flatten)]
    role: Role,
    /// The ed25519 secret seed, 32 bytes as hex.
    signing_key: String,
    /// The age X25519 secret key, `AGE-SECRET-KEY-1…`.
    age_identity: String,
    /// The recovery key's public half, `age1…` (its secret is never on the machine).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recovery_recipient: Option<String>,
}

const IDENTITY_FORMAT: u32 = 1;

impl Identity {
    /// Makes a new identity from the operating system's random source.
    ///
    /// This is one of the two places the core touches randomness (the other is the `age` encryption
    /// itself, which needs fresh ephemeral keys): both are explicit calls, made once at `init`.
    ///
    /// # Errors
    /// [`IdentityError::Random`] when the OS refuses randomness.
    pub fn generate(role: Role) -> Result<Identity, IdentityError> {
        let mut seed = [0u8; 32];
        getrandom::getrandom(&mut seed).map_err(|_| IdentityError::Random)?;
        let signing = SigningKey::from_bytes(&seed);
        seed.fill(0);
        Ok(Identity { role, signing, decrypting: age::x25519::Identity::generate(), recovery: None })
    }

    /// This identity, encrypting its backups to `recovery` (the public half of the recovery key).
    pub fn with_recovery(mut self, recovery: age::x25519::Recipient) -> Identity {
        self.recovery = Some(recovery);
        self
    }

    /// What every backup is encrypted to; `None` for an identity from before recovery keys.
    pub fn recovery_recipient(&self) -> Option<&age::x25519::Recipient> {
        self.recovery.as_ref()
    }

    pub fn role(&self) -> &Role {
        &self.role
    }

    pub fn public_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    pub fn age_recipient(&self) -> age::x25519::Recipient {
        self.decrypting.to_public()
    }

    pub fn key_id(&self) -> KeyId {
        KeyId::of(&self.public_key(), &self.age_recipient().to_string())
    }

    pub(crate) fn sign(&self, message: &[u8]) -> Signature {
        self.signing.sign(message)
    }

    pub(crate) fn age_identity(&self) -> &age::x25519::Identity {
        &self.decrypting
    }

    /// The secret identity as JSON, for the ledger to keep in the data folder (and in backups).
    pub fn to_json(&self) -> String {
        let file = IdentityFile {
            format: IDENTITY_FORMAT,
            role: self.role.clone(),
            signing_key: hex::encode(self.signing.to_bytes()),
            age_identity: self.decrypting.to_string().expose_secret().to_string(),
            recovery_recipient: self.recovery.as_ref().map(|r| r.to_string()),
        };
        serde_json::to_string_pretty(&file).expect("an identity always serializes")
    }

    /// # Errors
    /// [`IdentityError::Invalid`] when the text is not an identity file of a known format.
    pub fn from_json(text: &str) -> Result<Identity, IdentityError> {
        let file: IdentityFile =
            serde_json::from_str(text).map_err(|_| IdentityError::Invalid("identity: not an identity file"))?;
        if file.format != IDENTITY_FORMAT {
            return Err(IdentityError::Invalid("identity: unknown format version"));
        }
        let mut seed = [0u8; 32];
        hex::decode_to_slice(&file.signing_key, &mut seed)
            .map_err(|_| IdentityError::Invalid("identity: signing key must be 64 hex digits"))?;
        let signing = SigningKey::from_bytes(&seed);
        seed.fill(0);
        let decrypting = age::x25519::Identity::from_str(&file.age_identity)
            .map_err(|_| IdentityError::Invalid("identity: not an age secret key"))?;
        let recovery =
            file.recovery_recipient.as_deref().map(age::x25519::Recipient::from_str).transpose().map_err(|_| {
                IdentityError::Invalid("identity: the recovery key's public half is not an age recipient")
            })?;
        Ok(Identity { role: file.role, signing, decrypting, recovery })
    }

    /// The ward's public card, to print or write for facilities' `init`.
    ///
    /// # Errors
    /// [`IdentityError::Invalid`] when this is not the ward's identity or name/contact are empty.
    pub fn ward_card(&self, name: &str, contact: &str) -> Result<WardCard, IdentityError> {
        self.ward_card_carrying(name, contact, None, None)
    }

    /// The ward's card carrying the program (TOML) and the facility directory (JSON) in force, so
    /// a facility set up from it applies the ward's rules and knows the ward's facilities; both
    /// are under the card's signature.
    ///
    /// # Errors
    /// As [`Identity::ward_card`].
    pub fn ward_card_carrying(
        &self,
        name: &str,
        contact: &str,
        program_toml: Option<&str>,
        directory_json: Option<&str>,
    ) -> Result<WardCard, IdentityError> {
        if self.role != Role::Ward {
            return Err(IdentityError::Invalid("only the ward has a ward card"));
        }
        let body = CardBody {
            format: CARD_FORMAT,
            role: Role::Ward,
            name: clean_text(name, "card name")?,
            contact: clean_text(contact, "card contact")?,
            public_key: hex::encode(self.public_key().as_bytes()),
            age_recipient: self.age_recipient().to_string(),
            key_id: self.key_id(),
            program_toml: program_toml.map(str::to_string),
            directory_json: directory_json.map(str::to_string),
        };
        let signature = hex::encode(self.sign(&body.signed_bytes()).to_bytes());
        Ok(WardCard(Card { body, signature }))
    }

    /// This facility's public card (named by its facility id), for the ward to pin ahead of its first
    /// export; every export also carries it.
    ///
    /// # Errors
    /// [`IdentityError::Invalid`] when this is the ward's identity.
    pub fn facility_card(&self) -> Result<FacilityCard, IdentityError> {
        let Role::Facility { facility } = &self.role else {
            return Err(IdentityError::Invalid("only a facility has a facility card"));
        };
        let body = CardBody {
            format: CARD_FORMAT,
            role: self.role.clone(),
            name: facility.to_string(),
            contact: String::new(),
            public_key: hex::encode(self.public_key().as_bytes()),
            age_recipient: self.age_recipient().to_string(),
            key_id: self.key_id(),
            program_toml: None,
            directory_json: None,
        };
        let signature = hex::encode(self.sign(&body.signed_bytes()).to_bytes());
        Ok(FacilityCard(Card { body, signature }))
    }
}

impl fmt::Debug for Identity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Identity").field("role", &self.role).field("key_id", &self.key_id()).finish_non_exhaustive()
    }
}

fn clean_text(s: &str, what: &'static str) -> Result<String, IdentityError> {
    let t = s.trim();
    if t.is_empty() || t.chars().count() > 200 || t.chars().any(char::is_control) {
        return Err(IdentityError::Invalid(what));
    }
    Ok(t.to_string())
}

const CARD_FORMAT: u32 = 1;

/// The signed part of a card; field order is the signed byte order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct CardBody {
    format: u32,
    #[serde(flatten)]
    role: Role,
    name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    contact: String,
    /// ed25519 public key, 32 bytes as hex.
    public_key: String,
    /// age X25519 recipient, `age1…`.
    age_recipient: String,
    key_id: KeyId,
    /// Ward: the program in force (TOML), signed with the rest; absent on cards made before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    program_toml: Option<String>,
    /// Ward: the facility directory in force (JSON), likewise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    directory_json: Option<String>,
}

impl CardBody {
    fn signed_bytes(&self) -> Vec<u8> {
        let mut out = b"sango-card/1\0".to_vec();
        out.extend(serde_json::to_vec(self).expect("a card always serializes"));
        out
    }
}

/// A signed public card; [`WardCard`] and [`FacilityCard`] are the two kinds, checked at reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    #[serde(flatten)]
    body: CardBody,
    /// The card's ed25519 self-signature, 64 bytes as hex.
    signature: String,
}

/// What every card answers, ward's or facility's.
impl Card {
    pub fn name(&self) -> &str {
        &self.body.name
    }
    pub fn key_id(&self) -> KeyId {
        self.body.key_id
    }
    pub fn public_key(&self) -> VerifyingKey {
        parse_public_key(&self.body.public_key).expect("checked when the card was made or read")
    }
    pub fn age_recipient(&self) -> age::x25519::Recipient {
        age::x25519::Recipient::from_str(&self.body.age_recipient).expect("checked when the card was made or read")
    }
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a card always serializes")
    }

    /// Checks that the card holds together: known format, keys parse, key id matches, self-signature.
    fn check(&self) -> Result<(), IdentityError> {
        let b = &self.body;
        if b.format != CARD_FORMAT {
            return Err(IdentityError::Invalid("card: unknown format version"));
        }
        clean_text(&b.name, "card name")?;
        let public_key = parse_public_key(&b.public_key)?;
        age::x25519::Recipient::from_str(&b.age_recipient)
            .map_err(|_| IdentityError::Invalid("card: not an age recipient"))?;
        let mut sig = [0u8; 64];
        hex::decode_to_slice(&self.signature, &mut sig).map_err(|_| IdentityError::Invalid("card: signature"))?;
        if KeyId::of(&public_key, &b.age_recipient) != b.key_id {
            return Err(IdentityError::CardAltered);
        }
        public_key.verify(&b.signed_bytes(), &Signature::from_bytes(&sig)).map_err(|_| IdentityError::CardAltered)
    }

    fn from_json(text: &str) -> Result<Card, IdentityError> {
        let card: Card = serde_json::from_str(text).map_err(|_| IdentityError::Invalid("card: not a card file"))?;
        card.check()?;
        Ok(card)
    }
}

pub(crate) fn parse_public_key(hex_text: &str) -> Result<VerifyingKey, IdentityError> {
    let mut pk = [0u8; 32];
    hex::decode_to_slice(hex_text, &mut pk).map_err(|_| IdentityError::Invalid("public key: 64 hex digits"))?;
    VerifyingKey::from_bytes(&pk).map_err(|_| IdentityError::Invalid("public key: not an ed25519 point"))
}

/// The ward's public card (区の公開カード): name, contact, its two public keys and their key id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WardCard(Card);

impl WardCard {
    pub fn contact(&self) -> &str {
        &self.0.body.contact
    }

    /// The program the ward applies, as its card carries it (TOML; checked by whoever applies it).
    pub fn program_toml(&self) -> Option<&str> {
        self.0.body.program_toml.as_deref()
    }

    /// The ward's facility directory, as its card carries it (JSON).
    pub fn directory_json(&self) -> Option<&str> {
        self.0.body.directory_json.as_deref()
    }

    /// # Errors
    /// [`IdentityError::Invalid`] for anything but a well-formed ward card;
    /// [`IdentityError::CardAltered`] when its self-signature or key id do not match.
    pub fn from_json(text: &str) -> Result<WardCard, IdentityError> {
        let card = Card::from_json(text)?;
        if card.body.role != Role::Ward {
            return Err(IdentityError::Invalid("card: not the ward's card"));
        }
        if card.body.contact.trim().is_empty() {
            return Err(IdentityError::Invalid("card: the ward's contact is missing"));
        }
        Ok(WardCard(card))
    }
}

/// A facility's public card, pinned by the ward on first sight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilityCard(Card);

impl std::ops::Deref for WardCard {
    type Target = Card;
    fn deref(&self) -> &Card {
        &self.0
    }
}

impl std::ops::Deref for FacilityCard {
    type Target = Card;
    fn deref(&self) -> &Card {
        &self.0
    }
}

impl FacilityCard {
    pub fn facility(&self) -> &FacilityId {
        match &self.0.body.role {
            Role::Facility { facility } => facility,
            Role::Ward => unreachable!("a FacilityCard always has the facility role"),
        }
    }

    /// # Errors
    /// As [`WardCard::from_json`], for a facility's card.
    pub fn from_json(text: &str) -> Result<FacilityCard, IdentityError> {
        let card = Card::from_json(text)?;
        if !matches!(card.body.role, Role::Facility { .. }) {
            return Err(IdentityError::Invalid("card: not a facility's card"));
        }
        Ok(FacilityCard(card))
    }

    /// The card as a JSON value, for the bundle manifest that carries it.
    pub(crate) fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(&self.0).expect("a card always serializes")
    }

    pub(crate) fn from_value(v: serde_json::Value) -> Result<FacilityCard, IdentityError> {
        let card: Card = serde_json::from_value(v).map_err(|_| IdentityError::Invalid("card: not a card"))?;
        card.check()?;
        if !matches!(card.body.role, Role::Facility { .. }) {
            return Err(IdentityError::Invalid("card: not a facility's card"));
        }
        Ok(FacilityCard(card))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn facility(id: &str) -> Identity {
        Identity::generate(Role::Facility { facility: id.parse().unwrap() }).unwrap()
    }

    #[test]
    fn an_identity_survives_its_json_file() {
        let me = facility("tsumugi");
        let back = Identity::from_json(&me.to_json()).unwrap();
        assert_eq!(back.role(), me.role());
        assert_eq!(back.key_id(), me.key_id());
        assert_eq!(back.age_recipient().to_string(), me.age_recipient().to_string());
        assert!(Identity::from_json("{}").is_err());
        assert!(Identity::from_json(&me.to_json().replace("\"format\": 1", "\"format\": 2")).is_err());
    }

    #[test]
    fn debug_never_prints_a_secret() {
        let me = facility("tsumugi");
        let text = format!("{me:?}");
        assert!(!text.contains("AGE-SECRET-KEY"));
        let seed = hex::encode(me.signing.to_bytes());
        assert!(!text.contains(&seed));
    }

    #[test]
    fn key_ids_are_sixteen_hex_digits_and_differ_per_install() {
        let a = facility("a");
        let b = facility("a");
        assert_eq!(a.key_id().to_string().len(), 16);
        assert_ne!(a.key_id(), b.key_id());
        assert_eq!(a.key_id().to_string().parse::<KeyId>().unwrap(), a.key_id());
    }

    #[test]
    fn a_ward_card_round_trips_and_names_the_ward() {
        let ward = Identity::generate(Role::Ward).unwrap();
        let card = ward.ward_card("練馬区", "健康部 03-0000-0000").unwrap();
        let back = WardCard::from_json(&card.to_json()).unwrap();
        assert_eq!(back, card);
        assert_eq!(back.name(), "練馬区");
        assert_eq!(back.key_id(), ward.key_id());
        assert_eq!(back.public_key(), ward.public_key());
    }

    #[test]
    fn the_program_and_directory_a_ward_card_carries_are_signed_with_it() {
        let ward = Identity::generate(Role::Ward).unwrap();
        let text = ward
            .ward_card_carrying("中野区", "03", Some("id = \"nakano\""), Some("{\"version\": 1}"))
            .unwrap()
            .to_json();
        let back = WardCard::from_json(&text).unwrap();
        assert_eq!((back.program_toml(), back.directory_json()), (Some("id = \"nakano\""), Some("{\"version\": 1}")));
        // A program swapped on the way is not the ward's: the card no longer verifies.
        let swapped = text.replace("nakano", "nerima");
        assert_eq!(WardCard::from_json(&swapped), Err(IdentityError::CardAltered));
        // A card made without them reads as before.
        assert_eq!(
            WardCard::from_json(&ward.ward_card("中野区", "03").unwrap().to_json()).unwrap().program_toml(),
            None
        );
    }

    #[test]
    fn a_card_with_a_swapped_recipient_is_refused_as_altered() {
        let ward = Identity::generate(Role::Ward).unwrap();
        let other = Identity::generate(Role::Ward).unwrap();
        let text = ward.ward_card("練馬区", "03").unwrap().to_json();
        let swapped = text.replace(&ward.age_recipient().to_string(), &other.age_recipient().to_string());
        assert_eq!(WardCard::from_json(&swapped), Err(IdentityError::CardAltered));
        let renamed = text.replace("練馬区", "杉並区");
        assert_eq!(WardCard::from_json(&renamed), Err(IdentityError::CardAltered));
    }

    #[test]
    fn cards_of_the_wrong_role_are_refused() {
        let ward = Identity::generate(Role::Ward).unwrap();
        let fac = facility("tsumugi");
        assert!(fac.ward_card("x", "y").is_err());
        assert!(ward.facility_card().is_err());
        let fcard = fac.facility_card().unwrap();
        assert!(matches!(WardCard::from_json(&fcard.to_json()), Err(IdentityError::Invalid(_))));
        let back = FacilityCard::from_json(&fcard.to_json()).unwrap();
        assert_eq!(back.facility().as_str(), "tsumugi");
        assert_eq!(back.key_id(), fac.key_id());
        assert!(matches!(WardCard::from_json("not json"), Err(IdentityError::Invalid(_))));
    }
}
