//! The `sango` command line end to end: the real binary on fresh data folders, checked against
//! docs/cli.md (verbs, JSON keys, exit codes).

mod common;

use common::*;
use serde_json::Value;

#[test]
fn directory_lists_every_facility_of_the_wards_page() {
    let tmp = tempfile::tempdir().unwrap();
    let list = ok(tmp.path(), &["directory"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 30);
    let offering =
        |s: &str| list.iter().filter(|f| f["services"].as_array().unwrap().iter().any(|x| x["service"] == s)).count();
    assert_eq!((offering("short-stay"), offering("day-care"), offering("home-visit")), (14, 16, 15));
    assert!(list.iter().all(|f| f["id"].is_string() && f["name"].is_string()));
}

#[test]
fn fee_prices_each_service_by_the_2024_schedule() {
    let tmp = tempfile::tempdir().unwrap();
    let check = |args: &[&str], want: (i64, i64, i64)| {
        let f = ok(tmp.path(), args);
        let n = |k: &str| f[k].as_i64().or_else(|| f[k].as_str().and_then(|s| s.parse().ok())).unwrap();
        assert_eq!((n("total_cost"), n("user_fee"), n("ward_amount")), want, "{args:?}");
    };
    check(&["fee", "--service", "short-stay", "--date", "2026-12-07", "--units", "2"], (66000, 7000, 59000));
    check(&["fee", "--service", "short-stay", "--date", "2026-12-07", "--units", "3"], (99000, 10500, 88500));
    check(&["fee", "--service", "day-care", "--date", "2026-12-07"], (19000, 1500, 17500));
    check(&["fee", "--service", "home-visit", "--date", "2026-12-07", "--household", "welfare"], (12000, 0, 12000));
    check(
        &["fee", "--service", "day-care", "--date", "2026-12-07", "--units", "3", "--household", "non-taxable"],
        (57000, 0, 57000),
    );
    // A use the program cannot price is a rule's refusal (exit 3) with its violation, in Japanese.
    for (args, code) in [
        (&["fee", "--service", "short-stay", "--date", "2020-01-01", "--units", "2"][..], "no_fee_schedule"),
        (&["fee", "--service", "short-stay", "--date", "2026-12-07", "--units", "1"][..], "too_short"),
    ] {
        let out = sango(tmp.path(), NOW, args);
        assert_eq!(out.code, 3, "{args:?}");
        let e = &out.err["error"];
        assert_eq!(e["code"], code, "{args:?}");
        assert!(sango::app::latin_words(e["message_ja"].as_str().unwrap()).is_empty(), "{e}");
    }
    assert_eq!(sango(tmp.path(), NOW, &["fee", "--service", "spa", "--date", "2026-12-07"]).code, 4);
    // Days no use could be are the core's bad_units (exit 4), the code the window gets for them too,
    // and not priced: 0, more than the program's longest use, two visits at once.
    for (service, units) in [("short-stay", "0"), ("short-stay", "400"), ("day-care", "０"), ("home-visit", "2")] {
        let out = sango(tmp.path(), NOW, &["fee", "--service", service, "--date", "2026-12-07", "--units", units]);
        assert_eq!((out.code, &out.err["error"]["code"]), (4, &serde_json::json!("bad_units")), "{service} {units}");
    }
    // Nerima has no surcharge per extra baby; 杉並区 (until 2024-03-31) has ¥2,000 a day for each.
    check(&["fee", "--service", "day-care", "--date", "2026-12-07", "--babies", "2"], (19000, 1500, 17500));
    let suginami = sango(
        tmp.path(),
        NOW,
        &[
            "fee",
            "--service",
            "short-stay",
            "--date",
            "2023-06-01",
            "--units",
            "2",
            "--babies",
            "2",
            "--program",
            "suginami-2022",
        ],
    );
    assert_eq!(
        (suginami.code, suginami.err["error"]["code"].as_str()),
        (3, Some("program_incomplete")),
        "the ward's share is not published"
    );
    assert!(suginami.err["error"]["message_ja"].as_str().unwrap().contains("母子ショートステイ"), "{}", suginami.err);
}

#[test]
fn deadline_walks_back_over_a_closed_sunday() {
    let w = world("tsumugi");
    assert_eq!(ok(&w.facility, &["deadline", "--date", "2026-12-07"])["cancel_by"], "2026-12-05T10:00:00+09:00");
    assert_eq!(ok(&w.facility, &["deadline", "--date", "2026-12-09"])["cancel_by"], "2026-12-08T10:00:00+09:00");
}

#[test]
fn desk_path_late_cancel_counts_against_the_quota() {
    let w = world("tsumugi");
    mother(&w.facility, "C-001", "2026-11-10");
    let booked =
        ok(&w.facility, &["book", "--card", "C-001", "--service", "short-stay", "--date", "2026-12-07", "--days", "2"]);
    let id = booked["booking"].as_str().unwrap().to_string();
    let q = ok(&w.facility, &["quota", "--card", "C-001"]);
    assert_eq!((q["short-stay"]["booked"].as_u64(), q["short-stay"]["remaining"].as_u64()), (Some(2), Some(5)));
    // Saturday 11:00: after the 10:00 deadline of a Monday use.
    let c = sango(&w.facility, "2026-12-05T11:00:00+09:00", &["cancel", "--booking", &id]);
    assert_eq!(c.code, 0, "{}", c.err);
    assert_eq!(c.out["late"], true);
    assert_eq!(c.out["cancel_by"], "2026-12-05T10:00:00+09:00");
    let q = ok(&w.facility, &["quota", "--card", "C-001"]);
    assert_eq!(
        (q["short-stay"]["used"].as_u64(), q["short-stay"]["booked"].as_u64(), q["short-stay"]["remaining"].as_u64()),
        (Some(2), Some(0), Some(5))
    );
}

#[test]
fn in_time_cancel_gives_the_days_back() {
    let w = world("tsumugi");
    mother(&w.facility, "C-002", "2026-11-10");
    let id = ok(&w.facility, &["book", "--card", "C-002", "--service", "day-care", "--date", "2026-12-08"])["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let c = sango(&w.facility, "2026-12-07T09:59:59+09:00", &["cancel", "--booking", &id]);
    assert_eq!((c.code, c.out["late"].as_bool()), (0, Some(false)));
    let q = ok(&w.facility, &["quota", "--card", "C-002"]);
    assert_eq!(q["day-care"]["remaining"].as_u64(), Some(12));
}

#[test]
fn refusals_list_every_rule_broken_and_change_nothing() {
    let w = world("tsumugi");
    mother(&w.facility, "C-003", "2026-11-10");
    let before = entries(&w.facility);
    // つむぎ: stays are 1泊2日 only, and a Wednesday is not a day-care day.
    let r = sango(&w.facility, NOW, &["book", "--card", "C-003", "--service", "day-care", "--date", "2026-12-09"]);
    assert_eq!(r.code, 3, "{}", r.err);
    let codes: Vec<&str> =
        r.err["error"]["violations"].as_array().unwrap().iter().map(|v| v["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"not_offered_that_weekday"), "{codes:?}");
    let r = sango(&w.facility, NOW, &["book", "--card", "NOPE", "--service", "day-care", "--date", "2026-12-08"]);
    assert_eq!(r.code, 3);
    assert_eq!(r.err["error"]["code"], "unknown_card");
    let r = sango(
        &w.facility,
        NOW,
        &["book", "--card", "C-003", "--service", "short-stay", "--date", "2026-12-07", "--days", "1"],
    );
    assert_eq!(r.code, 3);
    assert!(r.err["error"]["violations"].as_array().unwrap().iter().any(|v| v["code"] == "too_short"));
    assert_eq!(entries(&w.facility), before);
}

/// The error document of docs/cli.md, whatever the failure: the same four keys, the code the
/// failure's own, the exit code its kind's.
#[test]
fn every_failure_prints_the_same_error_document_with_its_kinds_exit_code() {
    let w = world("tsumugi");
    mother(&w.facility, "C-004", "2026-11-10");
    let junk = w.root.join("junk.json");
    std::fs::write(&junk, "{}").unwrap();
    let cases: [(&[&str], &std::path::Path, i32, &str); 5] = [
        (&["book", "--card", "C-004"], &w.facility, 2, "usage"),
        (&["facility", "list"], &w.facility, 2, "wrong_mode"),
        (&["book", "--card", "NOPE", "--service", "day-care", "--date", "2026-12-08"], &w.facility, 3, "unknown_card"),
        (&["cancel", "--booking", "tsumugi-999"], &w.facility, 4, "not_found"),
        (&["facility", "add", "--card", junk.to_str().unwrap()], &w.ward, 4, "bad_card"),
    ];
    for (args, dir, exit, code) in cases {
        let r = sango(dir, NOW, args);
        assert_eq!((r.code, r.err["error"]["code"].as_str()), (exit, Some(code)), "{args:?}: {}", r.err);
        let doc = r.err.as_object().unwrap();
        assert_eq!(doc.keys().collect::<Vec<_>>(), ["error"], "{args:?}");
        let mut keys: Vec<&str> = r.err["error"].as_object().unwrap().keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["code", "message", "message_ja", "violations"], "{args:?}");
        assert!(r.err["error"]["message_ja"].as_str().unwrap().chars().any(|c| c > '\u{3000}'), "{args:?}: {}", r.err);
        assert_eq!(r.out, Value::Null, "nothing on stdout: {args:?}");
    }
}

#[test]
fn before_birth_and_too_old_are_refused() {
    let w = world("tsumugi");
    ok(
        &w.facility,
        &[
            "approval",
            "add",
            "--card",
            "C-004",
            "--approval-no",
            "A-4",
            "--mother",
            "石神井 光",
            "--services",
            "day-care",
            "--household",
            "standard",
        ],
    );
    let r = sango(&w.facility, NOW, &["book", "--card", "C-004", "--service", "day-care", "--date", "2026-12-08"]);
    assert_eq!(r.code, 3);
    ok(&w.facility, &["birth", "--card", "C-004", "--date", "2026-06-01"]);
    // つむぎ day care: 生後3か月まで.
    let r = sango(&w.facility, NOW, &["book", "--card", "C-004", "--service", "day-care", "--date", "2026-12-08"]);
    assert_eq!(r.code, 3);
    assert!(r.err["error"]["violations"].as_array().unwrap().iter().any(|v| v["code"] == "child_too_old"), "{}", r.err);
}

#[test]
fn garbage_input_is_exit_4_and_writes_nothing() {
    let w = world("tsumugi");
    mother(&w.facility, "C-005", "2026-11-10");
    let before = entries(&w.facility);
    for args in [
        &["book", "--card", "C-005", "--service", "day-care", "--date", "2026-02-30"][..],
        &["book", "--card", "C-005", "--service", "short-stay", "--date", "2026-12-07", "--days", "-2"],
        &["book", "--card", "C-005", "--service", "short-stay", "--date", "2026-12-07", "--days", "zero"],
        &["book", "--card", "", "--service", "day-care", "--date", "2026-12-08"],
        &[
            "approval",
            "add",
            "--card",
            "C-9",
            "--approval-no",
            "A",
            "--mother",
            "  ",
            "--services",
            "day-care",
            "--household",
            "standard",
        ],
        &[
            "approval",
            "add",
            "--card",
            "C-9",
            "--approval-no",
            "A",
            "--mother",
            "X",
            "--services",
            "spa",
            "--household",
            "standard",
        ],
        &[
            "approval",
            "add",
            "--card",
            "C-9",
            "--approval-no",
            "A",
            "--mother",
            "X",
            "--services",
            "day-care",
            "--household",
            "rich",
        ],
        &["birth", "--card", "C-005", "--date", "2027-13-01"],
        &["birth", "--card", "C-005", "--date", "2026-11-10", "--babies", "0"],
        &["claims", "--month", "2026-13"],
        &["deadline", "--date", "tomorrow"],
    ] {
        let r = sango(&w.facility, NOW, args);
        assert_eq!(r.code, 4, "{args:?}: {}", r.err);
        assert!(r.err["error"]["code"].is_string() && r.err["error"]["message"].is_string(), "{args:?}");
    }
    let r = sango(&w.facility, NOW, &["import", w.root.join("nothing-here").to_str().unwrap()]);
    assert_eq!(r.code, 4);
    assert_eq!(entries(&w.facility), before);
    assert_eq!(sango(&w.facility, NOW, &["book", "--card", "C-005"]).code, 2);
    assert_eq!(sango(&w.facility, NOW, &["no-such-verb"]).code, 2);
}

#[test]
fn a_second_process_on_the_store_is_told_it_is_in_use() {
    let w = world("tsumugi");
    let _held = sango::app::App::open(&w.facility).unwrap();
    let r = sango(&w.facility, NOW, &["quota", "--card", "C-1"]);
    assert_eq!(r.code, 1);
    assert_eq!(r.err["error"]["code"], "store_in_use");
    assert!(r.err["error"]["message"].as_str().unwrap().contains("in use"));
}

#[test]
fn export_import_round_trip_is_idempotent_and_finds_overruns() {
    let w = world("tsumugi");
    let card = w.root.join("ward.card");
    let other = w.root.join("pao");
    ok(&other, &["init", "--facility", "pao", "--ward-card", card.to_str().unwrap()]);
    register(&w.ward, &other);
    for f in [&w.facility, &other] {
        ok(
            f,
            &[
                "approval",
                "add",
                "--card",
                "C-010",
                "--approval-no",
                "A-10",
                "--mother",
                "大泉 葵",
                "--services",
                "day-care",
                "--household",
                "standard",
                "--postal",
                "177-0045",
            ],
        );
        ok(f, &["birth", "--card", "C-010", "--date", "2026-11-10"]);
    }
    // Eight day-care days at each facility: 16 > 12 across the two, which neither can see alone.
    let tue_thu_fri = [
        "2026-12-08",
        "2026-12-10",
        "2026-12-11",
        "2026-12-15",
        "2026-12-17",
        "2026-12-18",
        "2026-12-22",
        "2026-12-24",
    ];
    for d in tue_thu_fri {
        ok(&w.facility, &["book", "--card", "C-010", "--service", "day-care", "--date", d]);
    }
    for d in
        ["2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-09", "2026-12-12", "2026-12-14", "2026-12-16"]
    {
        ok(&other, &["book", "--card", "C-010", "--service", "day-care", "--date", d]);
    }
    let e1 = w.root.join("e1.sango");
    let e2 = w.root.join("e2.sango");
    ok(&w.facility, &["export", "--out", e1.to_str().unwrap()]);
    ok(&other, &["export", "--out", e2.to_str().unwrap()]);
    let first = ok(&w.ward, &["import", e1.to_str().unwrap()]);
    assert!(first["imported"].as_u64().unwrap() > 0);
    let again = ok(&w.ward, &["import", e1.to_str().unwrap()]);
    assert_eq!(again["imported"].as_u64(), Some(0));
    assert_eq!(again["skipped"], first["imported"]);
    ok(&w.ward, &["import", e2.to_str().unwrap()]);
    let over = ok(&w.ward, &["overruns"]);
    let over = over.as_array().unwrap();
    assert_eq!(over.len(), 1);
    assert_eq!(
        (over[0]["card"].as_str(), over[0]["service"].as_str(), over[0]["limit"].as_u64(), over[0]["used"].as_u64()),
        (Some("C-010"), Some("day-care"), Some(12), Some(16))
    );
    assert_eq!(over[0]["facilities"], serde_json::json!(["pao", "tsumugi"]));
    // The roster tells each facility what the other booked.
    ok(
        &w.ward,
        &[
            "approval",
            "add",
            "--card",
            "C-010",
            "--approval-no",
            "A-10",
            "--mother",
            "大泉 葵",
            "--services",
            "day-care",
            "--household",
            "standard",
        ],
    );
    let roster = w.root.join("r1.sango");
    ok(&w.ward, &["roster", "--out", roster.to_str().unwrap()]);
    ok(&w.facility, &["import", roster.to_str().unwrap()]);
    let q = ok(&w.facility, &["quota", "--card", "C-010"]);
    assert_eq!((q["day-care"]["booked"].as_u64(), q["day-care"]["remaining"].as_u64()), (Some(16), Some(0)));
    assert_eq!(ok(&w.facility, &["import", roster.to_str().unwrap()])["imported"], 0);
}

#[test]
fn tampered_or_foreign_bundles_are_exit_5_and_change_nothing() {
    let w = world("tsumugi");
    mother(&w.facility, "C-020", "2026-11-10");
    let e = w.root.join("e.sango");
    ok(&w.facility, &["export", "--out", e.to_str().unwrap()]);
    let bytes = std::fs::read(&e).unwrap();
    let before = entries(&w.ward);
    for at in [bytes.len() / 3, bytes.len() / 2, bytes.len() - 1] {
        let mut t = bytes.clone();
        t[at] ^= 0x40;
        let p = w.root.join(format!("t{at}.sango"));
        std::fs::write(&p, &t).unwrap();
        assert_eq!(sango(&w.ward, NOW, &["import", p.to_str().unwrap()]).code, 5, "byte {at}");
    }
    let cut = w.root.join("cut.sango");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    assert_eq!(sango(&w.ward, NOW, &["import", cut.to_str().unwrap()]).code, 5);
    let junk = w.root.join("junk.sango");
    std::fs::write(&junk, b"hello, not a bundle").unwrap();
    assert_eq!(sango(&w.ward, NOW, &["import", junk.to_str().unwrap()]).code, 4);
    // Another ward cannot read it.
    let ward2 = w.root.join("ward2");
    ok(&ward2, &["init", "--ward"]);
    assert_eq!(sango(&ward2, NOW, &["import", e.to_str().unwrap()]).code, 5);
    assert_eq!(entries(&w.ward), before);
}

#[test]
fn backup_restores_the_whole_install_elsewhere() {
    let w = world("tsumugi");
    mother(&w.facility, "C-030", "2026-11-10");
    ok(&w.facility, &["book", "--card", "C-030", "--service", "day-care", "--date", "2026-12-08"]);
    let b = w.root.join("backup.sbk");
    ok(&w.facility, &["backup", "--out", b.to_str().unwrap()]);
    let restored = w.root.join("restored");
    let r = ok(&restored, &["restore", b.to_str().unwrap(), "--recovery-key-file", w.facility_key.to_str().unwrap()]);
    // Every entry of the backup, and the restore's own (which opens a new epoch).
    assert_eq!(r["entries"].as_u64(), Some(entries(&w.facility) + 1));
    assert_eq!(ok(&restored, &["quota", "--card", "C-030"]), ok(&w.facility, &["quota", "--card", "C-030"]));
    // Never over an existing install.
    assert_ne!(
        sango(
            &w.facility,
            NOW,
            &["restore", b.to_str().unwrap(), "--recovery-key-file", w.facility_key.to_str().unwrap()]
        )
        .code,
        0
    );
}

/// The facility's PC dies after its backup, having exported more since; the restored install
/// writes new entries under the same sequence numbers. The ward keeps both: the restored
/// journal's new epoch is not mistaken for what it already received.
#[test]
fn after_a_restore_reused_sequence_numbers_reach_the_ward_as_new() {
    let w = world("tsumugi");
    mother(&w.facility, "C-031", "2026-11-10");
    mother(&w.ward, "C-031", "2026-11-10");
    let b = w.root.join("backup.sbk");
    ok(&w.facility, &["backup", "--out", b.to_str().unwrap()]);
    // The lost machine, after the backup: a booking, exported and imported at the ward.
    let lost = ok(&w.facility, &["book", "--card", "C-031", "--service", "day-care", "--date", "2026-12-08"])
        ["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let e1 = w.root.join("e1.sango");
    ok(&w.facility, &["export", "--out", e1.to_str().unwrap()]);
    ok(&w.ward, &["import", e1.to_str().unwrap()]);
    // The new machine, from the backup: another booking, at the very sequence the lost one had.
    let restored = w.root.join("restored");
    ok(&restored, &["restore", b.to_str().unwrap(), "--recovery-key-file", w.facility_key.to_str().unwrap()]);
    let new = ok(&restored, &["book", "--card", "C-031", "--service", "day-care", "--date", "2026-12-11"])["booking"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(new, lost);
    assert!(new.starts_with("tsumugi-") && new.contains('~'), "a booking of the new epoch: {new}");
    let e2 = w.root.join("e2.sango");
    let sent = ok(&restored, &["export", "--out", e2.to_str().unwrap()]);
    assert_eq!(sent["from_seq"], 1, "no roster yet: everything is re-sent");
    let got = ok(&w.ward, &["import", e2.to_str().unwrap()]);
    assert!(got["imported"].as_u64().unwrap() >= 2, "the restore and the new booking are new to the ward: {got}");
    // Both uses count at the ward.
    let q = ok(&w.ward, &["quota", "--card", "C-031"]);
    assert_eq!(q["day-care"]["booked"].as_u64().unwrap() + q["day-care"]["used"].as_u64().unwrap(), 2, "{q}");
    assert!(ok(&w.ward, &["verify"])["ok"].as_bool().unwrap());
}

/// A bundle lost on its way is sent again: the next export starts just past what the ward
/// acknowledged in its latest roster, whatever was exported since.
#[test]
fn an_export_that_never_arrived_is_sent_again_until_the_ward_acknowledges_it() {
    let w = world("tsumugi");
    mother(&w.facility, "C-032", "2026-11-10");
    mother(&w.ward, "C-032", "2026-11-10");
    let e1 = w.root.join("e1.sango");
    assert_eq!(ok(&w.facility, &["export", "--out", e1.to_str().unwrap()])["from_seq"], 1);
    ok(&w.ward, &["import", e1.to_str().unwrap()]);
    let r = w.root.join("r.sango");
    ok(&w.ward, &["roster", "--out", r.to_str().unwrap()]);
    ok(&w.facility, &["import", r.to_str().unwrap()]);
    let acked = ok(&w.ward, &["facility", "list"])[0]["acknowledged_through"].as_u64().unwrap();
    // Lost: the USB stick never reached the ward.
    ok(&w.facility, &["book", "--card", "C-032", "--service", "day-care", "--date", "2026-12-08"]);
    let lost = w.root.join("lost.sango");
    let first = ok(&w.facility, &["export", "--out", lost.to_str().unwrap()]);
    assert_eq!(first["from_seq"].as_u64(), Some(acked + 1));
    let again = w.root.join("again.sango");
    let second = ok(&w.facility, &["export", "--out", again.to_str().unwrap()]);
    assert_eq!(second["from_seq"], first["from_seq"], "not acknowledged yet: sent again");
    ok(&w.ward, &["import", again.to_str().unwrap()]);
    assert_eq!(ok(&w.ward, &["quota", "--card", "C-032"])["day-care"]["booked"], 1);
    let r2 = w.root.join("r2.sango");
    ok(&w.ward, &["roster", "--out", r2.to_str().unwrap()]);
    ok(&w.facility, &["import", r2.to_str().unwrap()]);
    let third = ok(&w.facility, &["export", "--out", w.root.join("e3.sango").to_str().unwrap()]);
    assert!(third["from_seq"].as_u64() > second["from_seq"].as_u64(), "acknowledged: not sent again ({third})");
}

#[test]
fn a_garbled_working_state_is_rebuilt_from_the_journal() {
    let w = world("tsumugi");
    mother(&w.facility, "C-040", "2026-11-10");
    ok(&w.facility, &["book", "--card", "C-040", "--service", "day-care", "--date", "2026-12-08"]);
    let want = ok(&w.facility, &["quota", "--card", "C-040"]);
    let state = w.facility.join("state");
    for e in std::fs::read_dir(&state).unwrap().flatten() {
        if e.path().is_file() {
            std::fs::write(e.path(), b"garbage garbage garbage").unwrap();
        }
    }
    let r = sango(&w.facility, NOW, &["quota", "--card", "C-040"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(r.out["notices"][0]["code"], "state_rebuilt");
    let mut got = r.out.clone();
    got.as_object_mut().unwrap().remove("notices");
    assert_eq!(got, want);
    assert_eq!(ok(&w.facility, &["verify"])["ok"], true);
    assert_eq!(ok(&w.facility, &["rebuild"])["entries"].as_u64(), Some(entries(&w.facility)));
}

#[test]
fn claims_add_up_and_open_in_excel_as_csv() {
    let w = world("tsumugi");
    mother(&w.facility, "C-050", "2026-11-10");
    ok(
        &w.facility,
        &[
            "approval",
            "add",
            "--card",
            "C-051",
            "--approval-no",
            "A-51",
            "--mother",
            "田柄 桜",
            "--services",
            "day-care",
            "--household",
            "welfare",
            "--postal",
            "177-0045",
        ],
    );
    ok(&w.facility, &["birth", "--card", "C-051", "--date", "2026-11-12"]);
    let stay =
        ok(&w.facility, &["book", "--card", "C-050", "--service", "short-stay", "--date", "2026-12-07", "--days", "2"])
            ["booking"]
            .as_str()
            .unwrap()
            .to_string();
    let day = ok(&w.facility, &["book", "--card", "C-051", "--service", "day-care", "--date", "2026-12-08"])["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let late = ok(&w.facility, &["book", "--card", "C-050", "--service", "day-care", "--date", "2026-12-10"])
        ["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let done = sango(&w.facility, "2026-12-08T11:00:00+09:00", &["complete", "--booking", &stay]);
    assert_eq!(done.code, 0, "{}", done.err);
    assert_eq!(sango(&w.facility, "2026-12-08T16:00:00+09:00", &["complete", "--booking", &day]).code, 0);
    assert_eq!(sango(&w.facility, "2026-12-09T12:00:00+09:00", &["cancel", "--booking", &late]).out["late"], true);
    let c = ok(&w.facility, &["claims", "--month", "2026-12"]);
    let f = &c["facilities"][0];
    let n = |v: &Value| v.as_i64().unwrap();
    assert_eq!((n(&f["uses"]), n(&f["no_shows"])), (2, 1));
    // 66,000 + 19,000 + the no-show's user share 1,500; the ward pays nothing for the no-show.
    assert_eq!((n(&f["total_cost"]), n(&f["user_fees"]), n(&f["ward_amount"])), (86500, 8500, 78000));
    assert_eq!(n(&c["totals"]["ward_amount"]), 78000);
    let o =
        command().arg("--data-dir").arg(&w.facility).args(["claims", "--month", "2026-12", "--csv"]).output().unwrap();
    assert!(o.status.success());
    assert!(o.stdout.starts_with(&[0xEF, 0xBB, 0xBF]), "a BOM for Excel");
    let text = String::from_utf8(o.stdout[3..].to_vec()).unwrap();
    assert!(text.contains("\r\n") && text.starts_with("請求月,"));
    assert_eq!(text.lines().count(), 1 + 3 + 1 + 1, "header, three uses, the facility total, the grand total");
}

#[test]
fn only_a_facility_the_ward_registered_is_imported_and_a_new_key_needs_a_revocation_first() {
    let w = world("tsumugi");
    let card_file = w.root.join("ward.card");
    // A second facility, set up but not registered: its signed export proves nothing yet.
    let pao = w.root.join("pao");
    let pao_init = ok(&pao, &["init", "--facility", "pao", "--ward-card", card_file.to_str().unwrap()]);
    let ward_key = ok(&w.ward, &["card", "--out", w.root.join("ward2.card").to_str().unwrap()])["key_id"].clone();
    assert_eq!(pao_init["ward_key_id"], ward_key, "a facility's init shows the ward card's fingerprint");
    mother(&pao, "C-062", "2026-11-10");
    let pe = w.root.join("pao.sango");
    ok(&pao, &["export", "--out", pe.to_str().unwrap()]);
    let before = entries(&w.ward);
    let r = sango(&w.ward, NOW, &["import", pe.to_str().unwrap()]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (5, Some("facility_not_registered")), "{}", r.err);
    assert_eq!(entries(&w.ward), before, "nothing changed");
    // A roster written now cannot be read at the unregistered facility.
    let r0 = w.root.join("r0.sango");
    ok(&w.ward, &["roster", "--out", r0.to_str().unwrap()]);
    assert_eq!(sango(&pao, NOW, &["import", r0.to_str().unwrap()]).code, 5);
    // Registered by the ward's act, the same export imports.
    let key = register(&w.ward, &pao);
    assert!(ok(&w.ward, &["import", pe.to_str().unwrap()])["imported"].as_u64().unwrap() > 0);
    let listed = ok(&w.ward, &["facility", "list"]);
    let row = listed.as_array().unwrap().iter().find(|r| r["facility"] == "pao").unwrap().clone();
    assert_eq!((row["key_id"].as_str(), row["revoked"].as_bool()), (Some(key.as_str()), Some(false)));
    assert!(row["acknowledged_through"].as_u64().unwrap() > 0);
    assert!(row["registered_at"].is_string());

    // Another machine set up as つむぎ has another key: refused while つむぎ's key stands.
    let impostor = w.root.join("impostor");
    ok(&impostor, &["init", "--facility", "tsumugi", "--ward-card", card_file.to_str().unwrap()]);
    mother(&impostor, "C-061", "2026-11-10");
    let bad = w.root.join("bad.sango");
    ok(&impostor, &["export", "--out", bad.to_str().unwrap()]);
    let before = entries(&w.ward);
    let r = sango(&w.ward, NOW, &["import", bad.to_str().unwrap()]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (5, Some("signer_mismatch")), "{}", r.err);
    let icard = w.root.join("impostor.card");
    ok(&impostor, &["card", "--out", icard.to_str().unwrap()]);
    let r = sango(&w.ward, NOW, &["facility", "add", "--card", icard.to_str().unwrap()]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (3, Some("already_registered")), "{}", r.err);
    assert_eq!(entries(&w.ward), before);

    // Re-keying つむぎ (a new PC) is two acts of the ward: revoke, then register the new card.
    let revoked = ok(&w.ward, &["facility", "revoke", "--facility", "tsumugi"]);
    assert_eq!((revoked["facility"].as_str(), revoked["revoked"].as_bool()), (Some("tsumugi"), Some(true)));
    let old = w.root.join("old.sango");
    ok(&w.facility, &["export", "--out", old.to_str().unwrap()]);
    let r = sango(&w.ward, NOW, &["import", old.to_str().unwrap()]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (5, Some("facility_revoked")), "{}", r.err);
    ok(&w.ward, &["facility", "add", "--card", icard.to_str().unwrap()]);
    assert!(ok(&w.ward, &["import", bad.to_str().unwrap()])["imported"].as_u64().unwrap() > 0);
    // A revoked key never comes back; the same card twice changes nothing; ids outside the directory are refused.
    let old_card = w.facility.with_extension("card.json");
    let r = sango(&w.ward, NOW, &["facility", "add", "--card", old_card.to_str().unwrap()]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (3, Some("key_revoked")), "{}", r.err);
    let before = entries(&w.ward);
    ok(&w.ward, &["facility", "add", "--card", icard.to_str().unwrap()]);
    assert_eq!(entries(&w.ward), before);
    let r = sango(&w.ward, NOW, &["facility", "revoke", "--facility", "juntendo-nerima"]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (4, Some("not_registered")), "{}", r.err);
    let listed = ok(&w.ward, &["facility", "list"]);
    let tsumugi: Vec<bool> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["facility"] == "tsumugi")
        .map(|r| r["revoked"].as_bool().unwrap())
        .collect();
    assert_eq!(tsumugi.iter().filter(|r| **r).count(), 1, "the old key listed as revoked: {listed}");
    assert_eq!(tsumugi.len(), 2);
    // The old machine no longer reads rosters; the new one does.
    let r1 = w.root.join("r1.sango");
    ok(&w.ward, &["roster", "--out", r1.to_str().unwrap()]);
    assert_eq!(sango(&w.facility, NOW, &["import", r1.to_str().unwrap()]).code, 5);
    ok(&impostor, &["import", r1.to_str().unwrap()]);
}

#[test]
fn a_card_that_is_not_a_directory_facility_or_not_a_card_registers_nothing() {
    let w = world("tsumugi");
    let before = entries(&w.ward);
    let junk = w.root.join("junk.json");
    std::fs::write(&junk, "{\"facility\": \"tsumugi\"}").unwrap();
    let r = sango(&w.ward, NOW, &["facility", "add", "--card", junk.to_str().unwrap()]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (4, Some("bad_card")), "{}", r.err);
    // A real card whose signature no longer matches (its facility id changed by hand).
    let card = std::fs::read_to_string(w.facility.with_extension("card.json")).unwrap();
    let altered = w.root.join("altered.json");
    std::fs::write(&altered, card.replace("\"tsumugi\"", "\"pao\"")).unwrap();
    let r = sango(&w.ward, NOW, &["facility", "add", "--card", altered.to_str().unwrap()]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (5, Some("card_altered")), "{}", r.err);
    let r = sango(&w.facility, NOW, &["facility", "list"]);
    assert_eq!(r.code, 2, "a ward verb at a facility: {}", r.err);
    assert_eq!(entries(&w.ward), before);
}

#[test]
fn an_older_roster_never_rolls_a_facility_back() {
    let w = world("tsumugi");
    ok(
        &w.ward,
        &[
            "approval",
            "add",
            "--card",
            "C-070",
            "--approval-no",
            "A-70",
            "--mother",
            "北町 楓",
            "--services",
            "day-care",
            "--household",
            "standard",
        ],
    );
    let r1 = w.root.join("r1.sango");
    ok(&w.ward, &["roster", "--out", r1.to_str().unwrap()]);
    ok(
        &w.ward,
        &[
            "approval",
            "add",
            "--card",
            "C-070",
            "--approval-no",
            "A-71",
            "--mother",
            "北町 楓",
            "--services",
            "day-care,home-visit",
            "--household",
            "standard",
        ],
    );
    let r2 = w.root.join("r2.sango");
    ok(&w.ward, &["roster", "--out", r2.to_str().unwrap()]);
    assert!(ok(&w.facility, &["import", r2.to_str().unwrap()])["imported"].as_u64().unwrap() > 0);
    let older = ok(&w.facility, &["import", r1.to_str().unwrap()]);
    assert_eq!(
        (older["imported"].as_u64(), older["stale"].as_bool()),
        (Some(0), Some(true)),
        "said to be older: {older}"
    );
    let again = ok(&w.facility, &["import", r2.to_str().unwrap()]);
    assert_eq!(
        (again["imported"].as_u64(), again["stale"].as_bool()),
        (Some(0), Some(false)),
        "the same roster again is not older"
    );
    let q = ok(&w.facility, &["quota", "--card", "C-070"]);
    assert_eq!(q["home-visit"]["approved"], true, "the newer roster stands");
}

#[test]
fn a_stay_from_check_in_to_receipt() {
    let w = world("tsumugi");
    mother(&w.facility, "C-080", "2026-11-10");
    ok(&w.facility, &["orientation", "--card", "C-080", "--date", "2026-10-01", "--notes", "見学済み"]);
    let id = ok(&w.facility, &["book", "--card", "C-080", "--service", "short-stay", "--date", "2026-12-07"])
        ["booking"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        sango(&w.facility, "2026-12-06T09:00:00+09:00", &["check-in", "--booking", &id]).code,
        3,
        "not before the first day"
    );
    let c = sango(&w.facility, "2026-12-07T10:30:00+09:00", &["check-in", "--booking", &id, "--temperature", "36.6"]);
    assert_eq!((c.code, c.out["status"].as_str()), (0, Some("checked-in")), "{}", c.err);
    assert_eq!(
        sango(&w.facility, "2026-12-08T11:00:00+09:00", &["complete", "--booking", &id]).out["status"],
        "completed"
    );
    let r = sango(&w.facility, "2026-12-08T11:05:00+09:00", &["pay", "--booking", &id]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(r.out["amount_paid"].as_i64(), Some(7000));
    assert_eq!(r.out["issued_on_wareki"], "令和8年12月8日");
    assert!(r.out["period_wareki"].as_str().unwrap().starts_with("令和8年12月7日"));
    assert_eq!(sango(&w.facility, NOW, &["pay", "--booking", &id]).code, 3, "paid once only");
}

#[test]
fn an_acute_infection_at_check_in_releases_the_day_uncharged() {
    let w = world("tsumugi");
    mother(&w.facility, "C-081", "2026-11-10");
    let id = ok(&w.facility, &["book", "--card", "C-081", "--service", "day-care", "--date", "2026-12-08"])["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let c = sango(
        &w.facility,
        "2026-12-08T10:00:00+09:00",
        &["check-in", "--booking", &id, "--acute-infection", "--notes", "発熱 38.5"],
    );
    assert_eq!(c.out["status"], "refused");
    assert_eq!(c.out["fee"]["user_fee"], 0);
    assert_eq!(ok(&w.facility, &["quota", "--card", "C-081"])["day-care"]["remaining"], 12);
    // Still on the midwife's list for the day, marked as turned away.
    let today = ok(&w.facility, &["today", "--date", "2026-12-08"]);
    assert_eq!(today["day_care"][0]["status"], "refused");
}

#[test]
fn a_full_day_takes_a_waiting_list_and_a_cancel_offers_the_place() {
    let w = world("tsumugi");
    mother(&w.facility, "C-090", "2026-11-10");
    mother(&w.facility, "C-091", "2026-11-11");
    // つむぎ here: one bed a night.
    let first = ok(&w.facility, &["book", "--card", "C-090", "--service", "short-stay", "--date", "2026-12-08"])
        ["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let full = sango(&w.facility, NOW, &["book", "--card", "C-091", "--service", "short-stay", "--date", "2026-12-08"]);
    assert_eq!(full.err["error"]["code"], "facility_full");
    assert_eq!(
        ok(&w.facility, &["wait", "--card", "C-091", "--service", "short-stay", "--date", "2026-12-08"])["position"],
        1
    );
    let c = ok(&w.facility, &["cancel", "--booking", &first]);
    assert_eq!(c["offered_to"]["card"], "C-091");
    let second = ok(&w.facility, &["book", "--card", "C-091", "--service", "short-stay", "--date", "2026-12-08"])
        ["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let moved = ok(&w.facility, &["reschedule", "--booking", &second, "--date", "2026-12-10"]);
    assert_eq!((moved["first_day"].as_str(), moved["last_day"].as_str()), (Some("2026-12-10"), Some("2026-12-11")));
    assert_eq!(ok(&w.facility, &["quota", "--card", "C-091"])["short-stay"]["booked"], 2);
}

#[test]
fn another_municipalitys_program_file_prices_its_uses() {
    let w = world("tsumugi");
    let nerima = include_str!("../../sango/data/program-nerima-2024.toml");
    // Same program, but day care at ¥20,000 of which the user pays ¥2,000.
    let other = nerima.replacen("id = \"nerima-2024\"", "id = \"other-2025\"", 1).replace(
        "total_cost = 19000, user_fee = 1500, ward_amount = 17500",
        "total_cost = 20000, user_fee = 2000, ward_amount = 18000",
    );
    assert_ne!(other, nerima, "the test must change the fee schedule");
    let file = w.root.join("other.toml");
    std::fs::write(&file, &other).unwrap();
    // A facility applies the program of its ward, which its card carries (issue 19), not one of its own.
    let other_ward = w.root.join("other-ward-for-pao");
    ok(&other_ward, &["init", "--ward", "--program", file.to_str().unwrap()]);
    let other_card = w.root.join("other.card");
    ok(&other_ward, &["ward-card", "--out", other_card.to_str().unwrap()]);
    let dir = w.root.join("other-facility");
    let own = sango(
        &dir,
        NOW,
        &[
            "init",
            "--facility",
            "pao",
            "--ward-card",
            w.root.join("ward.card").to_str().unwrap(),
            "--program",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!((own.code, own.err["error"]["code"].as_str()), (2, Some("program_from_ward")), "{}", own.err);
    ok(&dir, &["init", "--facility", "pao", "--ward-card", other_card.to_str().unwrap()]);
    mother(&dir, "C-099", "2026-11-10");
    let id = ok(&dir, &["book", "--card", "C-099", "--service", "day-care", "--date", "2026-12-02"])["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let done = sango(&dir, "2026-12-02T16:00:00+09:00", &["complete", "--booking", &id]);
    assert_eq!(done.out["fee"]["user_fee"], 2000, "{}", done.err);
    let junk = w.root.join("junk.toml");
    std::fs::write(&junk, "id = 3").unwrap();
    assert_eq!(sango(&w.root.join("x"), NOW, &["program", "check", junk.to_str().unwrap()]).code, 4);
    // The ward keeps its program too: it prices and counts by it.
    let ward = w.root.join("other-ward");
    ok(&ward, &["init", "--ward", "--program", file.to_str().unwrap()]);
    assert_eq!(sango::app::App::open(&ward).unwrap().program().id(), "other-2025");
    let refused = sango(&w.root.join("y"), NOW, &["init", "--ward", "--program", junk.to_str().unwrap()]);
    assert_eq!(refused.code, 4);
    assert!(!w.root.join("y").join("journal.sjl").exists());
}

#[test]
fn a_reader_that_stops_reading_is_not_a_panic_and_the_work_stays_done() {
    let w = world("tsumugi");
    mother(&w.facility, "C-010", "2026-11-10");
    // A pipe whose reading end is already closed, as `sango … | head -1` leaves it.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let o = command()
        .arg("--data-dir")
        .arg(&w.facility)
        .args(["--now", NOW, "book", "--card", "C-010", "--service", "day-care", "--date", "2026-12-03"])
        .stdout(writer)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert_eq!(ok(&w.facility, &["quota", "--card", "C-010"])["day-care"]["booked"], 1);
}

/// What a reader types with the IME on: every ASCII character full-width.
fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| if ('!'..='~').contains(&c) { char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap() } else { c })
        .collect()
}

/// Issue 23: the card, the date and the count as a Japanese desk types them (IME on, kana dash,
/// lower case, 和暦) get the same answer as half-width; a notice's code typed full-width scans;
/// English never appears in message_ja.
#[test]
fn what_a_japanese_desk_types_gets_the_same_answer() {
    let w = world("tsumugi");
    mother(&w.facility, "C-100", "2026-11-10");
    let want = ok(&w.facility, &["quota", "--card", "C-100"]);
    for card in ["Ｃ－１００", "c-100", "Ｃー１００", "ｃ‐100", "　C-100　"] {
        assert_eq!(ok(&w.facility, &["quota", "--card", card]), want, "{card}");
    }
    let booked = ok(
        &w.facility,
        &["book", "--card", "ｃ－１００", "--service", "short-stay", "--date", "令和8年12月7日", "--days", "２"],
    );
    let q = ok(&w.facility, &["quota", "--card", "C-100"]);
    assert_eq!(q["short-stay"]["booked"].as_u64(), Some(2), "{booked}");
    assert_eq!(
        ok(&w.facility, &["deadline", "--date", "R8.12.7"]),
        ok(&w.facility, &["deadline", "--date", "２０２６－１２－０７"])
    );

    let bad = sango(&w.facility, NOW, &["quota", "--card", "Ｃ＿１００"]);
    assert_eq!((bad.code, bad.err["error"]["code"].as_str()), (4, Some("bad_input")));
    let ja = bad.err["error"]["message_ja"].as_str().unwrap();
    assert!(ja.starts_with("利用者カード番号が正しくありません。") && sango::app::latin_words(ja).is_empty(), "{ja}");

    ok(
        &w.ward,
        &[
            "approval",
            "add",
            "--card",
            "C-200",
            "--approval-no",
            "ｒ８－００４２",
            "--mother",
            "光が丘 みどり",
            "--services",
            "day-care",
            "--household",
            "standard",
            "--postal",
            "〒１７９－００７２",
        ],
    );
    let code = ok(&w.ward, &["approval", "notice", "--card", "c-200"])["payload"].as_str().unwrap().to_string();
    assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
    let scan = ok(&w.facility, &["approval", "scan", "--payload", &full_width(&code)]);
    assert_eq!((scan["card"].as_str(), scan["confirmed"].as_bool()), (Some("C-200"), Some(true)));
    let kana = sango(&w.facility, NOW, &["approval", "scan", "--payload", "ＳＧ１：まＫ"]);
    assert_eq!((kana.code, kana.err["error"]["code"].as_str()), (4, Some("ime_on")));
    assert_eq!(
        kana.err["error"]["message_ja"],
        "日本語入力がオンのようです。半角英数にしてからもう一度読み取ってください。"
    );
}

/// A bundle sealed with `facility`'s own key (read from its data folder) holding `entries`, its
/// manifest declaring `first..=last`: what whoever holds a facility's key can make.
fn forged_export(
    w: &World,
    facility: &std::path::Path,
    entries: &[Value],
    first: u64,
    last: u64,
    name: &str,
) -> std::path::PathBuf {
    let identity =
        sango::sync::Identity::from_json(&std::fs::read_to_string(facility.join("identity.json")).unwrap()).unwrap();
    let ward = sango::sync::WardCard::from_json(&std::fs::read_to_string(w.root.join("ward.card")).unwrap()).unwrap();
    let payload = serde_json::to_vec(&serde_json::json!({ "entries": entries })).unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap();
    let bytes = sango::sync::seal_export(&payload, first, last, now, &identity, &ward).unwrap();
    let file = w.root.join(name);
    std::fs::write(&file, bytes).unwrap();
    file
}

/// A completed day of day care at つむぎ, as a journal entry of its export.
fn completed_day_care(seq: u64, card: &str, day: &str, total: i64, user: i64, ward: i64) -> Value {
    serde_json::json!({
        "v": 1, "origin": "tsumugi", "seq": seq, "at": "2026-12-10T17:00:00+09:00",
        "actor": {"name": "desk", "role": "midwife"},
        "event": {"type": "booking_saved", "change": "completed", "booking": {
            "id": format!("tsumugi-{seq}"), "facility": "tsumugi", "card": card, "service": "day-care",
            "first_day": day, "units": 1, "status": "completed", "reason": null,
            "fee": {"total_cost": total, "user_fee": user, "ward_amount": ward},
            "cancel_by": "2026-12-07T10:00:00+09:00", "booked_at": "2026-12-01T09:00:00+09:00",
            "screening": null, "payment": null
        }}
    })
}

#[test]
fn the_ward_prices_a_forged_export_itself_and_flags_a_wrong_fee_and_an_unknown_card() {
    let w = world("tsumugi");
    ok(
        &w.ward,
        &[
            "approval",
            "add",
            "--card",
            "C-070",
            "--approval-no",
            "A-70",
            "--mother",
            "大泉 葵",
            "--services",
            "day-care",
            "--household",
            "standard",
        ],
    );
    ok(&w.ward, &["birth", "--card", "C-070", "--date", "2026-11-10"]);
    let own = ok(&w.ward, &["fee", "--service", "day-care", "--date", "2026-12-08"]);
    let n = |v: &Value| v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).unwrap();
    let (total, user, ward_amount) = (n(&own["total_cost"]), n(&own["user_fee"]), n(&own["ward_amount"]));
    // The ward's share halved on C-070; C-071 the ward never approved, charged at the right fee.
    let entries = [
        completed_day_care(1, "C-070", "2026-12-08", user + ward_amount / 2, user, ward_amount / 2),
        completed_day_care(2, "C-071", "2026-12-10", total, user, ward_amount),
    ];
    let file = forged_export(&w, &w.facility, &entries, 1, 2, "forged.sango");
    assert_eq!(ok(&w.ward, &["import", file.to_str().unwrap()])["imported"], 2);
    let c = ok(&w.ward, &["claims", "--month", "2026-12"]);
    let lines = c["facilities"][0]["lines"].as_array().unwrap();
    let line = |card: &str| lines.iter().find(|l| l["card"] == card).unwrap();
    let halved = line("C-070");
    assert_eq!(halved["flags"], serde_json::json!(["fee_mismatch"]));
    assert_eq!(
        (n(&halved["ward_amount"]), n(&halved["stated"]["ward_amount"])),
        (ward_amount, ward_amount / 2),
        "the ward's own figure, the facility's beside it"
    );
    let unknown = line("C-071");
    assert!(unknown["flags"].as_array().unwrap().contains(&Value::from("unknown_card")), "{}", unknown["flags"]);
    assert_eq!((n(&c["totals"]["flagged"]), n(&c["totals"]["flagged_ward_amount"])), (2, 2 * ward_amount));
    assert_eq!(n(&c["totals"]["ward_amount"]), 2 * ward_amount);
    let o = common::command()
        .arg("--data-dir")
        .arg(&w.ward)
        .args(["claims", "--month", "2026-12", "--csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout[3..].to_vec()).unwrap();
    assert!(text.lines().next().unwrap().ends_with(",確認事項"));
    assert!(text.lines().any(|l| l.contains("C-070") && l.ends_with(",金額相違")), "{text}");
    assert!(text.lines().any(|l| l.contains("C-071") && l.contains("未承認")), "{text}");
    // A facility's own claims carry no flags.
    let f = ok(&w.facility, &["claims", "--month", "2026-12"]);
    assert_eq!(f["totals"]["flagged"], 0);
}

#[test]
fn a_forged_export_with_an_entry_outside_its_manifest_is_exit_5_and_changes_nothing() {
    let w = world("tsumugi");
    let before = entries(&w.ward);
    let e = [
        completed_day_care(1, "C-080", "2026-12-08", 19000, 1500, 17500),
        completed_day_care(7, "C-080", "2026-12-10", 19000, 1500, 17500),
    ];
    let file = forged_export(&w, &w.facility, &e, 1, 2, "stray.sango");
    let r = sango(&w.ward, NOW, &["import", file.to_str().unwrap()]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (5, Some("entry_outside_manifest")), "{}", r.err);
    assert_eq!(entries(&w.ward), before);
}

/// The roster tells every facility what a desk needs of a mother and no more: the fee band, not
/// whether she is a welfare or a non-taxable household; the postal district, not her address's code.
#[test]
fn the_roster_carries_the_fee_band_and_the_district_only() {
    let w = world("tsumugi");
    ok(
        &w.ward,
        &[
            "approval",
            "add",
            "--card",
            "C-090",
            "--approval-no",
            "A-90",
            "--mother",
            "光が丘 茜",
            "--services",
            "day-care,home-visit",
            "--household",
            "welfare",
            "--postal",
            "179-0072",
        ],
    );
    ok(
        &w.ward,
        &[
            "approval",
            "add",
            "--card",
            "C-091",
            "--approval-no",
            "A-91",
            "--mother",
            "石神井 蓮",
            "--services",
            "day-care",
            "--household",
            "non-taxable",
            "--postal",
            "177-0045",
        ],
    );
    let r = w.root.join("r.sango");
    ok(&w.ward, &["roster", "--out", r.to_str().unwrap()]);
    let identity =
        sango::sync::Identity::from_json(&std::fs::read_to_string(w.facility.join("identity.json")).unwrap()).unwrap();
    let ward = sango::sync::WardCard::from_json(&std::fs::read_to_string(w.root.join("ward.card")).unwrap()).unwrap();
    let opened =
        sango::sync::open_bundle(&std::fs::read(&r).unwrap(), &identity, &sango::sync::Trust::Facility { ward })
            .unwrap();
    let payload: Value = serde_json::from_slice(&opened.payload).unwrap();
    // What the roster says of mothers (the program file it also carries is public, and names households).
    let text = serde_json::to_string(&(&payload["mothers"], &payload["uses"])).unwrap();
    for absent in ["household", "welfare", "non-taxable", "0072", "0045"] {
        assert!(!text.contains(absent), "the roster says {absent:?}: {text}");
    }
    let bands: Vec<(&str, &str, &str)> = payload["mothers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["approval"]["card"].as_str().unwrap(),
                m["approval"]["fee_band"].as_str().unwrap(),
                m["approval"]["postal_district"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        bands,
        vec![("C-090", "free", "179"), ("C-091", "free", "177")],
        "both reduced households pay the same under Nerima's program: one band"
    );
    // The facility prices by the band: nothing for her to pay, the ward's share the whole cost.
    ok(&w.facility, &["import", r.to_str().unwrap()]);
    ok(&w.facility, &["birth", "--card", "C-090", "--date", "2026-11-10"]);
    let id = ok(&w.facility, &["book", "--card", "C-090", "--service", "day-care", "--date", "2026-12-08"])["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let done = sango(&w.facility, "2026-12-08T16:00:00+09:00", &["complete", "--booking", &id]);
    assert_eq!(done.code, 0, "{}", done.err);
    let n = |v: &Value| v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok())).unwrap();
    assert_eq!(
        (n(&done.out["fee"]["user_fee"]), n(&done.out["fee"]["ward_amount"])),
        (0, n(&done.out["fee"]["total_cost"])),
        "{}",
        done.out
    );
}

/// Each row of docs/cli.md's tables: the verb's words and the flags it documents.
fn documented_verbs() -> Vec<(Vec<String>, Vec<String>)> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cli.md"))
        .expect("docs/cli.md in the repository");
    doc.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(|usage| {
            let words = usage
                .split_whitespace()
                .take_while(|w| w.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !w.starts_with('-'))
                .map(str::to_string)
                .collect();
            let flags = usage
                .split(|c: char| c.is_whitespace() || "[]|".contains(c))
                .filter(|w| w.starts_with("--"))
                .map(str::to_string)
                .collect();
            (words, flags)
        })
        .collect()
}

/// The flags docs/cli.md's "In this build" paragraph says are not here yet (`fee --babies`).
fn not_yet_here() -> Vec<String> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/cli.md")).unwrap();
    let Some(start) = doc.find("Not yet here") else { return vec![] };
    let end = doc[start..].find("Beyond the contract").map_or(doc.len(), |e| start + e);
    doc[start..end].split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// docs/cli.md is kept true: every documented verb answers `--help` and knows every flag the
/// table gives it, but for those the doc itself lists as not yet here.
#[test]
fn every_verb_and_flag_of_docs_cli_md_is_in_the_binary() {
    let verbs = documented_verbs();
    assert!(verbs.len() >= 35, "the tables were read: {}", verbs.len());
    let missing = not_yet_here();
    for (words, flags) in verbs {
        let out = command().args(&words).arg("--help").output().expect("sango runs");
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "sango {} --help: {}", words.join(" "), String::from_utf8_lossy(&out.stderr));
        for flag in flags {
            let known = help
                .split(|c: char| c.is_whitespace() || c == ',' || c == '=' || c == '[' || c == '<')
                .any(|w| w == flag);
            let said_missing = missing.iter().any(|m| *m == format!("{} {flag}", words.join(" ")));
            assert!(
                known || said_missing,
                "docs/cli.md gives `{} {flag}`, which the binary does not know",
                words.join(" ")
            );
            assert!(
                !(known && said_missing),
                "`{} {flag}` exists: take it out of docs/cli.md's not-yet list",
                words.join(" ")
            );
        }
    }
}
