//! A bundle larger than one journal entry may hold (a facility's months of records, a ward's
//! years of roster) imports whole, in parts written with one sync, and importing it again
//! changes nothing.

use chrono::DateTime;
use sango::app::generate::{self, Spec};
use sango::app::App;
use sango::ledger::{Actor, Role};
use sango::sync::{Identity, Role as KeyRole, WardCard};
use sango::types::FacilityId;

#[test]
fn a_bundle_of_many_parts_imports_whole_and_once() {
    let tmp = tempfile::tempdir().unwrap();
    let now = DateTime::parse_from_rfc3339("2030-01-01T09:00:00+09:00").unwrap();
    let (ward, _) = App::init_ward(&tmp.path().join("ward"), now).unwrap();
    let card = WardCard::from_json(&ward.ward_card_json().unwrap()).unwrap();
    let facility: FacilityId = "pao".parse().unwrap();
    let identity = Identity::generate(KeyRole::Facility { facility: facility.clone() }).unwrap();
    // About 11,000 entries: six parts.
    let spec = Spec::with_uses(7, 6_000);
    let (bytes, entries) = generate::export_bundle(&spec, &facility, &card, &identity).unwrap();
    assert!(entries.len() > 10_000, "{} entries", entries.len());
    let file = tmp.path().join("big.sango");
    std::fs::write(&file, &bytes).unwrap();
    let officer = Actor { name: "ward".into(), role: Role::Ward };
    let before = ward.store().last_seq();
    let first = ward.import(now, &officer, &file).unwrap();
    assert_eq!(first.imported as usize, entries.len());
    assert!(ward.store().last_seq() - before >= 5, "written in parts");
    let again = ward.import(now, &officer, &file).unwrap();
    assert_eq!((again.imported, again.skipped as usize), (0, entries.len()));
    assert!(ward.verify().unwrap().ok);
    // The parts replay to the same state after a reopen.
    let dir = ward.store().dir().to_path_buf();
    let bookings = ward.store().state().bookings().count();
    drop(ward);
    let reopened = App::open(&dir).unwrap();
    assert_eq!(reopened.store().state().bookings().count(), bookings);
    assert!(bookings > 0);
}
