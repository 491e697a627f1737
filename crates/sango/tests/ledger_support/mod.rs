//! Shared set-up of the ledger's reliability tests: a ward and one facility install (川北病院:
//! short stay and day care, no age limit of its own, open every day), mothers, bookings.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Days, FixedOffset, NaiveDate};
use sango::app::{App, AppError, ApprovalInput, BookingInput, BookingRequest, FacilitySetup};
use sango::ledger::{Actor, Capacity, Role};
use sango::types::{CardNumber, Household, Service};

pub const FACILITY: &str = "kawakita-hospital";

/// The door's clock: 2026-12-01 09:00 JST, plus `minutes`.
pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-12-01T09:00:00+09:00").unwrap()
}

/// A December 2026 day (all after `now`, all open at 川北病院).
pub fn day(n: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap() + Days::new(u64::from(n) - 1)
}

pub fn desk() -> Actor {
    Actor {
        name: "受付 一郎".into(),
        // The ledger is modelled here, not who may do what (rules::roles): one admin does it all.
        role: Role::Admin,
    }
}

/// A temporary root holding a ward install (for its card) and the facility install at `fac`.
pub struct World {
    pub tmp: tempfile::TempDir,
    pub fac: PathBuf,
}

/// Sets up the facility with the given places a day; returns the open app.
pub fn facility(capacity: Capacity) -> (World, App) {
    let tmp = tempfile::tempdir().unwrap();
    let (fac, app) = facility_in(tmp.path(), capacity);
    (World { tmp, fac }, app)
}

pub fn facility_in(root: &Path, capacity: Capacity) -> (PathBuf, App) {
    let ward_dir = root.join("ward");
    let (ward, _) = App::init_ward(&ward_dir, now()).unwrap();
    let card = ward.ward_card_json().unwrap();
    drop(ward);
    let fac = root.join("facility");
    let setup = FacilitySetup {
        facility: FACILITY.parse().unwrap(),
        ward_card_json: card,
        closed: String::new(),
        capacity,
        program_toml: None,
    };
    let (app, view) = App::init_facility(&fac, now(), setup).unwrap();
    // The words the desk would write on the recovery sheet, kept outside the data folder for the
    // tests that restore a backup (possibly from another process).
    std::fs::write(root.join(RECOVERY_FILE), &view.recovery_key).unwrap();
    (fac, app)
}

/// Where `facility_in` keeps the facility's recovery key, beside (not in) its data folder.
pub const RECOVERY_FILE: &str = "recovery-key.txt";

/// The recovery key of the facility set up under `root`.
pub fn recovery_key(root: &Path) -> sango::sync::RecoveryKey {
    sango::app::backup::parse_recovery_key(&std::fs::read_to_string(root.join(RECOVERY_FILE)).unwrap()).unwrap()
}

/// Records an approval for every service (the desk's, provisional) and a birth on 2026-11-10.
pub fn mother(app: &App, card: &str) {
    let input = ApprovalInput {
        card: card.parse().unwrap(),
        approval_no: "A-1".parse().unwrap(),
        mother: "練馬 花子".parse().unwrap(),
        services: vec![Service::ShortStay, Service::DayCare, Service::HomeVisit],
        household: Household::Standard,
        postal: Some("177-0045".parse().unwrap()),
        emergency: false,
    };
    app.approval_add(now(), &desk(), input).unwrap();
    app.birth_record(now(), &desk(), &card_no(card), NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(), 1).unwrap();
}

pub fn card_no(card: &str) -> CardNumber {
    card.parse().unwrap()
}

pub fn input(card: &str, service: Service, first_day: NaiveDate, days: u32) -> BookingInput {
    BookingInput { card: card.into(), service, date: first_day.to_string(), days: Some(days), reason: None }
}

pub fn book(app: &App, card: &str, service: Service, first_day: NaiveDate, days: u32) -> Result<String, AppError> {
    app.book(now(), &desk(), &BookingRequest::try_from(&input(card, service, first_day, days))?).map(|r| r.booking)
}

/// `verify` is clean: the journal whole and the working state exactly the journal folded afresh.
pub fn assert_verified(app: &App) {
    let v = app.verify().unwrap();
    assert!(v.ok, "verify: {:?}", v.problems);
}

/// Every file under `dir`, recursively.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// A small deterministic generator (timings and garbling only).
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A seed from the environment (`var`) or the clock, printed so a failing run can be replayed.
pub fn seed(var: &str) -> u64 {
    let seed = std::env::var(var).ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos() as u64 | 1
    });
    eprintln!("{var}={seed}");
    seed
}

/// Every booking of the store, by id.
pub type Known = std::collections::BTreeMap<sango::types::BookingId, sango::ledger::Booking>;

pub fn all_bookings(app: &App) -> Known {
    app.state().bookings().map(|b| b.map(|b| (b.id.clone(), b))).collect::<Result<_, _>>().unwrap()
}
