//! The journal on disk (issue 22): compressed frames, printed plain by `journal cat`, and
//! backups made before compression that still restore.

mod common;

use std::path::{Path, PathBuf};

use common::{command, mother, ok, sango, world, NOW};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// `journal cat`'s output, parsed; panics unless it is one JSON document.
fn cat(dir: &Path, args: &[&str]) -> Vec<Value> {
    let o = command().arg("--data-dir").arg(dir).args(["--now", NOW, "journal", "cat"]).args(args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8(o.stdout).unwrap();
    // An entry a line, between the array's brackets.
    assert_eq!(text.lines().count(), serde_json::from_str::<Vec<Value>>(&text).unwrap().len() + 2, "{text}");
    serde_json::from_str(&text).unwrap()
}

#[test]
fn journal_cat_prints_every_entry_plain_and_its_reading_is_audited() {
    let w = world("tsumugi");
    mother(&w.facility, "C-001", "2026-11-10");
    let booked = ok(&w.facility, &["book", "--card", "C-001", "--service", "day-care", "--date", "2026-12-08"]);
    let before = common::entries(&w.facility);
    let all = cat(&w.facility, &[]);
    // Every entry up to the reading, in order, plus the reading itself.
    assert_eq!(all.len() as u64, before + 1);
    for (i, e) in all.iter().enumerate() {
        assert_eq!(e["seq"].as_u64(), Some(i as u64 + 1), "{e}");
    }
    assert_eq!(all[0]["event"]["type"], "initialized");
    assert!(all.iter().any(|e| e["event"]["approval"]["mother"] == "練馬 花子"), "the record itself, plain");
    assert!(all.iter().any(|e| e["event"]["booking"]["id"] == booked["booking"]), "the booking: {booked}");
    assert_eq!(all.last().unwrap()["event"], serde_json::json!({"type": "opened", "what": "journal"}));
    let audit = ok(&w.facility, &["audit", "--kind", "opened"]);
    assert!(audit.as_array().unwrap().iter().any(|l| l["action"] == "opened_journal"), "{audit}");

    // From an entry on; the disk holds compressed frames, not the JSON `cat` printed.
    let tail = cat(&w.facility, &["--from", "3"]);
    assert_eq!(tail[0]["seq"], 3);
    assert_eq!(tail.len(), all.len() - 2 + 1);
    let disk = std::fs::read(w.facility.join("journal.sjl")).unwrap();
    assert_eq!(&disk[8..12], &2u32.to_le_bytes(), "a version 2 journal");
    assert!(!String::from_utf8_lossy(&disk).contains(r#""type":"initialized""#));
    let bad = sango(&w.facility, NOW, &["journal", "cat", "--from", "zero"]);
    assert_eq!((bad.code, bad.err["error"]["code"].as_str()), (4, Some("bad_input")), "{}", bad.err);
    assert!(bad.err["error"]["message_ja"].as_str().unwrap().contains("記録の番号"));
}

/// `tests/fixtures/backup-journal-v1.sgb` was written by `sango backup` of the build before the
/// journal was compressed (a ward: its set-up, two approvals and a birth), with its recovery key
/// beside it. The journal inside is plain (format 1).
#[test]
fn a_backup_made_before_the_journal_was_compressed_restores_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let into = tmp.path().join("restored");
    let key = fixture("backup-journal-v1.recovery-key.txt");
    let r = ok(
        &into,
        &["restore", fixture("backup-journal-v1.sgb").to_str().unwrap(), "--recovery-key-file", key.to_str().unwrap()],
    );
    assert_eq!(r["entries"], 5, "its four entries and the restore's own");
    let journal = std::fs::read(into.join("journal.sjl")).unwrap();
    assert_eq!(&journal[8..12], &1u32.to_le_bytes(), "the journal stays as it was written");
    assert!(ok(&into, &["verify"])["ok"].as_bool().unwrap());
    let all = cat(&into, &[]);
    let mothers: Vec<&str> = all.iter().filter_map(|e| e["event"]["approval"]["mother"].as_str()).collect();
    assert_eq!(mothers, ["練馬 花子", "石神井 桜"]);
    let q = ok(&into, &["quota", "--card", "C-101"]);
    assert_eq!(q["short-stay"]["used"], 0, "{q}");
    // It goes on as a ward: a new entry appends to the old journal and reads back.
    ok(
        &into,
        &[
            "approval",
            "add",
            "--card",
            "C-103",
            "--approval-no",
            "A-3",
            "--mother",
            "大泉 葵",
            "--services",
            "day-care",
            "--household",
            "standard",
        ],
    );
    assert!(cat(&into, &[]).iter().any(|e| e["event"]["approval"]["mother"] == "大泉 葵"));
    assert!(ok(&into, &["verify"])["ok"].as_bool().unwrap());
    // And a backup of it restores again.
    let again = tmp.path().join("again.sgb");
    ok(&into, &["backup", "--out", again.to_str().unwrap()]);
    let twice = tmp.path().join("twice");
    ok(&twice, &["restore", again.to_str().unwrap(), "--recovery-key-file", key.to_str().unwrap()]);
    assert_eq!(ok(&twice, &["quota", "--card", "C-103"]), ok(&into, &["quota", "--card", "C-103"]));
}
