//! Closing against a model, end to end (issue 20): a facility books, completes on the day or late,
//! cancels in time or late; exports reach the ward at random moments; the ward closes each month
//! when it ends (anyway, exports or not). Whatever the order, what the ward paid over the closed
//! months plus the adjustments still pending equals the claims computed afresh (the facility's own,
//! priced by the same program and household), use by use.

mod common;

use std::collections::BTreeMap;

use common::*;
use serde_json::Value;

/// A small deterministic generator (the seed names the run).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// つむぎ's day-care days (Tue, Thu, Fri, not a holiday) from December to February.
const DAYS: [&str; 32] = [
    "2026-12-01",
    "2026-12-03",
    "2026-12-04",
    "2026-12-08",
    "2026-12-10",
    "2026-12-11",
    "2026-12-15",
    "2026-12-17",
    "2026-12-18",
    "2026-12-22",
    "2026-12-24",
    "2027-01-05",
    "2027-01-07",
    "2027-01-08",
    "2027-01-12",
    "2027-01-14",
    "2027-01-15",
    "2027-01-19",
    "2027-01-21",
    "2027-01-22",
    "2027-01-26",
    "2027-01-28",
    "2027-02-02",
    "2027-02-04",
    "2027-02-05",
    "2027-02-09",
    "2027-02-12",
    "2027-02-16",
    "2027-02-18",
    "2027-02-19",
    "2027-02-25",
    "2027-02-26",
];

const MONTHS: [&str; 3] = ["2026-12", "2027-01", "2027-02"];

fn n(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn at(dir: &std::path::Path, now: &str, args: &[&str]) -> Value {
    let r = sango(dir, now, args);
    assert_eq!(r.code, 0, "sango {args:?} at {now}: {}", r.err);
    r.out
}

/// What happens to one booking, and when.
enum Fate {
    OnTheDay,
    /// Completed days or weeks later, maybe after its month was closed.
    Late(u64),
    CancelledInTime,
    CancelledLate,
}

/// Runs one seed; returns how many adjustments the closes carried or March carries.
fn run(seed: u64) -> usize {
    let mut rng = Lcg(seed);
    let w = world("tsumugi");
    let cards = ["C-401", "C-402", "C-403", "C-404", "C-405"];
    for card in cards {
        mother(&w.facility, card, "2026-11-10");
        ok(
            &w.ward,
            &[
                "approval",
                "add",
                "--card",
                card,
                "--approval-no",
                "A-100",
                "--mother",
                "練馬 花子",
                "--services",
                "day-care",
                "--household",
                "standard",
            ],
        );
        ok(&w.ward, &["birth", "--card", card, "--date", "2026-11-10"]);
    }
    // Bookings, at most two a day (the capacity), each mother within her twelve days.
    let mut events: Vec<(String, String, Vec<String>)> = Vec::new(); // (when, which install, args)
    let mut per_day: BTreeMap<&str, u32> = BTreeMap::new();
    let mut per_card: BTreeMap<&str, u32> = BTreeMap::new();
    for _ in 0..18 {
        let day = DAYS[rng.below(DAYS.len() as u64) as usize];
        let card = cards[rng.below(cards.len() as u64) as usize];
        if per_day.get(day).copied().unwrap_or(0) >= 2 || per_card.get(card).copied().unwrap_or(0) >= 12 {
            continue;
        }
        let booked = sango(
            &w.facility,
            "2026-11-25T09:00:00+09:00",
            &["book", "--card", card, "--service", "day-care", "--date", day],
        );
        if booked.code != 0 {
            continue; // a rule said no (e.g. she is booked that day already): nothing to model
        }
        *per_day.entry(day).or_default() += 1;
        *per_card.entry(card).or_default() += 1;
        let id = booked.out["booking"].as_str().unwrap().to_string();
        let fate = match rng.below(6) {
            0 => Fate::Late(3 + rng.below(40)),
            1 => Fate::CancelledInTime,
            2 => Fate::CancelledLate,
            _ => Fate::OnTheDay,
        };
        let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let (when, args) = match fate {
            Fate::OnTheDay => (format!("{day}T16:00:00+09:00"), vec!["complete".to_string(), "--booking".into(), id]),
            Fate::Late(days) => (
                format!("{}T12:00:00+09:00", date + chrono::Days::new(days)),
                vec!["complete".into(), "--booking".into(), id],
            ),
            Fate::CancelledInTime => (
                format!("{}T09:00:00+09:00", date - chrono::Days::new(4)),
                vec!["cancel".into(), "--booking".into(), id],
            ),
            Fate::CancelledLate => (format!("{day}T09:00:00+09:00"), vec!["cancel".into(), "--booking".into(), id]),
        };
        events.push((when, "facility".into(), args));
    }
    // Exports reach the ward at random moments; each month is closed five days after it ends.
    for i in 0..6 {
        let day = 1 + rng.below(28);
        let month = ["2026-12", "2027-01", "2027-02", "2027-03", "2027-03", "2027-04"][i];
        events.push((format!("{month}-{day:02}T18:00:00+09:00"), "sync".into(), vec![]));
    }
    for (m, next) in MONTHS.iter().zip(["2027-01", "2027-02", "2027-03"]) {
        events.push((format!("{next}-05T09:00:00+09:00"), "close".into(), vec![m.to_string()]));
    }
    events.sort();
    let mut exports = 0;
    for (when, who, args) in &events {
        match who.as_str() {
            "facility" => {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                at(&w.facility, when, &args);
            }
            "sync" => {
                exports += 1;
                let file = w.root.join(format!("e{exports}.sango"));
                at(&w.facility, when, &["export", "--out", file.to_str().unwrap()]);
                at(&w.ward, when, &["import", file.to_str().unwrap()]);
            }
            _ => {
                at(&w.ward, when, &["close", "--month", &args[0], "--anyway"]);
            }
        }
    }
    // Everything reaches the ward at last.
    let last = w.root.join("last.sango");
    at(&w.facility, "2027-04-28T18:00:00+09:00", &["export", "--out", last.to_str().unwrap()]);
    at(&w.ward, "2027-04-28T18:00:00+09:00", &["import", last.to_str().unwrap()]);

    // Paid: the closed months' lines and the adjustments they carried, plus what March carries now.
    let mut paid: BTreeMap<String, i64> = BTreeMap::new();
    let mut paid_total = 0;
    let mut adjustments = 0;
    for m in MONTHS.iter().chain(["2027-03"].iter()) {
        let c = ok(&w.ward, &["claims", "--month", m]);
        assert_eq!(c["closed"].is_null(), *m == "2027-03", "{m}");
        paid_total += n(&c["payable_ward_amount"]);
        for f in c["facilities"].as_array().unwrap() {
            for u in f["lines"].as_array().unwrap() {
                *paid.entry(u["booking"].as_str().unwrap().to_string()).or_default() += n(&u["ward_amount"]);
            }
            for a in f["adjustments"].as_array().unwrap() {
                adjustments += 1;
                *paid.entry(a["booking"].as_str().unwrap().to_string()).or_default() +=
                    n(&a["difference"]["ward_amount"]);
            }
        }
    }
    // Afresh: the facility's own claims of the same months.
    let mut afresh: BTreeMap<String, i64> = BTreeMap::new();
    let mut afresh_total = 0;
    for m in MONTHS.iter().chain(["2027-03"].iter()) {
        let c = ok(&w.facility, &["claims", "--month", m]);
        afresh_total += n(&c["totals"]["ward_amount"]);
        for f in c["facilities"].as_array().unwrap() {
            for u in f["lines"].as_array().unwrap() {
                *afresh.entry(u["booking"].as_str().unwrap().to_string()).or_default() += n(&u["ward_amount"]);
            }
        }
    }
    paid.retain(|_, v| *v != 0);
    afresh.retain(|_, v| *v != 0);
    assert_eq!(paid, afresh, "seed {seed}: per use");
    assert_eq!(paid_total, afresh_total, "seed {seed}: in all");
    assert!(afresh_total > 0, "seed {seed}: some use was claimed");
    adjustments
}

#[test]
fn what_the_ward_paid_over_closed_months_plus_pending_adjustments_equals_the_claims_afresh() {
    let adjusted: usize = [1, 2, 3].into_iter().map(run).sum();
    assert!(adjusted > 0, "some use changed after its month was closed");
}
