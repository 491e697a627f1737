//! A bundle larger than one journal entry may hold (a facility's months of records, a ward's
//! years of roster) imports whole, in parts written with one sync, and importing it again
//! changes nothing.

use chrono::{DateTime, FixedOffset};
use sango::app::App;
use sango::ledger::{Actor, Role};
use sango::sync::{Identity, Role as KeyRole, WardCard};
use sango::types::FacilityId;
use sango_gen::{self as generate, Spec};

/// A fresh ward, its card, and the identity of the facility (ぱお) whose bundles it imports.
struct Ward {
    tmp: tempfile::TempDir,
    now: DateTime<FixedOffset>,
    app: App,
    card: WardCard,
    facility: FacilityId,
    identity: Identity,
}

fn ward() -> Ward {
    let tmp = tempfile::tempdir().unwrap();
    let now = DateTime::parse_from_rfc3339("2030-01-01T09:00:00+09:00").unwrap();
    let (app, _) = App::init_ward(&tmp.path().join("ward"), now).unwrap();
    let card = WardCard::from_json(&app.ward_card_json().unwrap()).unwrap();
    let facility: FacilityId = "pao".parse().unwrap();
    let identity = Identity::generate(KeyRole::Facility { facility: facility.clone() }).unwrap();
    let officer = Actor { name: "ward".into(), role: Role::Ward };
    app.facility_add(now, &officer, &identity.facility_card().unwrap().to_json()).unwrap();
    Ward { tmp, now, app, card, facility, identity }
}

#[test]
fn a_bundle_of_many_parts_imports_whole_and_once() {
    let Ward { tmp, now, app: ward, card, facility, identity } = ward();
    // About 11,000 entries: six parts.
    let spec = Spec::with_uses(7, 6_000);
    let (bytes, entries) = generate::export_bundle(&spec, &facility, &card, &identity).unwrap();
    assert!(entries.len() > 10_000, "{} entries", entries.len());
    let file = tmp.path().join("big.sango");
    std::fs::write(&file, &bytes).unwrap();
    let officer = Actor { name: "ward".into(), role: Role::Ward };
    let before = ward.last_seq();
    let first = ward.import(now, &officer, &file).unwrap();
    assert_eq!(first.imported as usize, entries.len());
    assert!(ward.last_seq() - before >= 5, "written in parts");
    let again = ward.import(now, &officer, &file).unwrap();
    assert_eq!((again.imported, again.skipped as usize), (0, entries.len()));
    assert!(ward.verify().unwrap().ok);
    // The parts replay to the same state after a reopen.
    let dir = ward.store_dir().to_path_buf();
    let bookings = ward.state().bookings().count();
    drop(ward);
    let reopened = App::open(&dir).unwrap();
    assert_eq!(reopened.state().bookings().count(), bookings);
    assert!(bookings > 0);
}

/// The ward's working state after many-part imports holds each booking as the facility last said
/// it, and every index (by month, by card, by day) lists exactly those bookings. Two bundles: the
/// first with each booking as it was made, the second with everything that happened to it later
/// (completed with other days, cancelled, …), so index rows must move and go, across parts and
/// imports, through the coalescing, the rows written by difference and the two threads.
#[test]
fn after_large_imports_every_index_says_what_the_facility_last_said() {
    use std::collections::{BTreeMap, BTreeSet};

    use sango::ledger::{Booking, Entry, Event};

    let Ward { tmp, now, app: ward, card, facility, identity } = ward();
    let (_, entries) = generate::export_bundle(&Spec::with_uses(11, 6_000), &facility, &card, &identity).unwrap();
    let mut made = BTreeSet::new();
    let (first, later): (Vec<&Entry>, Vec<&Entry>) = entries.iter().partition(|e| match &e.event {
        Event::BookingSaved { booking, .. } => made.insert(booking.id.clone()),
        _ => true,
    });
    let officer = Actor { name: "ward".into(), role: Role::Ward };
    for (n, part) in [first, later].iter().enumerate() {
        let payload = serde_json::to_vec(&serde_json::json!({ "entries": part })).unwrap();
        let (from, to) = (part.iter().map(|e| e.seq).min().unwrap(), part.iter().map(|e| e.seq).max().unwrap());
        let bytes = sango::sync::seal_export(&payload, from, to, now, &identity, &card).unwrap();
        let file = tmp.path().join(format!("bundle-{n}.sango"));
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(ward.import(now, &officer, &file).unwrap().imported as usize, part.len());
    }

    let mut last: BTreeMap<sango::types::BookingId, Booking> = BTreeMap::new();
    for e in &entries {
        if let Event::BookingSaved { booking, .. } = &e.event {
            last.insert(booking.id.clone(), booking.clone());
        }
    }
    assert!(last.values().any(|b| !b.status.counts()), "some bookings must have let their days go");
    let state = ward.state();
    for b in last.values() {
        assert_eq!(state.booking(&b.id.to_string()).unwrap().as_ref(), Some(b));
    }
    let ids = |bs: Vec<Booking>| bs.into_iter().map(|b| b.id).collect::<BTreeSet<_>>();
    for month in last.values().map(Booking::claim_month).collect::<BTreeSet<_>>() {
        let want = last.values().filter(|b| b.claim_month() == month).map(|b| b.id.clone()).collect();
        assert_eq!(ids(state.bookings_in_month(&month).unwrap()), want, "month {month}");
    }
    for card in last.values().map(|b| b.card.clone()).collect::<BTreeSet<_>>() {
        let want = last.values().filter(|b| b.card == card).map(|b| b.id.clone()).collect();
        assert_eq!(ids(state.bookings_of(&card).unwrap()), want, "card {card}");
    }
    let mut places: BTreeMap<(sango::types::Service, chrono::NaiveDate), u32> = BTreeMap::new();
    for b in last.values() {
        for d in b.days() {
            *places.entry((b.service, d)).or_default() += u32::from(b.status.counts());
        }
    }
    for ((service, day), taken) in places {
        assert_eq!(state.occupancy(service, day).unwrap(), taken, "{service:?} on {day}");
    }
    assert!(ward.verify().unwrap().ok);
}
