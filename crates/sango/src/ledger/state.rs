//! The working state: the journal folded into sled trees, with the indexes the desk needs.
//!
//! Only this file knows sled's trees. Folding is idempotent (records are written whole, indexes
//! rebuilt from the record), so replaying an entry that was already applied changes nothing: a
//! crash between the journal's `sync_data` and the `applied_seq` update is harmless.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::event::{Entry, Event};
use super::records::{Booking, CareEntry, MotherRecord, Orientation, RosterUse, WaitEntry};
use super::settings::{Install, Mode, Settings};
use crate::types::{CardNumber, Service};

/// The layout of the working state's trees and records. A build that changes it bumps this; an
/// older working state is then rebuilt from the journal at open (the journal's entries carry
/// their own version, `event::ENTRY_VERSION`).
pub const STATE_SCHEMA: u32 = 1;

/// sled's page cache, set explicitly (its default is 1 GiB: too much beside a web view).
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("working state (sled): {0}")]
    Sled(#[from] sled::Error),
    #[error("working state record does not decode: {0}")]
    Decode(#[from] serde_json::Error),
}

/// What the ward's roster last told this facility.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct RosterMeta {
    pub generation: u64,
    pub created_at: DateTime<FixedOffset>,
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
    facility_keys: sled::Tree,
    /// The install and its settings, read on every booking check: kept decoded, replaced
    /// whenever the fold writes them.
    install_cache: std::sync::RwLock<Option<Option<Install>>>,
    settings_cache: std::sync::RwLock<Option<Settings>>,
}

const SEP: u8 = 0;

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

fn enc<T: Serialize>(v: &T) -> Vec<u8> {
    serde_json::to_vec(v).expect("records serialize")
}

fn dec<T: DeserializeOwned>(b: &[u8]) -> Result<T, StateError> {
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
            facility_keys: db.open_tree("facility_keys")?,
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
    pub fn apply(&self, entry: &Entry) -> Result<(), StateError> {
        self.fold(entry, None)?;
        self.meta_put("applied_seq", &entry.seq)?;
        Ok(())
    }

    fn fold(&self, entry: &Entry, imported_from: Option<&str>) -> Result<(), StateError> {
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
            Event::ApprovalRecorded { approval } => {
                let existing = self.mother(&approval.card)?;
                // A desk's provisional approval arriving at the ward never overrides the ward's own.
                if imported_from.is_some() && existing.as_ref().is_some_and(|m| m.approval.source > approval.source) {
                    return Ok(());
                }
                let birth = existing.and_then(|m| m.birth);
                self.put_mother(&MotherRecord { approval: approval.clone(), birth })?;
            }
            Event::BirthRecorded { card, birth } => {
                if let Some(mut m) = self.mother(card)? {
                    m.birth = Some(*birth);
                    self.put_mother(&m)?;
                }
            }
            Event::BookingSaved { booking, .. } => {
                // Ownership: a facility's bundle may only speak for its own bookings.
                if imported_from.is_none_or(|f| booking.facility.as_str() == f) {
                    self.put_booking(booking)?;
                }
            }
            Event::CareLogged { entry: care } => {
                let owned = imported_from.is_none_or(|f| care.booking.starts_with(&format!("{f}-")));
                if owned {
                    let date = care.date.to_string();
                    self.care.insert(key(&[&care.booking, &date]), enc(care))?;
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
            Event::BundleImported { facility, card, entries } => {
                if imported_from.is_some() {
                    return Ok(());
                }
                self.facility_keys.insert(facility.as_str().as_bytes(), card.as_bytes())?;
                for e in entries {
                    let seen_key = key(&[&e.origin, &format!("{:020}", e.seq)]);
                    if e.origin != facility.as_str() || self.seen.contains_key(&seen_key)? {
                        continue;
                    }
                    self.fold(e, Some(facility.as_str()))?;
                    self.seen.insert(seen_key, &[])?;
                }
            }
            Event::RosterImported { generation, created_at, mothers, uses, continues } => {
                if imported_from.is_some() {
                    return Ok(());
                }
                for m in mothers {
                    let birth = m.birth.or_else(|| self.mother(&m.approval.card).ok().flatten().and_then(|x| x.birth));
                    self.put_mother(&MotherRecord { approval: m.approval.clone(), birth })?;
                }
                let own = self.install()?.and_then(|i| i.facility).map(|f| f.to_string()).unwrap_or_default();
                if !continues {
                    self.roster_uses.clear()?;
                }
                for u in uses.iter().filter(|u| u.facility.as_str() != own) {
                    self.roster_uses.insert(key(&[u.card.as_str(), &u.booking]), enc(u))?;
                }
                self.meta_put("roster", &RosterMeta { generation: *generation, created_at: *created_at })?;
            }
        }
        Ok(())
    }

    fn put_mother(&self, m: &MotherRecord) -> Result<(), StateError> {
        self.mothers.insert(m.approval.card.as_str().as_bytes(), enc(m))?;
        Ok(())
    }

    fn put_booking(&self, b: &Booking) -> Result<(), StateError> {
        if let Some(old) = self.booking(&b.id)? {
            for k in day_keys(&old) {
                self.by_day.remove(k)?;
            }
            self.by_month.remove(month_key(&old))?;
        }
        self.bookings.insert(b.id.as_bytes(), enc(b))?;
        self.by_card.insert(key(&[b.card.as_str(), &b.id]), &[])?;
        if b.status.counts() {
            for k in day_keys(b) {
                self.by_day.insert(k, &[])?;
            }
        }
        self.by_month.insert(month_key(b), &[])?;
        Ok(())
    }

    // ---- reading ------------------------------------------------------------------------

    fn meta_get<T: DeserializeOwned>(&self, k: &str) -> Result<Option<T>, StateError> {
        self.meta.get(k)?.map(|v| dec(&v)).transpose()
    }

    fn meta_put<T: Serialize>(&self, k: &str, v: &T) -> Result<(), StateError> {
        // The cache's lock is held across the write, as across a fill: a reader never caches the
        // value this write replaces.
        match k {
            "install" => {
                let mut cache = self.install_cache.write().unwrap_or_else(|p| p.into_inner());
                self.meta.insert(k, enc(v))?;
                *cache = None;
            }
            "settings" => {
                let mut cache = self.settings_cache.write().unwrap_or_else(|p| p.into_inner());
                self.meta.insert(k, enc(v))?;
                *cache = None;
            }
            _ => {
                self.meta.insert(k, enc(v))?;
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
        let mut out = Vec::new();
        for k in self.by_card.scan_prefix(prefix(&[card.as_str()])).keys() {
            let k = k?;
            let id = &k[card.as_str().len() + 1..];
            if let Some(b) = self.bookings.get(id)? {
                out.push(dec(&b)?);
            }
        }
        out.sort_by(|a: &Booking, b| a.first_day.cmp(&b.first_day).then(a.id.cmp(&b.id)));
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
        let p = prefix(&[service.code(), &date.to_string()]);
        Ok(self.by_day.scan_prefix(&p).count() as u32)
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

    /// The card (JSON) first seen for a facility's bundles: the ward pins its key.
    pub fn facility_card(&self, facility: &str) -> Result<Option<String>, StateError> {
        Ok(self.facility_keys.get(facility.as_bytes())?.map(|v| String::from_utf8_lossy(&v).into_owned()))
    }

    pub fn facility_cards(&self) -> Result<Vec<(String, String)>, StateError> {
        self.facility_keys
            .iter()
            .map(|r| {
                let (k, v) = r?;
                Ok((String::from_utf8_lossy(&k).into_owned(), String::from_utf8_lossy(&v).into_owned()))
            })
            .collect()
    }

    pub fn has_seen(&self, origin: &str, seq: u64) -> Result<bool, StateError> {
        Ok(self.seen.contains_key(key(&[origin, &format!("{seq:020}")]))?)
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

fn day_keys(b: &Booking) -> Vec<Vec<u8>> {
    b.days().map(|d| key(&[b.service.code(), &d.to_string(), &b.id])).collect()
}

fn month_key(b: &Booking) -> Vec<u8> {
    key(&[&b.claim_month(), &b.id])
}
