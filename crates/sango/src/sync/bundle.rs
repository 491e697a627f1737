//! The bundle file: what a facility sends the ward (`export`) and the ward sends facilities (`roster`).
//!
//! # Format, version 1
//! ```text
//! "sango-bundle/1\n"                      the only part in clear: says what the file is
//! age v1 file (X25519 recipients) of:
//!     u32 big-endian  manifest length
//!     manifest        JSON, see `Manifest`
//!     64 bytes        ed25519 signature by the sender over "sango-bundle/1 manifest\0" ‖ manifest
//!     payload         opaque bytes from the ledger; its length and SHA-256 are in the manifest
//! ```
//! Sign, then encrypt: the signed manifest names the recipients' key ids, so a recipient that can
//! decrypt a bundle cannot re-encrypt it to someone else and have it accepted (the recipient check
//! fails), and the payload is bound to the signature by its hash.
//!
//! # Who can read what
//! Both kinds are encrypted, because both carry names, approvals and care (要配慮個人情報):
//! - an export is encrypted to the ward alone;
//! - a roster is encrypted to every facility the ward has registered and not revoked, plus the ward
//!   itself (so the ward can read its own rosters back). The ward registers a facility by its own act
//!   (`facility add`, the card read back by its fingerprint); a card alone, or an export that carries
//!   one, registers nothing: the ward card is public, and anyone holding it can make a "facility".
//!   We prefer this to one key shared by all facilities: a shared secret would leak with any one PC,
//!   could not be revoked for one facility, and would have to be distributed by hand.
//!
//! # Exit codes
//! A file that does not begin with the magic line is not a bundle (exit 4), and so is one of a format
//! version we do not know. Everything after the magic line is authenticated: any change to it, a cut,
//! junk appended, a wrong key or sender is an integrity or authenticity failure (exit 5).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use chrono::{DateTime, FixedOffset};
use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::identity::{parse_public_key, FacilityCard, Identity, KeyId, Role, WardCard};
use crate::types::FacilityId;

const MAGIC_PREFIX: &[u8] = b"sango-bundle/";
const FORMAT: u32 = 1;
const SIGNATURE_CONTEXT: &[u8] = b"sango-bundle/1 manifest\0";
const MANIFEST_LEN_MAX: usize = 64 * 1024;
/// The magic line is short; a longer "first line" is not ours.
const MAGIC_LINE_MAX: usize = 32;

/// What a bundle is, read from its signed manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum BundleKind {
    /// Facility → ward: the facility's journal entries `first_seq..=last_seq`.
    Export { facility: FacilityId, first_seq: u64, last_seq: u64 },
    /// Ward → facilities: approvals, births and usage to date. `generation` grows by one per roster;
    /// a facility refuses one not newer than the last it imported (the ledger keeps that number).
    Roster { generation: u64 },
}

/// The signed header of a bundle.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    #[serde(flatten)]
    kind: BundleKind,
    /// The signer's ed25519 public key, hex.
    from_key: String,
    /// Exports only: the facility's whole card, checked against the ward's registration (and shown
    /// to the ward, to register it, when it is not registered yet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    from_card: Option<serde_json::Value>,
    /// Key ids of every install this bundle is meant for.
    to: Vec<KeyId>,
    created_at: DateTime<FixedOffset>,
    payload_len: u64,
    payload_sha256: String,
}

/// What this install trusts as the sender of a bundle.
#[derive(Debug, Clone)]
pub enum Trust {
    /// A facility trusts exactly the ward card installed at `init`.
    Facility { ward: WardCard },
    /// The ward trusts, per facility id, the one card it registered, unless its key was revoked.
    Ward { registered: BTreeMap<FacilityId, FacilityCard>, revoked: BTreeSet<KeyId> },
}

/// A bundle that passed every check; nothing is returned before that.
#[derive(Debug, Clone)]
pub struct OpenedBundle {
    pub kind: BundleKind,
    pub created_at: DateTime<FixedOffset>,
    /// The key id of the install that signed it.
    pub signer: KeyId,
    pub payload: Vec<u8>,
    /// Exports: the sender's card (registered, since the bundle was accepted).
    pub card: Option<FacilityCard>,
}

/// Why a bundle was refused, or could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BundleError {
    #[error("this file is not a Sango bundle")]
    NotABundle,
    #[error("this bundle has format version {0:?}, which this version of Sango does not know")]
    UnknownFormat(String),
    #[error("this bundle is not addressed to this install's key, or its envelope is damaged")]
    Undecryptable,
    #[error("this bundle is damaged: cut short or altered")]
    Damaged,
    #[error("this bundle carries no valid signed manifest")]
    Unsigned,
    #[error("the bundle's signature does not match its contents: it was altered")]
    BadSignature,
    #[error("this bundle was signed by a key this install does not trust")]
    Foreign,
    #[error("this bundle was addressed to another install")]
    WrongRecipient,
    #[error("the bundle's contents do not match its signed manifest")]
    PayloadMismatch,
    #[error("facility {0} is not registered at this ward (its key {1} is unknown here)")]
    Unregistered(FacilityId, KeyId),
    #[error("the key {1} of facility {0} was revoked at this ward")]
    Revoked(FacilityId, KeyId),
    #[error("facility {0} is registered with another key; this bundle was signed by a different one")]
    SignerMismatch(FacilityId),
    #[error("this key already belongs to facility {0}")]
    KeyReused(FacilityId),
    #[error("a {0} bundle cannot be imported here")]
    UnexpectedKind(&'static str),
    #[error("cannot make this bundle: {0}")]
    Seal(&'static str),
}

impl BundleError {
    /// The CLI exit code: 4 for a file that is not a bundle we know, 5 for integrity or authenticity.
    pub fn exit_code(&self) -> i32 {
        self.code().kind().exit_code()
    }

    /// A stable code for the JSON error and the UI.
    pub fn code(&self) -> crate::app::ErrorCode {
        use crate::app::ErrorCode as C;
        match self {
            BundleError::NotABundle => C::NotABundle,
            BundleError::UnknownFormat(_) => C::UnknownFormat,
            BundleError::Undecryptable => C::Undecryptable,
            BundleError::Damaged => C::Damaged,
            BundleError::Unsigned => C::Unsigned,
            BundleError::BadSignature => C::BadSignature,
            BundleError::Foreign => C::ForeignSigner,
            BundleError::WrongRecipient => C::WrongRecipient,
            BundleError::PayloadMismatch => C::PayloadMismatch,
            BundleError::Unregistered(..) => C::FacilityNotRegistered,
            BundleError::Revoked(..) => C::FacilityRevoked,
            BundleError::SignerMismatch(_) => C::SignerMismatch,
            BundleError::KeyReused(_) => C::KeyReused,
            BundleError::UnexpectedKind(_) => C::UnexpectedKind,
            BundleError::Seal(_) => C::SealFailed,
        }
    }
}

/// Seals a facility's export for the ward.
///
/// # Errors
/// [`BundleError::Seal`] when `me` is not a facility's identity or encryption fails.
pub fn seal_export(
    payload: &[u8],
    first_seq: u64,
    last_seq: u64,
    created_at: DateTime<FixedOffset>,
    me: &Identity,
    ward: &WardCard,
) -> Result<Vec<u8>, BundleError> {
    let Role::Facility { facility } = me.role() else {
        return Err(BundleError::Seal("only a facility exports"));
    };
    let card = me.facility_card().map_err(|_| BundleError::Seal("facility card"))?;
    let kind = BundleKind::Export { facility: facility.clone(), first_seq, last_seq };
    let manifest = manifest(kind, me, Some(card.to_value()), vec![ward.key_id()], created_at, payload);
    seal(&manifest, payload, me, &[ward.age_recipient()])
}

/// Seals the ward's roster for every registered facility (and the ward itself).
///
/// # Errors
/// [`BundleError::Seal`] when `me` is not the ward's identity or encryption fails.
pub fn seal_roster<'a>(
    payload: &[u8],
    generation: u64,
    created_at: DateTime<FixedOffset>,
    me: &Identity,
    facilities: impl IntoIterator<Item = &'a FacilityCard>,
) -> Result<Vec<u8>, BundleError> {
    if *me.role() != Role::Ward {
        return Err(BundleError::Seal("only the ward sends rosters"));
    }
    let mut to = vec![me.key_id()];
    let mut recipients = vec![me.age_recipient()];
    for card in facilities {
        to.push(card.key_id());
        recipients.push(card.age_recipient());
    }
    let manifest = manifest(BundleKind::Roster { generation }, me, None, to, created_at, payload);
    seal(&manifest, payload, me, &recipients)
}

/// Seals `payload` to one facility's key alone (an age file, no manifest): a part of a signed
/// roster meant for that facility only (the ward's answers to its referrals).
///
/// # Errors
/// [`BundleError::Seal`] when encryption fails.
pub fn seal_to(payload: &[u8], card: &FacilityCard) -> Result<Vec<u8>, BundleError> {
    let recipient = card.age_recipient();
    let encryptor = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient))
        .map_err(|_| BundleError::Seal("no recipient"))?;
    let mut out = Vec::new();
    let mut writer = encryptor.wrap_output(&mut out).map_err(|_| BundleError::Seal("encryption"))?;
    std::io::Write::write_all(&mut writer, payload).map_err(|_| BundleError::Seal("encryption"))?;
    writer.finish().map_err(|_| BundleError::Seal("encryption"))?;
    Ok(out)
}

/// Opens what [`seal_to`] sealed to `me`.
///
/// # Errors
/// [`BundleError::Undecryptable`] when it is not sealed to `me`, [`BundleError::Damaged`] else.
pub fn open_sealed(sealed: &[u8], me: &Identity) -> Result<Vec<u8>, BundleError> {
    decrypt(sealed, me)
}

fn manifest(
    kind: BundleKind,
    me: &Identity,
    from_card: Option<serde_json::Value>,
    to: Vec<KeyId>,
    created_at: DateTime<FixedOffset>,
    payload: &[u8],
) -> Manifest {
    Manifest {
        format: FORMAT,
        kind,
        from_key: hex::encode(me.public_key().as_bytes()),
        from_card,
        to,
        created_at,
        payload_len: payload.len() as u64,
        payload_sha256: hex::encode(Sha256::digest(payload)),
    }
}

fn seal(
    manifest: &Manifest,
    payload: &[u8],
    me: &Identity,
    recipients: &[age::x25519::Recipient],
) -> Result<Vec<u8>, BundleError> {
    let manifest = serde_json::to_vec(manifest).expect("a manifest always serializes");
    if manifest.len() > MANIFEST_LEN_MAX {
        return Err(BundleError::Seal("too many recipients"));
    }
    let signature = me.sign(&signed_bytes(&manifest));

    let mut inner = Vec::with_capacity(4 + manifest.len() + 64 + payload.len());
    inner.extend((manifest.len() as u32).to_be_bytes());
    inner.extend(&manifest);
    inner.extend(signature.to_bytes());
    inner.extend(payload);

    encrypt(&inner, recipients)
}

/// The magic line, then `inner` as an age file to `recipients`.
fn encrypt(inner: &[u8], recipients: &[age::x25519::Recipient]) -> Result<Vec<u8>, BundleError> {
    let encryptor = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|_| BundleError::Seal("no recipient"))?;
    let mut out = MAGIC_PREFIX.to_vec();
    out.extend(format!("{FORMAT}\n").as_bytes());
    let mut writer = encryptor.wrap_output(&mut out).map_err(|_| BundleError::Seal("encryption"))?;
    std::io::Write::write_all(&mut writer, inner).map_err(|_| BundleError::Seal("encryption"))?;
    writer.finish().map_err(|_| BundleError::Seal("encryption"))?;
    Ok(out)
}

fn signed_bytes(manifest: &[u8]) -> Vec<u8> {
    let mut out = SIGNATURE_CONTEXT.to_vec();
    out.extend(manifest);
    out
}

/// Opens a bundle: decrypts it with `me`, checks the signature against `trust`, that it is addressed
/// to `me`, and that the payload is the one signed. Returns nothing unless every check passes.
///
/// # Errors
/// See [`BundleError`]; [`BundleError::exit_code`] gives the CLI's code.
pub fn open_bundle(bytes: &[u8], me: &Identity, trust: &Trust) -> Result<OpenedBundle, BundleError> {
    let (manifest, expected, payload) = open_signed(bytes, me, trust)?;
    check_registered(trust, expected.card.as_ref())?;
    Ok(OpenedBundle {
        kind: manifest.kind,
        created_at: manifest.created_at,
        signer: expected.key_id,
        payload,
        card: expected.card,
    })
}

/// Ward: the card of the facility that signed an export, checked only against itself (its
/// signature holds and it is addressed to this ward), so that the ward can read its fingerprint
/// back to the facility before registering it. Believing it is the ward's act, not this function's.
///
/// # Errors
/// As [`open_bundle`], but never for being unregistered or revoked.
pub fn export_sender(bytes: &[u8], me: &Identity) -> Result<FacilityCard, BundleError> {
    let trust = Trust::Ward { registered: BTreeMap::new(), revoked: BTreeSet::new() };
    let (_, expected, _) = open_signed(bytes, me, &trust)?;
    expected.card.ok_or(BundleError::UnexpectedKind("roster"))
}

/// Every check but the ward's registration: decrypted, signed by the key the manifest names (for
/// a roster, the one `trust` names), addressed to `me`, the payload the one signed.
fn open_signed(bytes: &[u8], me: &Identity, trust: &Trust) -> Result<(Manifest, Expected, Vec<u8>), BundleError> {
    let sealed = strip_magic(bytes)?;
    let inner = decrypt(sealed, me)?;
    let (manifest_bytes, signature, payload) = split_inner(&inner)?;
    let manifest: Manifest = serde_json::from_slice(manifest_bytes).map_err(|_| BundleError::Unsigned)?;
    let signed_key = parse_public_key(&manifest.from_key).map_err(|_| BundleError::Unsigned)?;

    // Which key must have signed, before anything in the manifest is believed.
    let expected = expected_signer(&manifest, signed_key, me, trust)?;
    expected.key.verify_strict(&signed_bytes(manifest_bytes), &signature).map_err(|_| BundleError::BadSignature)?;

    if manifest.format != FORMAT {
        // Signed, but disagreeing with the magic line it travelled under.
        return Err(BundleError::Unsigned);
    }
    if !manifest.to.contains(&me.key_id()) {
        return Err(BundleError::WrongRecipient);
    }
    if manifest.payload_len != payload.len() as u64 || manifest.payload_sha256 != hex::encode(Sha256::digest(payload)) {
        return Err(BundleError::PayloadMismatch);
    }
    let payload = payload.to_vec();
    Ok((manifest, expected, payload))
}

/// The bytes after the magic line, or why this is not a bundle we know.
fn strip_magic(bytes: &[u8]) -> Result<&[u8], BundleError> {
    let Some(rest) = bytes.strip_prefix(MAGIC_PREFIX) else {
        return Err(BundleError::NotABundle);
    };
    let line_end = rest.iter().take(MAGIC_LINE_MAX).position(|b| *b == b'\n').ok_or(BundleError::NotABundle)?;
    let version = &rest[..line_end];
    if version != FORMAT.to_string().as_bytes() {
        return Err(BundleError::UnknownFormat(String::from_utf8_lossy(version).into_owned()));
    }
    Ok(&rest[line_end + 1..])
}

fn decrypt(sealed: &[u8], me: &Identity) -> Result<Vec<u8>, BundleError> {
    let decryptor = age::Decryptor::new_buffered(sealed).map_err(|_| BundleError::Damaged)?;
    let mut reader =
        decryptor.decrypt(std::iter::once(me.age_identity() as &dyn age::Identity)).map_err(|e| match e {
            age::DecryptError::NoMatchingKeys => BundleError::Undecryptable,
            _ => BundleError::Damaged,
        })?;
    let mut inner = Vec::new();
    reader.read_to_end(&mut inner).map_err(|_| BundleError::Damaged)?;
    Ok(inner)
}

fn split_inner(inner: &[u8]) -> Result<(&[u8], Signature, &[u8]), BundleError> {
    let (len, rest) = inner.split_first_chunk::<4>().ok_or(BundleError::Unsigned)?;
    let len = u32::from_be_bytes(*len) as usize;
    if len > MANIFEST_LEN_MAX || rest.len() < len + 64 {
        return Err(BundleError::Unsigned);
    }
    let (manifest, rest) = rest.split_at(len);
    let (signature, payload) = rest.split_first_chunk::<64>().ok_or(BundleError::Unsigned)?;
    Ok((manifest, Signature::from_bytes(signature), payload))
}

/// Who must have signed a manifest, as this install sees it.
struct Expected {
    key: VerifyingKey,
    key_id: KeyId,
    /// Exports: the facility's card the manifest carries, checked against the registrations after the signature.
    card: Option<FacilityCard>,
}

/// The key that must have signed this manifest. Nothing here is believed yet: it only picks the key.
fn expected_signer(
    manifest: &Manifest,
    signed_key: VerifyingKey,
    me: &Identity,
    trust: &Trust,
) -> Result<Expected, BundleError> {
    match (trust, &manifest.kind) {
        (Trust::Facility { ward }, BundleKind::Roster { .. }) => {
            if signed_key != ward.public_key() {
                return Err(BundleError::Foreign);
            }
            Ok(Expected { key: ward.public_key(), key_id: ward.key_id(), card: None })
        }
        (Trust::Facility { .. }, BundleKind::Export { .. }) => Err(BundleError::UnexpectedKind("export")),
        (Trust::Ward { .. }, BundleKind::Roster { .. }) => {
            // The ward reading back its own roster; any other ward's is foreign.
            if signed_key != me.public_key() {
                return Err(BundleError::Foreign);
            }
            Ok(Expected { key: me.public_key(), key_id: me.key_id(), card: None })
        }
        (Trust::Ward { .. }, BundleKind::Export { facility, .. }) => {
            let card = manifest.from_card.clone().ok_or(BundleError::Unsigned)?;
            let card = FacilityCard::from_value(card).map_err(|_| BundleError::Unsigned)?;
            if card.facility() != facility || card.public_key() != signed_key {
                return Err(BundleError::Unsigned);
            }
            Ok(Expected { key: signed_key, key_id: card.key_id(), card: Some(card) })
        }
    }
}

/// The ward's registrations, checked once the signature holds: the facility's one registered key,
/// never a revoked one, never a key registered for another facility.
fn check_registered(trust: &Trust, card: Option<&FacilityCard>) -> Result<(), BundleError> {
    let (Trust::Ward { registered, revoked }, Some(card)) = (trust, card) else {
        return Ok(());
    };
    if revoked.contains(&card.key_id()) {
        return Err(BundleError::Revoked(card.facility().clone(), card.key_id()));
    }
    match registered.get(card.facility()) {
        Some(known) if known.key_id() == card.key_id() => Ok(()),
        Some(_) => Err(BundleError::SignerMismatch(card.facility().clone())),
        None => match registered.values().find(|c| c.key_id() == card.key_id()) {
            Some(other) => Err(BundleError::KeyReused(other.facility().clone())),
            None => Err(BundleError::Unregistered(card.facility().clone(), card.key_id())),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn facility(id: &str) -> Identity {
        Identity::generate(Role::Facility { facility: id.parse().unwrap() }).unwrap()
    }

    fn ward() -> (Identity, WardCard) {
        let ward = Identity::generate(Role::Ward).unwrap();
        let card = ward.ward_card("練馬区", "健康部 03-0000-0000").unwrap();
        (ward, card)
    }

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-05-01T09:30:00+09:00").unwrap()
    }

    fn no_pins() -> Trust {
        pins(&[])
    }

    /// The ward's trust with `cards` registered.
    fn pins(cards: &[&FacilityCard]) -> Trust {
        Trust::Ward {
            registered: cards.iter().map(|c| (c.facility().clone(), (*c).clone())).collect(),
            revoked: BTreeSet::new(),
        }
    }

    /// Opens `bytes` and returns the refusal, failing the test when the bundle is accepted.
    #[track_caller]
    fn refused(bytes: &[u8], me: &Identity, trust: &Trust) -> BundleError {
        match open_bundle(bytes, me, trust) {
            Ok(b) => panic!("accepted a bundle that should be refused: {:?}", b.kind),
            Err(e) => e,
        }
    }

    /// The plaintext inside a bundle, for tests that play an attacker who can encrypt to anyone.
    fn inner_of(bytes: &[u8], me: &Identity) -> Vec<u8> {
        decrypt(strip_magic(bytes).unwrap(), me).unwrap()
    }

    /// Byte ranges of the clear part: (magic line end, age header end).
    fn layout(bytes: &[u8]) -> (usize, usize) {
        let magic_end = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
        let mac_line = bytes.windows(4).position(|w| w == b"\n---").unwrap() + 1;
        let header_end = mac_line + bytes[mac_line..].iter().position(|b| *b == b'\n').unwrap() + 1;
        (magic_end, header_end)
    }

    #[test]
    fn an_export_round_trips_only_from_a_registered_facility() {
        let (w, wcard) = ward();
        let f = facility("tsumugi");
        let bytes = seal_export(b"{\"events\":[1,2,3]}", 1, 3, at(), &f, &wcard).unwrap();
        assert!(bytes.starts_with(b"sango-bundle/1\n"));
        let card = f.facility_card().unwrap();

        // A valid signature from a card the ward never registered proves nothing.
        assert_eq!(refused(&bytes, &w, &no_pins()), BundleError::Unregistered("tsumugi".parse().unwrap(), f.key_id()));
        assert_eq!(refused(&bytes, &w, &no_pins()).exit_code(), 5);
        // What the ward may read back over the phone before registering it.
        assert_eq!(export_sender(&bytes, &w).unwrap().key_id(), f.key_id());

        let opened = open_bundle(&bytes, &w, &pins(&[&card])).unwrap();
        assert_eq!(opened.kind, BundleKind::Export { facility: "tsumugi".parse().unwrap(), first_seq: 1, last_seq: 3 });
        assert_eq!(opened.payload, b"{\"events\":[1,2,3]}");
        assert_eq!(opened.created_at, at());
        assert_eq!(opened.signer, f.key_id());
        assert_eq!(opened.card.map(|c| c.key_id()), Some(f.key_id()));
    }

    #[test]
    fn a_revoked_key_is_refused_even_when_still_registered() {
        let (w, wcard) = ward();
        let f = facility("tsumugi");
        let card = f.facility_card().unwrap();
        let bytes = seal_export(b"{}", 1, 1, at(), &f, &wcard).unwrap();
        let Trust::Ward { registered, .. } = pins(&[&card]) else { unreachable!() };
        let trust = Trust::Ward { registered, revoked: [f.key_id()].into() };
        assert_eq!(refused(&bytes, &w, &trust), BundleError::Revoked("tsumugi".parse().unwrap(), f.key_id()));
        // Revoked without a new registration: still refused, as revoked.
        let trust = Trust::Ward { registered: BTreeMap::new(), revoked: [f.key_id()].into() };
        assert_eq!(refused(&bytes, &w, &trust).code(), "facility_revoked");
    }

    #[test]
    fn a_roster_reaches_every_pinned_facility_and_the_ward_but_no_one_else() {
        let (w, wcard) = ward();
        let (a, b, stranger) = (facility("a"), facility("b"), facility("c"));
        let cards = [a.facility_card().unwrap(), b.facility_card().unwrap()];
        let bytes = seal_roster(b"roster", 7, at(), &w, &cards).unwrap();
        let trust = Trust::Facility { ward: wcard.clone() };
        for me in [&a, &b] {
            let opened = open_bundle(&bytes, me, &trust).unwrap();
            assert_eq!(opened.kind, BundleKind::Roster { generation: 7 });
            assert_eq!(opened.payload, b"roster");
            assert_eq!(opened.signer, wcard.key_id());
        }
        assert_eq!(open_bundle(&bytes, &w, &no_pins()).unwrap().kind, BundleKind::Roster { generation: 7 });
        assert_eq!(refused(&bytes, &stranger, &trust), BundleError::Undecryptable);
    }

    #[test]
    fn only_the_right_role_can_seal() {
        let (w, wcard) = ward();
        let f = facility("a");
        assert_eq!(seal_export(b"", 1, 1, at(), &w, &wcard).unwrap_err().code(), "seal_failed");
        assert_eq!(seal_roster(b"", 1, at(), &f, []).unwrap_err().code(), "seal_failed");
    }

    #[test]
    fn every_changed_byte_of_the_file_is_refused_with_the_right_exit_code() {
        let (w, wcard) = ward();
        let f = facility("tsumugi");
        let bytes = seal_export(&[7u8; 300], 1, 9, at(), &f, &wcard).unwrap();
        let (magic_end, header_end) = layout(&bytes);
        assert!(header_end < bytes.len());
        for i in 0..bytes.len() {
            let mut t = bytes.clone();
            t[i] ^= 0x01;
            let e = refused(&t, &w, &no_pins());
            let want = if i < magic_end { 4 } else { 5 };
            assert_eq!(e.exit_code(), want, "byte {i} ({e:?}); magic ends at {magic_end}, header at {header_end}");
        }
    }

    #[test]
    fn cut_or_extended_files_are_refused_as_damaged() {
        let (w, wcard) = ward();
        let f = facility("tsumugi");
        let bytes = seal_export(&[1u8; 200_000], 1, 9, at(), &f, &wcard).unwrap();
        let (magic_end, _) = layout(&bytes);
        for cut in (magic_end..bytes.len()).step_by(997).chain([bytes.len() - 1, bytes.len() - 17]) {
            assert_eq!(refused(&bytes[..cut], &w, &no_pins()).exit_code(), 5, "cut at {cut}");
        }
        for cut in 0..magic_end {
            assert_eq!(refused(&bytes[..cut], &w, &no_pins()).exit_code(), 4, "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.extend(b"junk");
        assert_eq!(refused(&longer, &w, &no_pins()), BundleError::Damaged);
    }

    #[test]
    fn a_forged_inside_is_refused_in_every_part() {
        // Anyone can encrypt to the ward's public recipient: forge the plaintext, re-encrypt it.
        let (w, wcard) = ward();
        let f = facility("tsumugi");
        let bytes = seal_export(b"payload of the facility", 1, 2, at(), &f, &wcard).unwrap();
        let inner = inner_of(&bytes, &w);
        let manifest_end = 4 + u32::from_be_bytes(inner[..4].try_into().unwrap()) as usize;
        let signature_end = manifest_end + 64;
        for i in 0..inner.len() {
            let mut t = inner.clone();
            t[i] ^= 0x20;
            let forged = encrypt(&t, &[wcard.age_recipient()]).unwrap();
            let e = refused(&forged, &w, &no_pins());
            let part = match i {
                _ if i < 4 => "length",
                _ if i < manifest_end => "manifest",
                _ if i < signature_end => "signature",
                _ => "payload",
            };
            assert_eq!(e.exit_code(), 5, "{part} byte {i}: {e:?}");
            if part == "payload" {
                assert_eq!(e, BundleError::PayloadMismatch);
            }
            if part == "signature" {
                assert_eq!(e, BundleError::BadSignature);
            }
        }
        // No signature at all: the manifest and payload alone.
        let mut unsigned = inner[..manifest_end].to_vec();
        unsigned.extend(&inner[signature_end..]);
        let forged = encrypt(&unsigned, &[wcard.age_recipient()]).unwrap();
        assert_eq!(refused(&forged, &w, &no_pins()).exit_code(), 5);
        let forged = encrypt(b"", &[wcard.age_recipient()]).unwrap();
        assert_eq!(refused(&forged, &w, &no_pins()), BundleError::Unsigned);
    }

    #[test]
    fn a_bundle_readdressed_to_another_ward_is_refused() {
        let (w1, card1) = ward();
        let (w2, card2) = ward();
        let f = facility("tsumugi");
        let bytes = seal_export(b"x", 1, 1, at(), &f, &card1).unwrap();
        assert_eq!(refused(&bytes, &w2, &no_pins()), BundleError::Undecryptable);
        // Whoever holds ward 1's key re-encrypts the signed inside to ward 2.
        let readdressed = encrypt(&inner_of(&bytes, &w1), &[card2.age_recipient()]).unwrap();
        assert_eq!(refused(&readdressed, &w2, &no_pins()), BundleError::WrongRecipient);
    }

    #[test]
    fn a_roster_passed_on_by_a_facility_to_an_unpinned_one_is_refused() {
        let (w, wcard) = ward();
        let (a, b) = (facility("a"), facility("b"));
        let bytes = seal_roster(b"r", 1, at(), &w, &[a.facility_card().unwrap()]).unwrap();
        let passed_on = encrypt(&inner_of(&bytes, &a), &[b.age_recipient()]).unwrap();
        assert_eq!(refused(&passed_on, &b, &Trust::Facility { ward: wcard }), BundleError::WrongRecipient);
    }

    #[test]
    fn a_roster_from_another_ward_is_foreign() {
        let (_, wcard) = ward();
        let (other, _) = ward();
        let f = facility("a");
        let bytes = seal_roster(b"r", 1, at(), &other, &[f.facility_card().unwrap()]).unwrap();
        let e = refused(&bytes, &f, &Trust::Facility { ward: wcard });
        assert_eq!((e.code().as_str(), e.exit_code()), ("foreign_signer".to_string(), 5));
    }

    #[test]
    fn another_wards_roster_readdressed_by_a_forger_is_foreign_at_the_ward() {
        let (w, _) = ward();
        let (other, _) = ward();
        let bytes = seal_roster(b"r", 1, at(), &other, []).unwrap();
        let forged = encrypt(&inner_of(&bytes, &other), &[w.age_recipient()]).unwrap();
        assert_eq!(refused(&forged, &w, &no_pins()), BundleError::Foreign);
    }

    #[test]
    fn a_second_key_for_a_known_facility_is_refused() {
        let (w, wcard) = ward();
        let first = facility("tsumugi");
        let impostor = facility("tsumugi");
        let trust = pins(&[&first.facility_card().unwrap()]);
        let bytes = seal_export(b"x", 1, 1, at(), &impostor, &wcard).unwrap();
        let e = refused(&bytes, &w, &trust);
        assert_eq!(e, BundleError::SignerMismatch("tsumugi".parse().unwrap()));
        assert_eq!(e.exit_code(), 5);
    }

    #[test]
    fn a_known_key_under_another_facility_id_is_refused() {
        let (w, wcard) = ward();
        let a = facility("a");
        let json = a.to_json().replace("\"facility\": \"a\"", "\"facility\": \"b\"");
        let same_keys_as_b = Identity::from_json(&json).unwrap();
        let bytes = seal_export(b"x", 1, 1, at(), &same_keys_as_b, &wcard).unwrap();
        let e = refused(&bytes, &w, &pins(&[&a.facility_card().unwrap()]));
        assert_eq!(e, BundleError::KeyReused("a".parse().unwrap()));
    }

    #[test]
    fn an_export_sent_to_a_facility_is_not_readable_there() {
        let (_, wcard) = ward();
        let f = facility("a");
        let bytes = seal_export(b"x", 1, 1, at(), &f, &wcard).unwrap();
        assert_eq!(refused(&bytes, &f, &Trust::Facility { ward: wcard }), BundleError::Undecryptable);
    }

    #[test]
    fn files_that_are_not_bundles_are_bad_input() {
        let (w, _) = ward();
        for (bytes, code) in [
            (&b""[..], "not_a_bundle"),
            (b"hello", "not_a_bundle"),
            (b"age-encryption.org/v1\n", "not_a_bundle"),
            (b"sango-bundle/", "not_a_bundle"),
            (b"sango-bundle/2\nanything", "unknown_format"),
            (b"sango-bundle/1.0\n", "unknown_format"),
        ] {
            let e = refused(bytes, &w, &no_pins());
            assert_eq!(
                (e.code().as_str(), e.exit_code()),
                (code.to_string(), 4),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
        assert_eq!(refused(b"sango-bundle/1\n", &w, &no_pins()).exit_code(), 5);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn random_bytes_never_panic_the_opener(bytes in proptest::collection::vec(any::<u8>(), 0..2000), magic in any::<bool>()) {
            let (w, _) = ward();
            let mut input = if magic { b"sango-bundle/1\nage-encryption.org/v1\n".to_vec() } else { Vec::new() };
            input.extend(bytes);
            prop_assert!(open_bundle(&input, &w, &no_pins()).is_err());
        }

        #[test]
        fn random_damage_to_a_real_bundle_never_panics(pos in any::<prop::sample::Index>(), junk in proptest::collection::vec(any::<u8>(), 1..64)) {
            let (w, wcard) = ward();
            let f = facility("a");
            let mut bytes = seal_export(b"payload", 1, 1, at(), &f, &wcard).unwrap();
            let at_ = pos.index(bytes.len());
            bytes.splice(at_..(at_ + junk.len()).min(bytes.len()), junk);
            let _ = open_bundle(&bytes, &w, &no_pins());
        }
    }
}
