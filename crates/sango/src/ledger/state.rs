//! The working state: the journal folded into sled trees, with the indexes the desk needs.
//!
//! Only this file knows sled's trees. Folding is idempotent (records are written whole, indexes
//! rebuilt from the record), so replaying an entry that was already applied changes nothing: a
//! crash between the journal's `sync_data` and the `applied_seq` update is harmless.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::event::{Entry, Event, StaffChange};
use super::records::{
    Approval, BirthProposal, Booking, BookingHead, CareEntry, Consent, MotherRecord, Orientation, Referral,
    ReferralReply, RosterUse, ScreeningRecord, StaffAccount, UseOrder, WaitEntry,
};
use super::seen::{runs_of, SeenRuns};
use super::settings::{Install, Mode, Settings};
use crate::types::{BookingId, CardNumber, Epoch, FacilityId, ReferralId, Service};

/// The layout of the working state's trees and records. A build that changes it bumps this; an
/// older working state is then rebuilt from the journal at open (the journal's entries carry
/// their own version, `event::ENTRY_VERSION`).
/// 2: records in postcard instead of JSON.
/// 3: card and approval numbers upper case (`types::CardNumber`): keys written by hand in lower
///    case before are folded again from the journal, whose entries now parse to upper case.
/// 4: a facility's approvals and births kept apart at the ward (`facility_approvals`,
///    `birth_proposals`), never in `mothers`.
/// 5: facilities registered by the ward's act (`facilities`, replacing the first-sight pins of
///    `facility_keys`); `seen` keyed by origin and epoch; the roster's acknowledgements.
/// 6: staff accounts (`staff`, issue 17), folded from this install's own entries only.
/// 7: the ward's closed months (`closings`) and the last export received per facility
///    (`last_exports`, issue 20).
/// 8: the day record's observations in `care`; `screenings`, `consents`, `referrals` and
///    `referral_replies` (issue 18).
pub const STATE_SCHEMA: u32 = 8;

/// sled's page cache, set explicitly (its default is 1 GiB: too much beside a web view).
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("working state (sled): {0}")]
    Sled(#[from] sled::Error),
    #[error("working state record does not decode: {0}")]
    Decode(#[from] postcard::Error),
    #[error("working state setting does not decode: {0}")]
    DecodeMeta(#[from] serde_json::Error),
}

/// What the ward's roster last told this facility.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RosterMeta {
    pub generation: u64,
    pub created_at: DateTime<FixedOffset>,
    /// What the ward had received of this facility's journal, per epoch.
    #[serde(default)]
    pub acknowledged: Vec<Acknowledged>,
}

impl RosterMeta {
    /// The last entry of `facility`'s journal in `epoch` the ward said it received (0: none).
    pub fn acknowledged_through(&self, facility: &FacilityId, epoch: Option<Epoch>) -> u64 {
        self.acknowledged
            .iter()
            .filter(|a| &a.facility == facility && a.epoch == epoch)
            .map(|a| a.through_seq)
            .max()
            .unwrap_or(0)
    }
}

/// The ward's receipt of one facility's journal in one epoch: every entry through `through_seq`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Acknowledged {
    pub facility: FacilityId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<Epoch>,
    pub through_seq: u64,
}

/// A facility's key as the ward registered it (`facility add`), and whether it was revoked since.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Registration {
    pub facility: FacilityId,
    pub key_id: String,
    /// The card as handed over (JSON).
    pub card: String,
    pub registered_at: DateTime<FixedOffset>,
    pub revoked_at: Option<DateTime<FixedOffset>>,
}

impl Registration {
    /// The facility's key in force: registered and not revoked.
    pub fn is_current(&self) -> bool {
        self.revoked_at.is_none()
    }
}

/// Where a journal's epoch begins: entries from `first_seq` on carry `epoch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct EpochStart {
    pub epoch: Option<Epoch>,
    pub first_seq: u64,
}

/// A tree's rows, key and value, in key order.
pub type Rows = Vec<(Vec<u8>, Vec<u8>)>;

pub struct State {
    db: sled::Db,
    meta: sled::Tree,
    mothers: sled::Tree,
    bookings: sled::Tree,
    by_card: sled::Tree,
    by_day: sled::Tree,
    by_month: sled::Tree,
    care: sled::Tree,
    orientations: sled::Tree,
    waits: sled::Tree,
    seen: sled::Tree,
    roster_uses: sled::Tree,
    /// Ward: every key a facility was registered with, by `[facility, key id]`.
    facilities: sled::Tree,
    /// Ward: each facility's own word on an approval (its desk's provisional view), by facility and
    /// card. Shown to the ward; never used for limits, prices or rosters.
    facility_approvals: sled::Tree,
    /// Ward: births facilities reported, by facility and card: proposals the ward accepts by
    /// recording the birth itself.
    birth_proposals: sled::Tree,
    /// This install's staff accounts by name (JSON records: a handful, read at sign-in).
    staff: sled::Tree,
    /// Ward: each closed month's claims as recorded (`YYYY-MM` → JSON), in month order.
    closings: sled::Tree,
    /// Ward: per facility, when its newest export received was signed (JSON).
    last_exports: sled::Tree,
    /// Screenings by booking and date (at the ward: without the item scores).
    screenings: sled::Tree,
    /// Consents by card and service (the facility's own).
    consents: sled::Tree,
    /// Referrals by id: a facility's own, or every registered facility's at the ward.
    referrals: sled::Tree,
    /// The ward's latest answer to each referral, by referral id: written at the ward, received
    /// in the roster at the facility.
    referral_replies: sled::Tree,
    /// The install and its settings, read on every booking check: kept decoded, replaced
    /// whenever the fold writes them.
    install_cache: std::sync::RwLock<Option<Option<Install>>>,
    settings_cache: std::sync::RwLock<Option<Settings>>,
}

const SEP: u8 = 0;

/// Wrong PINs in a row that lock an account, and for how long (issue 17).
pub const STAFF_LOCK_AFTER: u32 = 5;
pub const STAFF_LOCK_MINUTES: i64 = 15;

/// An epoch as a key part: empty for an install's first journal.
fn epoch_key(epoch: Option<Epoch>) -> String {
    epoch.map(|e| e.to_string()).unwrap_or_default()
}

fn key(parts: &[&str]) -> Vec<u8> {
    let mut k = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            k.push(SEP);
        }
        k.extend_from_slice(p.as_bytes());
    }
    k
}

fn prefix(parts: &[&str]) -> Vec<u8> {
    let mut k = key(parts);
    k.push(SEP);
    k
}

/// Records are postcard: decoding them is most of what a quote or a quota costs above its sled
/// reads, and postcard decodes several times faster than JSON. The journal stays JSON.
fn enc<T: Serialize>(v: &T) -> Vec<u8> {
    postcard::to_allocvec(v).expect("records serialize")
}

fn dec<T: DeserializeOwned>(b: &[u8]) -> Result<T, StateError> {
    Ok(postcard::from_bytes(b)?)
}

/// The few values of `meta` (the install, its settings, counters) stay JSON: read once and
/// cached, and readable by hand when a store is examined.
fn enc_meta<T: Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).expect("settings serialize")
}

fn dec_meta<T: DeserializeOwned>(b: &[u8]) -> Result<T, StateError> {
    Ok(serde_json::from_slice(b)?)
}

impl State {
    pub fn open(path: &Path) -> Result<State, StateError> {
        let db = sled::Config::new().path(path).cache_capacity(CACHE_BYTES).mode(sled::Mode::HighThroughput).open()?;
        State::from_db(db)
    }

    pub fn temporary() -> Result<State, StateError> {
        State::from_db(sled::Config::new().temporary(true).cache_capacity(CACHE_BYTES).open()?)
    }

    fn from_db(db: sled::Db) -> Result<State, StateError> {
        Ok(State {
            meta: db.open_tree("meta")?,
            mothers: db.open_tree("mothers")?,
            bookings: db.open_tree("bookings")?,
            by_card: db.open_tree("by_card")?,
            by_day: db.open_tree("by_day")?,
            by_month: db.open_tree("by_month")?,
            care: db.open_tree("care")?,
            orientations: db.open_tree("orientations")?,
            waits: db.open_tree("waits")?,
            seen: db.open_tree("seen")?,
            roster_uses: db.open_tree("roster_uses")?,
            facilities: db.open_tree("facilities")?,
            facility_approvals: db.open_tree("facility_approvals")?,
            birth_proposals: db.open_tree("birth_proposals")?,
            staff: db.open_tree("staff")?,
            closings: db.open_tree("closings")?,
            last_exports: db.open_tree("last_exports")?,
            screenings: db.open_tree("screenings")?,
            consents: db.open_tree("consents")?,
            referrals: db.open_tree("referrals")?,
            referral_replies: db.open_tree("referral_replies")?,
            install_cache: Default::default(),
            settings_cache: Default::default(),
            db,
        })
    }

    pub fn flush(&self) -> Result<(), StateError> {
        self.db.flush()?;
        Ok(())
    }

    pub fn size_on_disk(&self) -> u64 {
        self.db.size_on_disk().unwrap_or(0)
    }

    // ---- folding ------------------------------------------------------------------------

    /// The last local journal sequence folded in.
    pub fn applied_seq(&self) -> Result<u64, StateError> {
        Ok(self.meta_get::<u64>("applied_seq")?.unwrap_or(0))
    }

    /// Folds one of this install's own entries, then records its sequence as applied.
    pub(crate) fn apply(&self, entry: &Entry) -> Result<(), StateError> {
        self.fold(entry, None)?;
        self.meta_put("applied_seq", &entry.seq)?;
        Ok(())
    }

    fn fold(&self, entry: &Entry, imported_from: Option<&FacilityId>) -> Result<(), StateError> {
        match &entry.event {
            Event::Initialized { install, settings } => {
                if imported_from.is_none() {
                    self.meta_put("schema", &STATE_SCHEMA)?;
                    self.meta_put("install", install)?;
                    self.meta_put("settings", settings)?;
                }
            }
            Event::SettingsChanged { settings } => {
                if imported_from.is_none() {
                    self.meta_put("settings", settings)?;
                }
            }
            // Ownership at the ward: an approval and a birth are the ward's to say. What a facility's
            // bundle says of them (whatever its `source` claims) is kept apart, as that facility's view.
            Event::ApprovalRecorded { approval } => match imported_from {
                Some(f) => {
                    self.facility_approvals.insert(key(&[f.as_str(), approval.card.as_str()]), enc(approval))?;
                }
                None => {
                    let birth = self.mother(&approval.card)?.and_then(|m| m.birth);
                    self.put_mother(&MotherRecord { approval: approval.clone(), birth })?;
                }
            },
            Event::BirthRecorded { card, birth } => match imported_from {
                Some(f) => {
                    let proposal = BirthProposal { facility: f.clone(), card: card.clone(), birth: *birth };
                    self.birth_proposals.insert(key(&[f.as_str(), card.as_str()]), enc(&proposal))?;
                }
                None => {
                    if let Some(mut m) = self.mother(card)? {
                        m.birth = Some(*birth);
                        self.put_mother(&m)?;
                    }
                }
            },
            Event::BookingSaved { booking, .. } => {
                // Ownership: a facility's bundle may only speak for its own bookings.
                if imported_from.is_none_or(|f| !entry.event.foreign_to(f)) {
                    self.put_booking(booking)?;
                }
            }
            Event::CareLogged { entry: care } => {
                if imported_from.is_none_or(|f| !entry.event.foreign_to(f)) {
                    let date = care.date.to_string();
                    self.care.insert(key(&[&care.booking.to_string(), &date]), enc(care))?;
                }
            }
            Event::ScreeningRecorded { screening: sc } => {
                if imported_from.is_none_or(|f| !entry.event.foreign_to(f)) {
                    self.screenings.insert(key(&[&sc.booking.to_string(), &sc.date.to_string()]), enc(sc))?;
                }
            }
            Event::ConsentRecorded { consent } => {
                if imported_from.is_none() {
                    self.consents.insert(key(&[consent.card.as_str(), consent.service.code()]), enc(consent))?;
                }
            }
            Event::ReferralMade { referral } => {
                if imported_from.is_none_or(|f| !entry.event.foreign_to(f)) {
                    self.referrals.insert(referral.id.to_string().as_bytes(), enc(referral))?;
                }
            }
            Event::ReferralReplied { reply } => {
                if imported_from.is_none() {
                    self.referral_replies.insert(reply.referral.to_string().as_bytes(), enc(reply))?;
                }
            }
            Event::OrientationRecorded { orientation: o } => {
                if imported_from.is_none() {
                    self.orientations.insert(key(&[o.card.as_str(), &o.date.to_string()]), enc(o))?;
                }
            }
            Event::WaitListed { key: k, entry: w } => {
                if imported_from.is_none() {
                    self.waits.insert(k.as_bytes(), enc(w))?;
                }
            }
            Event::WaitRemoved { key: k } => {
                if imported_from.is_none() {
                    self.waits.remove(k.as_bytes())?;
                }
            }
            Event::Exported { through_seq } => {
                if imported_from.is_none() {
                    self.meta_put("exported_through", through_seq)?;
                }
            }
            // The ward's word on what is in force; a facility's bundle never carries it (stays_local).
            Event::ProgramSet { program_toml } => {
                if imported_from.is_none() {
                    self.meta_put("program", program_toml)?;
                }
            }
            Event::DirectorySet { directory_json } => {
                if imported_from.is_none() {
                    self.meta_put("directory", directory_json)?;
                }
            }
            Event::Restored { epoch, .. } => {
                if imported_from.is_none() {
                    let mut epochs = self.epochs()?;
                    epochs.push(EpochStart { epoch: Some(*epoch), first_seq: entry.seq });
                    self.meta_put("epochs", &epochs)?;
                }
            }
            Event::FacilityRegistered { facility, key_id, card } => {
                if imported_from.is_none() {
                    let reg = Registration {
                        facility: facility.clone(),
                        key_id: key_id.clone(),
                        card: card.clone(),
                        registered_at: entry.at,
                        revoked_at: None,
                    };
                    self.facilities.insert(key(&[facility.as_str(), key_id]), enc_meta(&reg))?;
                }
            }
            Event::FacilityRevoked { facility, key_id } => {
                if imported_from.is_none() {
                    let k = key(&[facility.as_str(), key_id]);
                    if let Some(v) = self.facilities.get(&k)? {
                        let mut reg: Registration = dec_meta(&v)?;
                        reg.revoked_at.get_or_insert(entry.at);
                        self.facilities.insert(k, enc_meta(&reg))?;
                    }
                }
            }
            Event::BundleImported { facility, entries, .. } => {
                if imported_from.is_some() {
                    return Ok(());
                }
                let mut seen: BTreeMap<Option<Epoch>, SeenRuns> = BTreeMap::new();
                let mut folded: BTreeMap<Option<Epoch>, Vec<u64>> = BTreeMap::new();
                // A booking saved several times in one part (booked, checked in, paid…) is written
                // once, as it last stands: nothing else in a bundle reads bookings back.
                let mut bookings: BTreeMap<&BookingId, &Booking> = BTreeMap::new();
                for e in entries {
                    let runs = match seen.entry(e.epoch) {
                        std::collections::btree_map::Entry::Occupied(o) => o.into_mut(),
                        std::collections::btree_map::Entry::Vacant(v) => {
                            v.insert(self.seen_of(facility.as_str(), e.epoch)?)
                        }
                    };
                    if e.origin != facility.as_str() || runs.contains(e.seq) {
                        continue;
                    }
                    // Another facility's booking or care entry is recorded as received (seen) and
                    // never folded.
                    match &e.event {
                        _ if e.event.foreign_to(facility) => {}
                        Event::BookingSaved { booking, .. } => {
                            bookings.insert(&booking.id, booking);
                        }
                        _ => self.fold(e, Some(facility))?,
                    }
                    runs.insert(e.seq);
                    folded.entry(e.epoch).or_default().push(e.seq);
                }
                self.put_bookings(&bookings.into_values().collect::<Vec<_>>())?;
                // After the entries: a crash before this line folds them again, harmlessly.
                for (epoch, seqs) in folded {
                    for (first, last) in runs_of(&seqs) {
                        self.seen.insert(
                            key(&[facility.as_str(), &epoch_key(epoch), &format!("{first:020}")]),
                            &last.to_be_bytes(),
                        )?;
                    }
                }
            }
            // Staff are this install's own: another's accounts, sign-ins or audit never fold here
            // (and a facility's export never carries them, `Event::stays_local`).
            Event::StaffAdded { .. }
            | Event::StaffChanged { .. }
            | Event::SignedIn { .. }
            | Event::SignInFailed { .. }
                if imported_from.is_some() => {}
            Event::StaffAdded { name, role, pin_hash } => {
                let account = StaffAccount {
                    name: name.clone(),
                    role: *role,
                    active: true,
                    pin_hash: pin_hash.clone(),
                    failures: 0,
                    locked_until: None,
                    folded_seq: entry.seq,
                };
                self.put_staff(&account)?;
            }
            Event::StaffChanged { name, change } => {
                // Folding twice (a crash before `applied_seq`) must not count a wrong PIN twice.
                if let Some(mut account) = self.staff_account(name)?.filter(|a| a.folded_seq < entry.seq) {
                    account.folded_seq = entry.seq;
                    match change {
                        StaffChange::Disabled => account.active = false,
                        StaffChange::Enabled => account.active = true,
                        StaffChange::PinReset { pin_hash } => {
                            account.pin_hash = pin_hash.clone();
                            account.failures = 0;
                            account.locked_until = None;
                        }
                    }
                    self.put_staff(&account)?;
                }
            }
            Event::SignedIn { name } => {
                // Folding twice (a crash before `applied_seq`) must not count a wrong PIN twice.
                if let Some(mut account) = self.staff_account(name)?.filter(|a| a.folded_seq < entry.seq) {
                    account.folded_seq = entry.seq;
                    account.failures = 0;
                    account.locked_until = None;
                    self.put_staff(&account)?;
                }
            }
            Event::SignInFailed { name } => {
                // Folding twice (a crash before `applied_seq`) must not count a wrong PIN twice.
                if let Some(mut account) = self.staff_account(name)?.filter(|a| a.folded_seq < entry.seq) {
                    account.folded_seq = entry.seq;
                    // A lock that has run out starts a new run of wrong PINs.
                    if account.locked_until.is_some_and(|until| entry.at >= until) {
                        account.failures = 0;
                        account.locked_until = None;
                    }
                    account.failures += 1;
                    if account.failures >= STAFF_LOCK_AFTER && account.locked_until.is_none() {
                        account.locked_until = Some(entry.at + chrono::Duration::minutes(STAFF_LOCK_MINUTES));
                    }
                    self.put_staff(&account)?;
                }
            }
            Event::Opened { .. } => {}
            // The ward's own acts: a facility's bundle never speaks for them.
            Event::ExportReceived { .. } | Event::MonthClosed { .. } if imported_from.is_some() => {}
            Event::ExportReceived { facility, created_at } => {
                if self.last_export(facility)?.is_none_or(|last| last < *created_at) {
                    self.last_exports.insert(facility.as_str().as_bytes(), enc_meta(created_at))?;
                }
            }
            Event::MonthClosed { claims } => {
                // Closed once: a second entry for the month (never written) would not replace it.
                if !self.closings.contains_key(claims.month.as_bytes())? {
                    self.closings.insert(claims.month.as_bytes(), enc_meta(claims))?;
                }
            }
            Event::RosterImported { generation, created_at, mothers, uses, continues, acknowledged, replies } => {
                if imported_from.is_some() {
                    return Ok(());
                }
                for m in mothers {
                    let existing = self.mother(&m.approval.card)?;
                    let mut approval = m.approval.to_approval();
                    // Keep the full postal code the desk typed when it lies in the ward's district.
                    if let Some(typed) = existing.as_ref().and_then(|x| x.approval.postal.clone()) {
                        if approval.postal.as_ref().is_some_and(|p| p.district() == typed.district()) {
                            approval.postal = Some(typed);
                        }
                    }
                    let birth = m.birth.or_else(|| existing.and_then(|x| x.birth));
                    self.put_mother(&MotherRecord { approval, birth })?;
                }
                let own = self.install()?.and_then(|i| i.facility).map(|f| f.to_string()).unwrap_or_default();
                if !continues {
                    self.roster_uses.clear()?;
                }
                for u in uses.iter().filter(|u| u.facility.as_str() != own) {
                    self.roster_uses.insert(key(&[u.card.as_str(), &u.booking.to_string()]), enc(u))?;
                }
                // Only answers to this facility's own referrals (the roster seals no other's to it).
                for r in replies.iter().filter(|r| r.referral.facility().as_str() == own) {
                    self.referral_replies.insert(r.referral.to_string().as_bytes(), enc(r))?;
                }
                let mut meta =
                    RosterMeta { generation: *generation, created_at: *created_at, acknowledged: acknowledged.clone() };
                if *continues {
                    // Only the first part carries the acknowledgements.
                    meta.acknowledged = self.roster()?.map(|r| r.acknowledged).unwrap_or_default();
                }
                self.meta_put("roster", &meta)?;
            }
        }
        Ok(())
    }

    fn put_staff(&self, account: &StaffAccount) -> Result<(), StateError> {
        self.staff.insert(account.name.as_bytes(), enc_meta(account))?;
        Ok(())
    }

    fn put_mother(&self, m: &MotherRecord) -> Result<(), StateError> {
        self.mothers.insert(m.approval.card.as_str().as_bytes(), enc(m))?;
        Ok(())
    }

    /// Only the index rows that changed are written, and before the record: a crash in between
    /// leaves the old record, so the replay computes and writes the same difference again.
    fn put_booking(&self, b: &Booking) -> Result<(), StateError> {
        for (index, k, change) in self.index_changes(&[b])? {
            self.change_row(index, &k, change)?;
        }
        self.bookings.insert(b.id.to_string().into_bytes(), enc(b))?;
        Ok(())
    }

    /// Many bookings at once (an import's part), in the order [`State::put_booking`] keeps for
    /// one: every changed index row, then every record. Each tree's rows go in key order, in two
    /// key ranges on two threads: most of an insert's cost in sled is copying its leaf, and rows
    /// in key order fill one leaf after another instead of touching every leaf again and again.
    fn put_bookings(&self, bookings: &[&Booking]) -> Result<(), StateError> {
        let (first, second) = super::in_halves(bookings, 64, |half| self.index_changes(half));
        let mut changes = first?;
        changes.extend(second?);
        changes.sort_unstable();
        let (first, second) = super::in_halves(&changes, 256, |part| {
            part.iter().try_for_each(|(index, k, change)| self.change_row(*index, k, *change))
        });
        first.and(second)?;
        let mut records: Vec<(Vec<u8>, Vec<u8>)> =
            bookings.iter().map(|b| (b.id.to_string().into_bytes(), enc(b))).collect();
        records.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (first, second) = super::in_halves(&records, 64, |part| {
            part.iter().try_for_each(|(id, record)| self.bookings.insert(id.as_slice(), record.as_slice()).map(drop))
        });
        Ok(first.and(second)?)
    }

    /// The index rows that change when `bookings` replace what the state holds of them.
    fn index_changes(&self, bookings: &[&Booking]) -> Result<Vec<(Index, Vec<u8>, RowChange)>, StateError> {
        let mut changes = Vec::new();
        for b in bookings {
            let old = self.booking(&b.id.to_string())?.map(|o| index_rows(&o)).unwrap_or_default();
            let new = index_rows(b);
            changes.extend(old.difference(&new).map(|(index, k)| (*index, k.clone(), RowChange::Remove)));
            changes.extend(new.difference(&old).map(|(index, k)| (*index, k.clone(), RowChange::Insert)));
        }
        Ok(changes)
    }

    fn change_row(&self, index: Index, k: &[u8], change: RowChange) -> Result<(), sled::Error> {
        match change {
            RowChange::Remove => self.index(index).remove(k).map(drop),
            RowChange::Insert => self.index(index).insert(k, &[]).map(drop),
        }
    }

    fn index(&self, index: Index) -> &sled::Tree {
        match index {
            Index::Card => &self.by_card,
            Index::Day => &self.by_day,
            Index::Month => &self.by_month,
        }
    }

    // ---- reading ------------------------------------------------------------------------

    fn meta_get<T: DeserializeOwned>(&self, k: &str) -> Result<Option<T>, StateError> {
        self.meta.get(k)?.map(|v| dec_meta(&v)).transpose()
    }

    fn meta_put<T: Serialize>(&self, k: &str, v: &T) -> Result<(), StateError> {
        // The cache's lock is held across the write, as across a fill: a reader never caches the
        // value this write replaces.
        match k {
            "install" => {
                let mut cache = self.install_cache.write().unwrap_or_else(|p| p.into_inner());
                self.meta.insert(k, enc_meta(v))?;
                *cache = None;
            }
            "settings" => {
                let mut cache = self.settings_cache.write().unwrap_or_else(|p| p.into_inner());
                self.meta.insert(k, enc_meta(v))?;
                *cache = None;
            }
            _ => {
                self.meta.insert(k, enc_meta(v))?;
            }
        }
        Ok(())
    }

    /// The layout this working state was folded with (`None`: before versions were recorded).
    pub fn schema(&self) -> Result<Option<u32>, StateError> {
        self.meta_get("schema")
    }

    pub fn install(&self) -> Result<Option<Install>, StateError> {
        if let Some(cached) = self.install_cache.read().unwrap_or_else(|p| p.into_inner()).clone() {
            return Ok(cached);
        }
        let mut cache = self.install_cache.write().unwrap_or_else(|p| p.into_inner());
        let install: Option<Install> = self.meta_get("install")?;
        *cache = Some(install.clone());
        Ok(install)
    }

    /// The program last set by `Event::ProgramSet` (TOML), if any.
    pub fn program_toml(&self) -> Result<Option<String>, StateError> {
        self.meta_get("program")
    }

    /// The directory last set by `Event::DirectorySet` (JSON), if any.
    pub fn directory_json(&self) -> Result<Option<String>, StateError> {
        self.meta_get("directory")
    }

    pub fn mode(&self) -> Result<Option<Mode>, StateError> {
        Ok(self.install()?.map(|i| i.mode))
    }

    pub fn settings(&self) -> Result<Settings, StateError> {
        if let Some(cached) = self.settings_cache.read().unwrap_or_else(|p| p.into_inner()).clone() {
            return Ok(cached);
        }
        let mut cache = self.settings_cache.write().unwrap_or_else(|p| p.into_inner());
        let settings: Settings = self.meta_get("settings")?.unwrap_or_default();
        *cache = Some(settings.clone());
        Ok(settings)
    }

    pub fn exported_through(&self) -> Result<u64, StateError> {
        Ok(self.meta_get("exported_through")?.unwrap_or(0))
    }

    pub fn roster(&self) -> Result<Option<RosterMeta>, StateError> {
        self.meta_get("roster")
    }

    pub fn mother(&self, card: &CardNumber) -> Result<Option<MotherRecord>, StateError> {
        self.mothers.get(card.as_str().as_bytes())?.map(|v| dec(&v)).transpose()
    }

    pub fn mothers(&self) -> impl Iterator<Item = Result<MotherRecord, StateError>> + '_ {
        self.mothers.iter().map(|r| dec(&r?.1))
    }

    pub fn booking(&self, id: &str) -> Result<Option<Booking>, StateError> {
        self.bookings.get(id.as_bytes())?.map(|v| dec(&v)).transpose()
    }

    pub fn bookings(&self) -> impl Iterator<Item = Result<Booking, StateError>> + '_ {
        self.bookings.iter().map(|r| dec(&r?.1))
    }

    pub fn bookings_of(&self, card: &CardNumber) -> Result<Vec<Booking>, StateError> {
        self.uses_of(card)
    }

    /// A mother's bookings here, only what counting them needs (quota, the rules engine).
    pub fn booking_heads_of(&self, card: &CardNumber) -> Result<Vec<BookingHead>, StateError> {
        self.uses_of(card)
    }

    fn uses_of<T: DeserializeOwned + UseOrder>(&self, card: &CardNumber) -> Result<Vec<T>, StateError> {
        // A mother has about ten uses in all: room for them up front.
        let mut out: Vec<T> = Vec::with_capacity(16);
        for k in self.by_card.scan_prefix(prefix(&[card.as_str()])).keys() {
            let k = k?;
            let id = &k[card.as_str().len() + 1..];
            if let Some(b) = self.bookings.get(id)? {
                out.push(dec(&b)?);
            }
        }
        // Ids are unique: an unstable sort gives the same order.
        out.sort_unstable_by(|a, b| a.use_order().cmp(&b.use_order()));
        Ok(out)
    }

    /// Ids of the bookings that occupy a place of `service` on `date`.
    pub fn booking_ids_on(&self, service: Service, date: NaiveDate) -> Result<Vec<String>, StateError> {
        let p = prefix(&[service.code(), &date.to_string()]);
        let mut out = Vec::new();
        for k in self.by_day.scan_prefix(&p).keys() {
            let k = k?;
            out.push(String::from_utf8_lossy(&k[p.len()..]).into_owned());
        }
        Ok(out)
    }

    pub fn occupancy(&self, service: Service, date: NaiveDate) -> Result<u32, StateError> {
        self.occupancy_except(service, date, None)
    }

    /// Places of `service` taken on `date`, the booking `except` (being moved) not counted.
    pub fn occupancy_except(&self, service: Service, date: NaiveDate, except: Option<&str>) -> Result<u32, StateError> {
        let p = prefix(&[service.code(), &date.to_string()]);
        let mut n = 0;
        for k in self.by_day.scan_prefix(&p).keys() {
            let k = k?;
            if except.is_none_or(|id| &k[p.len()..] != id.as_bytes()) {
                n += 1;
            }
        }
        Ok(n)
    }

    pub fn bookings_in_month(&self, month: &str) -> Result<Vec<Booking>, StateError> {
        let p = prefix(&[month]);
        let mut out = Vec::new();
        for k in self.by_month.scan_prefix(&p).keys() {
            let k = k?;
            let id = &k[p.len()..];
            if let Some(b) = self.bookings.get(id)? {
                out.push(dec(&b)?);
            }
        }
        Ok(out)
    }

    pub fn care_of(&self, booking: &str) -> Result<Vec<CareEntry>, StateError> {
        self.care.scan_prefix(prefix(&[booking])).values().map(|v| dec(&v?)).collect()
    }

    pub fn screenings_of(&self, booking: &str) -> Result<Vec<ScreeningRecord>, StateError> {
        self.screenings.scan_prefix(prefix(&[booking])).values().map(|v| dec(&v?)).collect()
    }

    /// Every screening this install holds, in booking order.
    pub fn screenings(&self) -> impl Iterator<Item = Result<ScreeningRecord, StateError>> + '_ {
        self.screenings.iter().values().map(|v| dec(&v?))
    }

    pub fn consent(&self, card: &CardNumber, service: Service) -> Result<Option<Consent>, StateError> {
        self.consents.get(key(&[card.as_str(), service.code()]))?.map(|v| dec(&v)).transpose()
    }

    pub fn referral(&self, id: &ReferralId) -> Result<Option<Referral>, StateError> {
        self.referrals.get(id.to_string().as_bytes())?.map(|v| dec(&v)).transpose()
    }

    pub fn referrals(&self) -> impl Iterator<Item = Result<Referral, StateError>> + '_ {
        self.referrals.iter().values().map(|v| dec(&v?))
    }

    pub fn referral_reply(&self, id: &ReferralId) -> Result<Option<ReferralReply>, StateError> {
        self.referral_replies.get(id.to_string().as_bytes())?.map(|v| dec(&v)).transpose()
    }

    /// Every reply the ward made, for the rosters.
    pub fn referral_replies(&self) -> Result<Vec<ReferralReply>, StateError> {
        self.referral_replies.iter().values().map(|v| dec(&v?)).collect()
    }

    pub fn orientations_of(&self, card: &CardNumber) -> Result<Vec<Orientation>, StateError> {
        self.orientations.scan_prefix(prefix(&[card.as_str()])).values().map(|v| dec(&v?)).collect()
    }

    pub fn waits(&self) -> Result<Vec<(String, WaitEntry)>, StateError> {
        self.waits
            .iter()
            .map(|r| {
                let (k, v) = r?;
                Ok((String::from_utf8_lossy(&k).into_owned(), dec(&v)?))
            })
            .collect()
    }

    pub fn roster_uses_of(&self, card: &CardNumber) -> Result<Vec<RosterUse>, StateError> {
        self.roster_uses.scan_prefix(prefix(&[card.as_str()])).values().map(|v| dec(&v?)).collect()
    }

    /// Ward: every registration, in facility then key order (revoked ones too).
    pub fn registrations(&self) -> Result<Vec<Registration>, StateError> {
        self.facilities.iter().map(|r| dec_meta(&r?.1)).collect()
    }

    /// Where each epoch of this install's journal begins (the first, without an epoch, at 1).
    pub fn epochs(&self) -> Result<Vec<EpochStart>, StateError> {
        Ok(self.meta_get("epochs")?.unwrap_or_else(|| vec![EpochStart { epoch: None, first_seq: 1 }]))
    }

    /// The epoch this install's next entries belong to.
    pub fn epoch(&self) -> Result<Option<Epoch>, StateError> {
        Ok(self.epochs()?.last().and_then(|e| e.epoch))
    }

    /// Ward: every facility's own view of an approval, as `(facility, approval)`.
    /// A staff account by name.
    pub fn staff_account(&self, name: &str) -> Result<Option<StaffAccount>, StateError> {
        self.staff.get(name.as_bytes())?.map(|v| dec_meta(&v)).transpose()
    }

    /// Every staff account, by name.
    pub fn staff_accounts(&self) -> Result<Vec<StaffAccount>, StateError> {
        self.staff.iter().map(|r| dec_meta(&r?.1)).collect()
    }

    pub fn facility_approvals(&self) -> Result<Vec<(String, Approval)>, StateError> {
        self.facility_approvals
            .iter()
            .map(|r| {
                let (k, v) = r?;
                let facility = k.split(|b| *b == SEP).next().unwrap_or_default();
                Ok((String::from_utf8_lossy(facility).into_owned(), dec(&v)?))
            })
            .collect()
    }

    /// Ward: a closed month's claims as recorded at closing.
    pub fn closing(&self, month: &str) -> Result<Option<crate::report::ClaimsReport>, StateError> {
        self.closings.get(month.as_bytes())?.map(|v| dec_meta(&v)).transpose()
    }

    /// Ward: every closed month's claims, oldest month first (the order they were closed in).
    pub fn closings(&self) -> Result<Vec<crate::report::ClaimsReport>, StateError> {
        self.closings.iter().map(|r| dec_meta(&r?.1)).collect()
    }

    /// Ward: the closed months, oldest first.
    pub fn closed_months(&self) -> Result<Vec<String>, StateError> {
        self.closings.iter().keys().map(|k| Ok(String::from_utf8_lossy(&k?).into_owned())).collect()
    }

    /// Ward: when the newest export received from `facility` was signed.
    pub fn last_export(&self, facility: &FacilityId) -> Result<Option<DateTime<FixedOffset>>, StateError> {
        self.last_exports.get(facility.as_str().as_bytes())?.map(|v| dec_meta(&v)).transpose()
    }

    /// Ward: every birth a facility reported.
    pub fn birth_proposals(&self) -> Result<Vec<BirthProposal>, StateError> {
        self.birth_proposals.iter().map(|r| dec(&r?.1)).collect()
    }

    /// The runs of an origin's entries of one epoch already folded in (the ward's imports).
    pub fn seen_of(&self, origin: &str, epoch: Option<Epoch>) -> Result<SeenRuns, StateError> {
        let p = prefix(&[origin, &epoch_key(epoch)]);
        let mut runs = Vec::new();
        for row in self.seen.scan_prefix(&p) {
            let (k, v) = row?;
            let first = std::str::from_utf8(&k[p.len()..]).ok().and_then(|s| s.parse::<u64>().ok());
            let last = <[u8; 8]>::try_from(v.as_ref()).ok().map(u64::from_be_bytes);
            if let (Some(first), Some(last)) = (first, last) {
                runs.push((first, last));
            }
        }
        Ok(SeenRuns::from_runs(runs))
    }

    /// Ward: how far it has received each facility's journal, per epoch: the last entry seen. A
    /// facility's export always starts just past what the ward last acknowledged to it, so what
    /// the ward has of an epoch has no holes but the entries the facility never sends (rosters).
    pub fn acknowledged(&self) -> Result<Vec<Acknowledged>, StateError> {
        let mut last: BTreeMap<(String, String), u64> = BTreeMap::new();
        for row in self.seen.iter() {
            let (k, v) = row?;
            let mut parts = k.split(|b| *b == SEP);
            let (Some(facility), Some(epoch)) = (parts.next(), parts.next()) else { continue };
            let Ok(through) = <[u8; 8]>::try_from(v.as_ref()).map(u64::from_be_bytes) else { continue };
            let e = last
                .entry((String::from_utf8_lossy(facility).into_owned(), String::from_utf8_lossy(epoch).into_owned()))
                .or_default();
            *e = (*e).max(through);
        }
        let mut out = Vec::new();
        for ((facility, epoch), through_seq) in last {
            let (Ok(facility), Ok(epoch)) = (facility.parse(), (!epoch.is_empty()).then(|| epoch.parse()).transpose())
            else {
                continue;
            };
            out.push(Acknowledged { facility, epoch, through_seq });
        }
        Ok(out)
    }

    /// Every tree's content, for comparing two states (verify: sled against a fresh fold).
    pub fn dump(&self) -> Result<BTreeMap<String, Rows>, StateError> {
        let mut out = BTreeMap::new();
        for name in self.db.tree_names() {
            let tree = self.db.open_tree(&name)?;
            let rows = tree.iter().map(|r| r.map(|(k, v)| (k.to_vec(), v.to_vec()))).collect::<Result<Vec<_>, _>>()?;
            out.insert(String::from_utf8_lossy(&name).into_owned(), rows);
        }
        out.remove("__sled__default");
        Ok(out)
    }
}

/// The indexes a booking is listed in, besides its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Index {
    Card,
    Day,
    Month,
}

/// What [`State::put_bookings`] does to one index row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RowChange {
    Remove,
    Insert,
}

/// Every index row of a booking: by card and claim month always, its days while it holds a place.
fn index_rows(b: &Booking) -> BTreeSet<(Index, Vec<u8>)> {
    let mut rows = BTreeSet::new();
    let id = b.id.to_string();
    rows.insert((Index::Card, key(&[b.card.as_str(), &id])));
    rows.insert((Index::Month, key(&[&b.claim_month(), &id])));
    if b.status.counts() {
        rows.extend(b.days().map(|d| (Index::Day, key(&[b.service.code(), &d.to_string(), &id]))));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::records::{BookingStatus, Payment, Screening};
    use crate::money::Fee;
    use rust_decimal_macros::dec;

    fn full_booking() -> Booking {
        let at = DateTime::parse_from_rfc3339("2026-12-01T10:15:00+09:00").unwrap();
        Booking {
            id: "pao-42".parse().unwrap(),
            facility: "pao".parse().unwrap(),
            card: "N-2026-0001".parse().unwrap(),
            service: Service::ShortStay,
            first_day: NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(),
            units: 3,
            status: BookingStatus::Completed,
            reason: Some("授乳の相談".into()),
            fee: Fee::new(dec!(7000), dec!(59000)).unwrap(),
            cancel_by: at,
            booked_at: at,
            screening: Some(Screening {
                temperature: Some("36.5".into()),
                acute_infection: false,
                notes: "良好".into(),
            }),
            payment: Some(Payment { receipt_no: "R-1".into(), amount: dec!(7000), at }),
        }
    }

    #[test]
    fn a_record_round_trips_whole() {
        let b = full_booking();
        assert_eq!(dec::<Booking>(&enc(&b)).unwrap(), b);
    }

    #[test]
    fn a_booking_head_reads_the_leading_fields_of_the_record() {
        let b = full_booking();
        let head: BookingHead = dec(&enc(&b)).unwrap();
        let expected = BookingHead {
            id: b.id,
            facility: b.facility,
            card: b.card,
            service: b.service,
            first_day: b.first_day,
            units: b.units,
            status: b.status,
        };
        assert_eq!(head, expected);
    }
}
