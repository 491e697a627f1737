//! The midwife's record and the 連絡票 loop (issue 18), end to end through the real binary: two
//! facilities and the ward.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const DAY1: &str = "2026-12-07T10:00:00+09:00";
const DAY2: &str = "2026-12-08T10:00:00+09:00";
/// The day's free text: it must never reach the ward or the other facility.
const NOTE: &str = "夫との関係に悩みあり、夜は眠れていない";

fn at(dir: &Path, now: &str, args: &[&str]) -> Value {
    let r = sango(dir, now, args);
    assert_eq!(r.code, 0, "sango {args:?} failed: {}", r.err);
    r.out
}

/// Every byte an install holds (journal and working state), to look for what must not be there.
fn holds(dir: &Path, text: &str) -> bool {
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).unwrap() {
            let e = e.unwrap().path();
            if e.is_dir() {
                stack.push(e);
            } else if std::fs::read(&e).unwrap().windows(text.len()).any(|w| w == text.as_bytes()) {
                return true;
            }
        }
    }
    false
}

#[test]
fn a_referral_from_one_facility_reaches_the_ward_and_its_reply_only_that_facility_with_nothing_private_on_the_way() {
    let w = world("tsumugi");
    let b = w.root.join("pao");
    ok(&b, &["init", "--facility", "pao", "--ward-card", w.root.join("ward.card").to_str().unwrap()]);
    register(&w.ward, &b);
    let a = &w.facility;
    mother(a, "C-100", "2026-11-10");
    mother(&b, "C-200", "2026-11-12");
    let booking = ok(a, &["book", "--card", "C-100", "--service", "short-stay", "--date", "2026-12-07", "--days", "3"])
        ["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let b_booking = ok(&b, &["book", "--card", "C-200", "--service", "day-care", "--date", "2026-12-07"])["booking"]
        .as_str()
        .unwrap()
        .to_string();

    // Consent first, when the setting asks for it.
    at(a, DAY1, &["consent-required", "--required", "yes"]);
    let refused = sango(a, DAY1, &["check-in", "--booking", &booking]);
    assert_eq!((refused.code, refused.err["error"]["code"].as_str()), (3, Some("consent_missing")));
    at(a, DAY1, &["consent", "--booking", &booking, "--explained", "利用の流れと記録、連絡票について", "--by", "本人"]);
    at(a, DAY1, &["check-in", "--booking", &booking]);

    // An implausible value is refused naming the field, and nothing is written.
    let before = entries(a);
    let bad = sango(a, DAY1, &["day-record", "--booking", &booking, "--date", "2026-12-07", "--temperature", "45"]);
    assert_eq!(bad.code, 4);
    assert!(bad.err["error"]["message_ja"].as_str().unwrap().contains("母の体温"), "{}", bad.err);
    assert_eq!(entries(a), before, "nothing written");

    // Two days recorded; the weight's change against birth and the day before.
    at(
        a,
        DAY1,
        &[
            "day-record",
            "--booking",
            &booking,
            "--date",
            "2026-12-07",
            "--temperature",
            "37.8",
            "--bp",
            "118/76",
            "--pulse",
            "80",
            "--birth-weight",
            "3000",
            "--weight",
            "2850",
            "--care",
            "breast-care,bathing",
            "--meals",
            "3",
            "--feed",
            "09:30,formula,60",
            "--notes",
            NOTE,
        ],
    );
    at(
        a,
        DAY2,
        &[
            "day-record",
            "--booking",
            &booking,
            "--date",
            "2026-12-08",
            "--temperature",
            "36.6",
            "--weight",
            "2880",
            "--care",
            "feeding",
            "--meals",
            "3",
        ],
    );
    let record = at(a, DAY2, &["day-records", "--booking", &booking]);
    let days = record["days"].as_array().unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(
        (days[0]["weight"]["since_birth_g"].as_i64(), days[1]["weight"]["since_last_g"].as_i64()),
        (Some(-150), Some(30))
    );
    assert_eq!(days[0]["outside_normal"], serde_json::json!(["temperature"]));
    assert_eq!(days[1]["outside_normal"], serde_json::json!([]));

    // EPDS 12: high need; the desk's list carries the flag, not the score.
    let s = at(a, DAY2, &["screening", "--booking", &booking, "--date", "2026-12-08", "--epds", "3,3,3,3,0,0,0,0,0,0"]);
    assert_eq!((s["epds_total"].as_u64(), s["high_need"].as_bool()), (Some(12), Some(true)));
    assert_eq!(s["reasons"], serde_json::json!(["epds_total"]));
    let today = at(a, DAY2, &["today", "--date", "2026-12-08"]);
    assert_eq!(today["in_stay"][0]["high_need"], true);
    assert!(today["in_stay"][0].get("epds_total").is_none());

    let made = at(
        a,
        DAY2,
        &[
            "referral",
            "add",
            "--booking",
            &booking,
            "--reason",
            "EPDS高値",
            "--urgency",
            "urgent",
            "--observations",
            "体温37.8(12月7日)",
        ],
    );
    let id = made["referral"].as_str().unwrap().to_string();
    assert!(id.starts_with("tsumugi-r"), "{id}");
    // B has a day of its own, recorded too.
    at(&b, DAY1, &["check-in", "--booking", &b_booking]);
    at(
        &b,
        DAY1,
        &["day-record", "--booking", &b_booking, "--date", "2026-12-07", "--notes", "パオの記録", "--meals", "1"],
    );

    // Exports reach the ward: the referral with its totals; the day's free text and vitals do not.
    for (dir, name) in [(a, "a.sango"), (&b, "b.sango")] {
        let f = w.root.join(name);
        at(dir, DAY2, &["export", "--out", f.to_str().unwrap()]);
        assert_eq!(at(&w.ward, DAY2, &["import", f.to_str().unwrap()])["refused"], 0);
    }
    let at_ward = at(&w.ward, DAY2, &["referrals"]);
    let list = at_ward.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0]["referral"].as_str(), list[0]["card"].as_str(), list[0]["facility"].as_str()),
        (Some(id.as_str()), Some("C-100"), Some("tsumugi"))
    );
    assert_eq!(
        (list[0]["urgency"].as_str(), list[0]["status"].as_str(), list[0]["epds_total"].as_u64()),
        (Some("urgent"), Some("unread"), Some(12))
    );
    assert!(!holds(&w.ward, NOTE), "the day's free text stays at the facility");
    assert!(!holds(&w.ward, "3,3,3,3") && !holds(&w.ward, "\"epds\":[3"), "the item scores stay at the facility");
    assert!(holds(&w.ward, "体温37.8(12月7日)"), "what the referral carries reaches the ward");
    assert_eq!(ok(&w.ward, &["verify"])["ok"], true);

    // Only the ward answers; the answer travels back to A alone.
    let not_yours = sango(a, DAY2, &["referral", "reply", "--referral", &id, "--status", "done"]);
    assert_ne!(not_yours.code, 0);
    let reply = at(
        &w.ward,
        DAY2,
        &["referral", "reply", "--referral", &id, "--status", "in-progress", "--note", "担当保健師が明日訪問します"],
    );
    assert_eq!(reply["status"], "in-progress");
    let roster = w.root.join("r.sango");
    at(&w.ward, DAY2, &["roster", "--out", roster.to_str().unwrap()]);
    for dir in [a, &b] {
        at(dir, DAY2, &["import", roster.to_str().unwrap()]);
    }
    let mine = at(a, DAY2, &["referrals"]);
    assert_eq!(
        (mine[0]["status"].as_str(), mine[0]["reply"]["note"].as_str()),
        (Some("in-progress"), Some("担当保健師が明日訪問します"))
    );
    assert_eq!(at(&b, DAY2, &["referrals"]), serde_json::json!([]));
    for private in ["担当保健師が明日訪問します", NOTE, "EPDS高値", id.as_str()] {
        assert!(!holds(&b, private), "B's roster carries none of A's record: {private}");
    }
}

#[test]
fn scores_must_be_ten_of_zero_to_three_and_a_screening_needs_a_checked_in_use() {
    let w = world("tsumugi");
    mother(&w.facility, "C-100", "2026-11-10");
    let booking = ok(&w.facility, &["book", "--card", "C-100", "--service", "day-care", "--date", "2026-12-08"])
        ["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let early = sango(
        &w.facility,
        DAY2,
        &["screening", "--booking", &booking, "--date", "2026-12-08", "--epds", "0,0,0,0,0,0,0,0,0,0"],
    );
    assert_eq!((early.code, early.err["error"]["code"].as_str()), (3, Some("wrong_status")));
    at(&w.facility, DAY2, &["check-in", "--booking", &booking]);
    let before = entries(&w.facility);
    for bad in ["0,0,0", "0,0,0,0,0,0,0,0,0,4", "a,b", "0,0,0,0,0,0,0,0,0,0,0"] {
        let r = sango(&w.facility, DAY2, &["screening", "--booking", &booking, "--date", "2026-12-08", "--epds", bad]);
        assert_eq!(r.code, 4, "{bad}");
        assert!(r.err["error"]["message_ja"].as_str().unwrap().contains("質問票の点数"));
    }
    let none = sango(&w.facility, DAY2, &["screening", "--booking", &booking, "--date", "2026-12-08"]);
    assert_eq!(none.code, 4);
    assert_eq!(entries(&w.facility), before, "nothing recorded");
    // 赤ちゃんへの気持ち item 3 alone: high need; a second screening of the day corrects it.
    let b = at(
        &w.facility,
        DAY2,
        &["screening", "--booking", &booking, "--date", "2026-12-08", "--bonding", "0,0,1,0,0,0,0,0,0,0"],
    );
    assert_eq!(
        (b["bonding_total"].as_u64(), b["high_need"].as_bool(), b["reasons"].clone()),
        (Some(1), Some(true), serde_json::json!(["bonding_item_3"]))
    );
    at(
        &w.facility,
        DAY2,
        &["screening", "--booking", &booking, "--date", "2026-12-08", "--bonding", "0,0,0,0,0,0,0,0,0,0"],
    );
    let record = at(&w.facility, DAY2, &["day-records", "--booking", &booking]);
    assert_eq!((record["screenings"].as_array().unwrap().len(), record["high_need"].as_bool()), (1, Some(false)));
}

#[test]
fn the_fiscal_report_counts_the_screenings_and_referrals_the_ward_received() {
    let w = world("tsumugi");
    let a = &w.facility;
    mother(a, "C-100", "2026-11-10");
    mother(a, "C-101", "2026-11-11");
    let mut bookings = Vec::new();
    for card in ["C-100", "C-101"] {
        let id = ok(a, &["book", "--card", card, "--service", "day-care", "--date", "2026-12-08"])["booking"]
            .as_str()
            .unwrap()
            .to_string();
        at(a, DAY2, &["check-in", "--booking", &id]);
        bookings.push(id);
    }
    // EPDS 12 (high need) for one mother, 5 for the other; one urgent 連絡票, answered as done.
    at(a, DAY2, &["screening", "--booking", &bookings[0], "--date", "2026-12-08", "--epds", "3,3,3,3,0,0,0,0,0,0"]);
    at(a, DAY2, &["screening", "--booking", &bookings[1], "--date", "2026-12-08", "--epds", "1,1,1,1,1,0,0,0,0,0"]);
    let id =
        at(a, DAY2, &["referral", "add", "--booking", &bookings[0], "--reason", "EPDS高値", "--urgency", "urgent"])
            ["referral"]
            .as_str()
            .unwrap()
            .to_string();
    let f = w.root.join("a.sango");
    at(a, DAY2, &["export", "--out", f.to_str().unwrap()]);
    at(&w.ward, DAY2, &["import", f.to_str().unwrap()]);
    at(&w.ward, DAY2, &["referral", "reply", "--referral", &id, "--status", "done"]);

    let year = at(&w.ward, DAY2, &["report", "--fiscal-year", "2026"]);
    assert_eq!(
        year["screenings"],
        serde_json::json!({"screenings": 2, "epds_at_or_above": 1, "high_need": 1, "mothers_screened": 2, "mothers_high_need": 1})
    );
    assert_eq!(
        year["referrals"],
        serde_json::json!({"referrals": 1, "urgent": 1, "unanswered": 0, "received": 0, "in_progress": 0, "done": 1})
    );
    // The year before saw none of it: counted, not invented.
    let before = at(&w.ward, DAY2, &["report", "--fiscal-year", "2025"]);
    assert_eq!(
        (before["screenings"]["screenings"].as_u64(), before["referrals"]["referrals"].as_u64()),
        (Some(0), Some(0))
    );
}
