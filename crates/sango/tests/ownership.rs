//! Ownership on import: a facility's bundle, signed with its own key and so authentic, still only
//! speaks for what is its own. Every hostile bundle here is made by hand and sealed with a
//! facility's real key, as a facility's install (or whoever holds its key) could make it.

use chrono::{DateTime, FixedOffset, NaiveDate};
use sango::app::{App, ApprovalInput, ErrorKind};
use sango::ledger::event::{BookingChange, ENTRY_VERSION};
use sango::ledger::{Actor, Approval, ApprovalSource, Birth, Booking, BookingStatus, CareEntry, Entry, Event, Role};
use sango::money::Fee;
use sango::sync::{seal_export, Identity, Role as KeyRole, WardCard};
use sango::types::{FacilityId, Household, Service};

struct World {
    tmp: tempfile::TempDir,
    now: DateTime<FixedOffset>,
    ward: App,
    card: WardCard,
    tsumugi: Identity,
    pao: Identity,
}

fn officer() -> Actor {
    Actor { name: "ward".into(), role: Role::Ward }
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

/// A ward that approved C-1 (standard household, day care only) and recorded her single birth.
fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let now = DateTime::parse_from_rfc3339("2026-12-01T09:00:00+09:00").unwrap();
    let (ward, _) = App::init_ward(&tmp.path().join("ward"), now).unwrap();
    let card = WardCard::from_json(&ward.ward_card_json().unwrap()).unwrap();
    ward.approval_add(
        now,
        &officer(),
        ApprovalInput {
            card: "C-1".parse().unwrap(),
            approval_no: "A-1".parse().unwrap(),
            mother: "練馬 花子".parse().unwrap(),
            services: vec![Service::DayCare],
            household: Household::Standard,
            postal: None,
            emergency: false,
        },
    )
    .unwrap();
    ward.birth_record(now, &officer(), &"C-1".parse().unwrap(), d(11, 10), 1).unwrap();
    let key = |id: &str| Identity::generate(KeyRole::Facility { facility: id.parse().unwrap() }).unwrap();
    let (tsumugi, pao) = (key("tsumugi"), key("pao"));
    // Both registered by the ward: what they may say is the question here, not who they are.
    for f in [&tsumugi, &pao] {
        ward.facility_add(now, &officer(), &f.facility_card().unwrap().to_json()).unwrap();
    }
    World { tmp, now, ward, card, tsumugi, pao }
}

fn entry(origin: &FacilityId, seq: u64, event: Event) -> Entry {
    let at = DateTime::parse_from_rfc3339("2026-11-30T10:00:00+09:00").unwrap();
    Entry {
        v: ENTRY_VERSION,
        epoch: None,
        origin: origin.to_string(),
        seq,
        at,
        recorded_at: Some(at),
        actor: Actor { name: "desk".into(), role: Role::Reception },
        event,
    }
}

fn facility_of(identity: &Identity) -> FacilityId {
    match identity.role() {
        KeyRole::Facility { facility } => facility.clone(),
        _ => unreachable!(),
    }
}

/// A bundle sealed with `identity`'s own key, declaring `first..=last` in its signed manifest.
/// (The ward trusts a facility's key by the bundle's card today; a ward that registers facilities
/// by hand would register `identity` first.)
fn sealed(w: &World, identity: &Identity, entries: &[Entry], first: u64, last: u64, name: &str) -> std::path::PathBuf {
    let payload = serde_json::to_vec(&serde_json::json!({ "entries": entries })).unwrap();
    let bytes = seal_export(&payload, first, last, w.now, identity, &w.card).unwrap();
    let file = w.tmp.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    file
}

fn approval(card: &str, household: Household, source: ApprovalSource, services: Vec<Service>) -> Approval {
    Approval {
        card: card.parse().unwrap(),
        approval_no: "A-666".parse().unwrap(),
        mother: "偽名 太郎".parse().unwrap(),
        services,
        household,
        postal: None,
        emergency: false,
        source,
        issued_on: None,
    }
}

fn booking(id: &str, facility: &str, card: &str, day: NaiveDate, fee: Fee) -> Booking {
    let at = DateTime::parse_from_rfc3339("2026-11-30T10:00:00+09:00").unwrap();
    Booking {
        id: id.parse().unwrap(),
        facility: facility.parse().unwrap(),
        card: card.parse().unwrap(),
        service: Service::DayCare,
        first_day: day,
        units: 1,
        status: BookingStatus::Completed,
        reason: None,
        fee,
        cancel_by: at,
        booked_at: at,
        screening: None,
        payment: None,
    }
}

fn care(booking: &str, day: NaiveDate) -> CareEntry {
    CareEntry {
        booking: booking.parse().unwrap(),
        date: day,
        breast_care: true,
        feeding_consultation: false,
        parenting_consultation: false,
        baby_health_check: false,
        baby_weight_g: None,
        bathing: false,
        bathing_practice: false,
        meals_served: 1,
        formula: false,
        notes: "偽".into(),
        follow_up: false,
        mother: Default::default(),
        baby: Default::default(),
    }
}

fn fee() -> Fee {
    sango::program::Program::builtin().fee(Service::DayCare, d(12, 8), 1, Household::Standard).unwrap()
}

/// つむぎ's legitimate export: its desk's view of C-1 and one completed day, with its care.
fn legitimate(w: &World) -> (std::path::PathBuf, Booking) {
    let t = facility_of(&w.tsumugi);
    let b = booking("tsumugi-2", "tsumugi", "C-1", d(12, 8), fee());
    let entries = vec![
        entry(
            &t,
            1,
            Event::ApprovalRecorded {
                approval: approval("C-1", Household::Standard, ApprovalSource::Desk, vec![Service::DayCare]),
            },
        ),
        entry(&t, 2, Event::BookingSaved { change: BookingChange::Completed, booking: b.clone() }),
        entry(&t, 3, Event::CareLogged { entry: care("tsumugi-2", d(12, 8)) }),
    ];
    (sealed(w, &w.tsumugi, &entries, 1, 3, "tsumugi.sango"), b)
}

#[test]
fn a_legitimate_export_still_folds_and_replays_once() {
    let w = world();
    let (file, b) = legitimate(&w);
    let r = w.ward.import(w.now, &officer(), &file).unwrap();
    assert_eq!((r.imported, r.skipped, r.refused), (3, 0, 0));
    let state = w.ward.state();
    assert_eq!(state.booking("tsumugi-2").unwrap(), Some(b));
    assert_eq!(state.care_of("tsumugi-2").unwrap().len(), 1);
    let again = w.ward.import(w.now, &officer(), &file).unwrap();
    assert_eq!((again.imported, again.skipped, again.refused), (0, 3, 0));
    assert!(w.ward.verify().unwrap().ok);
}

#[test]
fn a_facility_cannot_rewrite_the_wards_approval_birth_or_another_facilitys_booking() {
    let w = world();
    let (file, tsumugi_booking) = legitimate(&w);
    w.ward.import(w.now, &officer(), &file).unwrap();
    let state = w.ward.state();
    let mother_before = state.mother(&"C-1".parse().unwrap()).unwrap().unwrap();
    let quota_before =
        w.ward.quota(&"C-1".parse().unwrap(), chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();

    let p = facility_of(&w.pao);
    let hostile = vec![
        // "source: ward", 生活保護, every service, another name: the ward's approval must not move.
        entry(
            &p,
            1,
            Event::ApprovalRecorded {
                approval: approval("C-1", Household::Welfare, ApprovalSource::Ward, Service::ALL.to_vec()),
            },
        ),
        // Twins: every limit would grow.
        entry(
            &p,
            2,
            Event::BirthRecorded { card: "C-1".parse().unwrap(), birth: Birth { date: d(11, 10), babies: 2 } },
        ),
        // つむぎ's booking, claimed as pao's, with the fee halved.
        entry(
            &p,
            3,
            Event::BookingSaved {
                change: BookingChange::Completed,
                booking: booking(
                    "tsumugi-2",
                    "pao",
                    "C-1",
                    d(12, 9),
                    Fee::new(fee().user_fee(), fee().ward_amount() / rust_decimal::Decimal::TWO).unwrap(),
                ),
            },
        ),
        // pao's id, つむぎ's facility field.
        entry(
            &p,
            4,
            Event::BookingSaved {
                change: BookingChange::Completed,
                booking: booking("pao-4", "tsumugi", "C-1", d(12, 10), fee()),
            },
        ),
        // Care on つむぎ's booking.
        entry(&p, 5, Event::CareLogged { entry: care("tsumugi-2", d(12, 9)) }),
        // A mother the ward never approved.
        entry(
            &p,
            6,
            Event::ApprovalRecorded {
                approval: approval("C-2", Household::Standard, ApprovalSource::Ward, vec![Service::DayCare]),
            },
        ),
    ];
    let file = sealed(&w, &w.pao, &hostile, 1, 6, "pao.sango");
    let r = w.ward.import(w.now, &officer(), &file).unwrap();
    assert_eq!((r.imported, r.skipped, r.refused), (3, 0, 3), "the two bookings and the care entry are refused");

    let state = w.ward.state();
    assert_eq!(
        state.mother(&"C-1".parse().unwrap()).unwrap().unwrap(),
        mother_before,
        "the ward's approval and birth are unchanged"
    );
    assert_eq!(state.mother(&"C-2".parse().unwrap()).unwrap(), None, "no mother is approved by a facility's word");
    assert_eq!(
        w.ward.quota(&"C-1".parse().unwrap(), chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap(),
        quota_before,
        "the limits are unchanged"
    );
    assert_eq!(state.booking("tsumugi-2").unwrap(), Some(tsumugi_booking), "つむぎ's booking is as つむぎ said it");
    assert_eq!(state.booking("pao-4").unwrap(), None);
    assert_eq!(state.care_of("tsumugi-2").unwrap().len(), 1, "only つむぎ's own care entry");
    assert_eq!(state.bookings().count(), 1);

    // What pao said is visible to the ward, apart: C-2 is a mother it has not approved; the
    // twins a proposal beside the ward's single birth. C-1's approval is the ward's, so not listed.
    let reports = w.ward.facility_reports(&admin()).unwrap();
    assert_eq!(
        reports.approvals.iter().map(|a| (a.facility.as_str(), a.card.as_str())).collect::<Vec<_>>(),
        vec![("pao", "C-2")]
    );
    assert_eq!(reports.births.len(), 1);
    let proposal = &reports.births[0];
    assert_eq!((proposal.facility.as_str(), proposal.card.as_str(), proposal.babies), ("pao", "C-1", 2));
    assert_eq!(proposal.ward_birth.as_ref().map(|b| b.babies), Some(1));

    // The roster carries the ward's approval only.
    let roster = w.tmp.path().join("roster.sango");
    assert_eq!(w.ward.roster(w.now, &admin(), &roster).unwrap().events, 2, "one mother and one use");

    assert!(w.ward.verify().unwrap().ok, "the state equals a fresh fold of the journal");
    let again = w.ward.import(w.now, &officer(), &file).unwrap();
    assert_eq!((again.imported, again.skipped, again.refused), (0, 6, 0));
    let dir = w.ward.store_dir().to_path_buf();
    let World { ward, tmp: _tmp, .. } = w;
    drop(ward);
    let reopened = App::open(&dir).unwrap();
    assert_eq!(reopened.state().mother(&"C-1".parse().unwrap()).unwrap().unwrap(), mother_before);
}

#[test]
fn the_ward_accepts_a_reported_birth_by_recording_it_itself() {
    let w = world();
    let t = facility_of(&w.tsumugi);
    let twins = Birth { date: d(11, 10), babies: 2 };
    let file = sealed(
        &w,
        &w.tsumugi,
        &[entry(&t, 1, Event::BirthRecorded { card: "C-1".parse().unwrap(), birth: twins })],
        1,
        1,
        "birth.sango",
    );
    w.ward.import(w.now, &officer(), &file).unwrap();
    let card = "C-1".parse().unwrap();
    assert_eq!(w.ward.state().mother(&card).unwrap().unwrap().birth.map(|b| b.babies), Some(1));
    assert_eq!(w.ward.facility_reports(&admin()).unwrap().births.len(), 1);
    // The ward checks with the health centre and records the birth as reported.
    w.ward.birth_record(w.now, &officer(), &card, twins.date, 2).unwrap();
    assert_eq!(w.ward.state().mother(&card).unwrap().unwrap().birth, Some(twins));
    assert!(w.ward.facility_reports(&admin()).unwrap().births.is_empty(), "accepted: no longer pending");
    assert!(w.ward.verify().unwrap().ok);
}

#[test]
fn entries_outside_the_manifests_range_or_not_the_senders_refuse_the_whole_bundle() {
    let w = world();
    let p = facility_of(&w.pao);
    let t = facility_of(&w.tsumugi);
    let before = w.ward.last_seq();
    let good = |seq| {
        entry(
            &p,
            seq,
            Event::BookingSaved {
                change: BookingChange::Completed,
                booking: booking(&format!("pao-{seq}"), "pao", "C-1", d(12, 8), fee()),
            },
        )
    };
    // The manifest says 10..=12; an entry 13 (or 9) rides along.
    for (stray, name) in [(13, "after"), (9, "before")] {
        let file = sealed(&w, &w.pao, &[good(10), good(11), good(stray)], 10, 12, &format!("{name}.sango"));
        let e = w.ward.import(w.now, &officer(), &file).unwrap_err();
        assert_eq!((e.kind(), e.code.as_str()), (ErrorKind::Integrity, "entry_outside_manifest".to_string()), "{name}");
    }
    // An entry whose origin is つむぎ, in pao's bundle.
    let file = sealed(
        &w,
        &w.pao,
        &[good(10), entry(&t, 11, Event::CareLogged { entry: care("tsumugi-2", d(12, 8)) })],
        10,
        11,
        "origin.sango",
    );
    let e = w.ward.import(w.now, &officer(), &file).unwrap_err();
    assert_eq!(
        (e.kind(), e.code.as_str(), e.kind().exit_code()),
        (ErrorKind::Integrity, "entry_not_senders".to_string(), 5)
    );
    assert_eq!(w.ward.last_seq(), before, "nothing written");
    assert_eq!(w.ward.state().bookings().count(), 0);
    // The same entries within the range import.
    let file = sealed(&w, &w.pao, &[good(10), good(11), good(12)], 10, 12, "ok.sango");
    assert_eq!(w.ward.import(w.now, &officer(), &file).unwrap().imported, 3);
}

fn admin() -> sango::ledger::Actor {
    sango::ledger::Actor { name: "test".into(), role: sango::ledger::Role::Admin }
}
