//! Model test: random desk operations (approval, birth, book, cancel, complete) interleaved with
//! reboots (drop the app, reopen) and garbled working states (sled files damaged or the folder
//! deleted, then reopen), checked after every step against a plain in-memory model of quotas,
//! places and bookings. The journal is the record, so no reboot or garbling may change anything.
//!
//! `SANGO_MODEL_CASES` runs more cases (default 12).

mod ledger_support;

use std::fs;

use ledger_support::*;
use proptest::prelude::*;
use sango::app::App;
use sango::ledger::store::STATE_DIR;
use sango::ledger::{BookingStatus, Capacity};
use sango::types::Service;

const CARDS: usize = 3;
const CAPACITY: Capacity = Capacity { short_stay: 1, day_care: 2, home_visit: 3 };

#[derive(Debug, Clone)]
enum Op {
    Approve(usize),
    Birth(usize),
    Book { card: usize, service: Service, first: u32, units: u32 },
    Cancel(usize),
    Complete(usize),
    Reboot,
    Garble(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..CARDS).prop_map(Op::Approve),
        2 => (0..CARDS).prop_map(Op::Birth),
        8 => (0..CARDS, prop::bool::ANY, 2..20u32, 1..4u32).prop_map(|(card, stay, first, units)| {
            let (service, units) = if stay { (Service::ShortStay, units.max(2)) } else { (Service::DayCare, units) };
            Op::Book { card, service, first, units }
        }),
        3 => (0..24usize).prop_map(Op::Cancel),
        2 => (0..24usize).prop_map(Op::Complete),
        1 => Just(Op::Reboot),
        1 => any::<u64>().prop_map(Op::Garble),
    ]
}

#[derive(Debug, Clone)]
struct Use {
    id: String,
    card: usize,
    service: Service,
    first: u32,
    units: u32,
    status: BookingStatus,
}

impl Use {
    fn days(&self) -> std::ops::Range<u32> {
        self.first..self.first + self.units
    }
}

#[derive(Debug, Default)]
struct Model {
    approved: [bool; CARDS],
    born: [bool; CARDS],
    uses: Vec<Use>,
}

impl Model {
    fn limit(service: Service) -> u32 {
        match service {
            Service::ShortStay => 7,
            Service::DayCare => 12,
            Service::HomeVisit => 6,
        }
    }

    /// Whether the program lets this booking through.
    fn allows(&self, card: usize, service: Service, first: u32, units: u32) -> bool {
        let counting = || self.uses.iter().filter(|u| u.status.counts());
        let quota: u32 = counting().filter(|u| u.card == card && u.service == service).map(|u| u.units).sum();
        let overlaps = counting().any(|u| u.card == card && u.days().any(|d| (first..first + units).contains(&d)));
        let full = (first..first + units).any(|d| {
            counting().filter(|u| u.service == service && u.days().contains(&d)).count() as u32 >= CAPACITY.of(service)
        });
        self.approved[card] && self.born[card] && quota + units <= Model::limit(service) && !overlaps && !full
    }
}

fn card(i: usize) -> String {
    format!("C-{i:03}")
}

/// The app agrees with the model: every booking's state, and every mother's quota.
fn check(app: &App, model: &Model, step: &str) {
    let state = app.state();
    assert_eq!(state.bookings().count(), model.uses.len(), "{step}: number of bookings");
    for u in &model.uses {
        let b = state.booking(&u.id).unwrap().unwrap_or_else(|| panic!("{step}: {} is there", u.id));
        assert_eq!(
            (b.status, b.first_day, b.units, b.service),
            (u.status, day(u.first), u.units, u.service),
            "{step}: {}",
            u.id
        );
    }
    for c in 0..CARDS {
        if !model.approved[c] {
            assert!(
                app.quota(&card_no(&card(c)), chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).is_err(),
                "{step}: no approval, no quota"
            );
            continue;
        }
        for line in app
            .quota(&card_no(&card(c)), chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap())
            .unwrap()
            .iter()
            .filter(|l| l.service != Service::HomeVisit)
        {
            let mine = || model.uses.iter().filter(|u| u.card == c && u.service == line.service);
            let used: u32 = mine().filter(|u| u.status.is_used()).map(|u| u.units).sum();
            let booked: u32 = mine().filter(|u| u.status.counts() && !u.status.is_used()).map(|u| u.units).sum();
            assert_eq!(
                (line.used, line.booked, line.remaining),
                (used, booked, line.limit - used - booked),
                "{step}: {} quota of {}",
                line.service.code(),
                card(c)
            );
        }
    }
}

/// Damages the working state: one sled file garbled, cut or deleted, or the whole folder gone.
fn garble(fac: &std::path::Path, seed: u64) {
    let mut rng = XorShift(seed | 1);
    let state = fac.join(STATE_DIR);
    let files = files_under(&state);
    if files.is_empty() || rng.below(4) == 0 {
        let _ = fs::remove_dir_all(&state);
        return;
    }
    let file = &files[rng.below(files.len() as u64) as usize];
    let mut bytes = fs::read(file).unwrap();
    match rng.below(3) {
        0 => {
            let _ = fs::remove_file(file);
            return;
        }
        1 => bytes.truncate(rng.below(bytes.len() as u64 + 1) as usize),
        _ => {
            for _ in 0..1 + rng.below(32) {
                if !bytes.is_empty() {
                    let at = rng.below(bytes.len() as u64) as usize;
                    bytes[at] = rng.next() as u8;
                }
            }
        }
    }
    fs::write(file, bytes).unwrap();
}

fn run(ops: Vec<Op>) {
    let (w, app) = facility(CAPACITY);
    let mut app = Some(app);
    let mut model = Model::default();
    for (i, op) in ops.into_iter().enumerate() {
        let step = format!("step {i} {op:?}");
        let a = app.as_ref().unwrap();
        match op {
            Op::Approve(c) => {
                mother_approval(a, c);
                model.approved[c] = true;
            }
            Op::Birth(c) => {
                let r = a.birth_record(
                    now(),
                    &desk(),
                    &card_no(&card(c)),
                    chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
                    1,
                );
                assert_eq!(r.is_ok(), model.approved[c], "{step}: {r:?}");
                model.born[c] |= model.approved[c];
            }
            Op::Book { card: c, service, first, units } => {
                let r = book(a, &card(c), service, day(first), units);
                let allowed = model.allows(c, service, first, units);
                assert_eq!(r.is_ok(), allowed, "{step}: {r:?} (model: {model:?})");
                match r {
                    Ok(id) => {
                        model.uses.push(Use { id, card: c, service, first, units, status: BookingStatus::Booked })
                    }
                    Err(e) => assert_eq!(e.kind(), sango::app::ErrorKind::Refused, "{step}: {e}"),
                }
            }
            Op::Cancel(n) => {
                let Some(u) = model.uses.get_mut(n) else {
                    continue;
                };
                let r = a.cancel(now(), &desk(), &u.id.parse().unwrap());
                assert_eq!(r.is_ok(), u.status == BookingStatus::Booked, "{step}: {r:?}");
                if let Ok(c) = r {
                    assert!(!c.late, "{step}: in time");
                    u.status = BookingStatus::Cancelled;
                }
            }
            Op::Complete(n) => {
                let Some(u) = model.uses.get_mut(n) else {
                    continue;
                };
                let r = a.complete(now(), &desk(), &u.id.parse().unwrap(), None);
                assert_eq!(r.is_ok(), u.status.is_open(), "{step}: {r:?}");
                if r.is_ok() {
                    u.status = BookingStatus::Completed;
                }
            }
            Op::Reboot => {
                drop(app.take());
                app = Some(App::open(&w.fac).unwrap_or_else(|e| panic!("{step}: reopen: {e}")));
            }
            Op::Garble(seed) => {
                drop(app.take());
                garble(&w.fac, seed);
                let reopened = App::open(&w.fac).unwrap_or_else(|e| panic!("{step}: reopen after garbling: {e}"));
                // A file this test garbled carries its own umask (0644): the open tightens and says so.
                assert!(
                    reopened.notices().iter().all(|n| n.code == "state_rebuilt" || n.code == "modes_tightened"),
                    "{step}: {:?}",
                    reopened.notices()
                );
                app = Some(reopened);
            }
        }
        check(app.as_ref().unwrap(), &model, &step);
    }
    assert_verified(app.as_ref().unwrap());
}

fn mother_approval(app: &App, c: usize) {
    let input = sango::app::ApprovalInput {
        card: card_no(&card(c)),
        approval_no: "A-1".parse().unwrap(),
        mother: "練馬 花子".parse().unwrap(),
        services: vec![Service::ShortStay, Service::DayCare, Service::HomeVisit],
        household: sango::types::Household::Standard,
        postal: Some("177-0045".parse().unwrap()),
        emergency: false,
    };
    app.approval_add(now(), &desk(), input).unwrap();
}

fn cases() -> u32 {
    std::env::var("SANGO_MODEL_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_ledger_matches_a_plain_model_through_reboots_and_garbled_states(ops in prop::collection::vec(op(), 1..48)) {
        // Two mothers ready to book from the start (the third is left to the random operations),
        // so most cases reach the quotas and the full days.
        let ready = [Op::Approve(0), Op::Birth(0), Op::Approve(1), Op::Birth(1)];
        run(ready.into_iter().chain(ops).collect());
    }
}

#[test]
fn a_day_of_work_then_a_deleted_state_matches_the_model() {
    use Op::*;
    run(vec![
        Approve(0),
        Birth(0),
        Approve(1),
        Birth(1),
        Book { card: 0, service: Service::ShortStay, first: 5, units: 2 },
        Book { card: 1, service: Service::ShortStay, first: 6, units: 2 },
        Book { card: 1, service: Service::DayCare, first: 9, units: 3 },
        Cancel(0),
        Book { card: 1, service: Service::ShortStay, first: 6, units: 2 },
        Complete(1),
        Reboot,
        Garble(4),
        Book { card: 0, service: Service::DayCare, first: 9, units: 1 },
        Book { card: 0, service: Service::DayCare, first: 10, units: 1 },
    ]);
}
