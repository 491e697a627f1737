//! Issue 17 at the command line: staff accounts, the CLI acting as `--staff NAME` with the admin
//! role, and the audit of every change and every opening of a mother's record.

mod common;

use common::{command, mother, ok, world, NOW};
use serde_json::{json, Value};

fn with_pin(dir: &std::path::Path, pin: &str, args: &[&str]) -> (i32, Value, String, String) {
    let o = command()
        .arg("--data-dir")
        .arg(dir)
        .args(["--now", NOW])
        .args(args)
        .env("SANGO_STAFF_PIN", pin)
        .output()
        .unwrap();
    let (out, err) = (String::from_utf8_lossy(&o.stdout).into_owned(), String::from_utf8_lossy(&o.stderr).into_owned());
    (o.status.code().unwrap_or(-1), serde_json::from_str(&out).unwrap_or(Value::Null), out, err)
}

#[test]
fn staff_add_prints_the_name_list_shows_roles_and_no_pin_is_ever_printed() {
    let w = world("tsumugi");
    let (code, out, raw, err) =
        with_pin(&w.facility, "135790", &["staff", "add", "--name", "受付 一郎", "--role", "reception"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, json!({"staff": "受付 一郎"}));
    assert!(!raw.contains("135790") && !err.contains("135790"));
    let (code, ..) = with_pin(&w.facility, "246802", &["staff", "add", "--name", "助産 桜", "--role", "midwife"]);
    assert_eq!(code, 0);
    let list = ok(&w.facility, &["staff", "list"]);
    assert_eq!(
        list,
        json!([{"name": "助産 桜", "role": "midwife", "active": true}, {"name": "受付 一郎", "role": "reception", "active": true}])
    );
    assert!(!list.to_string().contains("argon2"), "no hash in the list");

    // A short PIN is bad input (exit 4) and is not repeated; a ward role at a facility likewise.
    let (code, _, raw, err) = with_pin(&w.facility, "1234", &["staff", "add", "--name", "短い", "--role", "reception"]);
    assert_eq!(code, 4);
    assert!(!raw.contains("1234") && !err.contains("\"1234\"") && err.contains("bad_pin"), "{err}");
    let (code, _, _, err) = with_pin(&w.facility, "123456", &["staff", "add", "--name", "区の人", "--role", "ward"]);
    assert_eq!((code, err.contains("bad_role")), (4, true), "{err}");
    let (code, _, _, err) =
        with_pin(&w.facility, "123456", &["staff", "add", "--name", "受付 一郎", "--role", "reception"]);
    assert_eq!((code, err.contains("staff_exists")), (4, true), "{err}");

    // Disable and reset: the list says so; the journal never holds a PIN.
    let disabled = ok(&w.facility, &["staff", "disable", "--name", "受付 一郎"]);
    assert_eq!(disabled["active"], false);
    let (code, ..) = with_pin(&w.facility, "975310", &["staff", "reset-pin", "--name", "受付 一郎"]);
    assert_eq!(code, 0);
    let journal = journal_text(&w.facility);
    for pin in ["135790", "246802", "975310"] {
        assert!(!journal.contains(pin));
    }
    assert!(journal.contains("$argon2id$v=19$"));
}

#[test]
fn the_audit_names_who_changed_and_who_opened_a_record_oldest_first() {
    let w = world("tsumugi");
    mother(&w.facility, "C-001", "2026-11-10");
    ok(&w.facility, &["--staff", "山田", "quota", "--card", "C-001"]);
    mother(&w.facility, "C-002", "2026-11-10");
    let lines = ok(&w.facility, &["audit", "--card", "C-001"]);
    let lines = lines.as_array().unwrap();
    let actions: Vec<&str> = lines.iter().map(|l| l["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["approval_recorded", "birth_recorded", "opened_desk_lookup"]);
    assert_eq!(lines[2]["staff"], "山田");
    assert_eq!(lines[2]["role"], "admin", "the CLI acts with the admin role and the journal says so");
    assert_eq!(lines[2]["card"], "C-001");
    for l in lines {
        assert_eq!(l.as_object().unwrap().keys().collect::<Vec<_>>(), ["action", "at", "card", "role", "staff"]);
    }
    let by = ok(&w.facility, &["audit", "--staff", "山田"]);
    assert_eq!(by.as_array().unwrap().len(), 1);
    assert_eq!(ok(&w.facility, &["audit", "--from", "2026-12-02"]), json!([]));
    assert!(ok(&w.facility, &["audit", "--from", "2026-12-01", "--to", "2026-12-01"]).as_array().unwrap().len() >= 6);
    // --kind (an extra): the openings only, whichever card.
    let opened = ok(&w.facility, &["audit", "--kind", "opened"]);
    let opened: Vec<&str> = opened.as_array().unwrap().iter().map(|l| l["action"].as_str().unwrap()).collect();
    assert_eq!(opened, ["opened_desk_lookup"]);
    assert_eq!(ok(&w.facility, &["audit", "--kind", "birth_recorded"]).as_array().unwrap().len(), 2);
}

#[test]
fn staff_entries_stay_at_the_facility_when_it_exports_to_the_ward() {
    let w = world("tsumugi");
    let (code, ..) = with_pin(&w.facility, "135790", &["staff", "add", "--name", "受付", "--role", "reception"]);
    assert_eq!(code, 0);
    mother(&w.facility, "C-001", "2026-11-10");
    ok(&w.facility, &["quota", "--card", "C-001"]);
    let bundle = w.root.join("out.sgb");
    let exported = ok(&w.facility, &["export", "--out", bundle.to_str().unwrap()]);
    ok(&w.ward, &["import", bundle.to_str().unwrap()]);
    assert_eq!(ok(&w.ward, &["staff", "list"]), json!([]), "the facility's accounts are not the ward's");
    let journal = journal_text(&w.ward);
    // The only reading the ward's journal records is `journal cat`'s own, just now.
    assert!(
        !journal.contains("argon2") && !journal.contains("staff_added") && journal.matches("\"opened\"").count() == 1,
        "{exported}"
    );
}

/// The journal as `journal cat` prints it (it is compressed on disk).
fn journal_text(dir: &std::path::Path) -> String {
    let o = command().arg("--data-dir").arg(dir).args(["journal", "cat"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).unwrap()
}
