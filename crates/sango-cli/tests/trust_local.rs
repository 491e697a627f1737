//! What stays on this machine, and what leaves it, end to end with the real binary: the clock is
//! the machine's unless a test says otherwise, nothing Sango writes is readable by another OS user,
//! and a backup is readable only with the install's recovery key.

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use common::*;

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

/// Every file and folder under `root` (root included), symbolic links left out.
fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    let mut todo = vec![root.to_path_buf()];
    while let Some(p) = todo.pop() {
        let meta = std::fs::symlink_metadata(&p).unwrap();
        if meta.is_dir() {
            todo.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
        }
        out.push(p);
    }
    out
}

fn assert_private(p: &Path) {
    let m = mode(p);
    let want = if p.is_dir() { 0o700 } else { 0o600 };
    assert_eq!(m & !want, 0, "{} is {m:o}, looser than {want:o}", p.display());
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && hay.windows(needle.len()).any(|w| w == needle)
}

fn bare(dir: &Path, args: &[&str]) -> Run {
    let o = command().env_remove("SANGO_TEST_CLOCK").arg("--data-dir").arg(dir).args(args).output().unwrap();
    let parse = |b: &[u8]| serde_json::from_slice(b).unwrap_or(serde_json::Value::Null);
    Run { code: o.status.code().unwrap_or(-1), out: parse(&o.stdout), err: parse(&o.stderr) }
}

// ---- the clock -------------------------------------------------------------------------------

#[test]
fn now_without_the_test_clock_is_a_usage_error_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let fresh = tmp.path().join("ward");
    let r = bare(&fresh, &["--now", "2026-12-01T09:00:00+09:00", "init", "--ward"]);
    assert_eq!(r.code, 2, "{}", r.err);
    assert_eq!(r.err["error"]["code"], "test_clock_only");
    assert!(r.err["error"]["message"].as_str().unwrap().contains("SANGO_TEST_CLOCK=1"));
    assert!(!fresh.exists(), "nothing written");

    // On a store in use: a backdated cancellation is refused before anything is read or written.
    let w = world("tsumugi");
    mother(&w.facility, "C-001", "2026-11-10");
    let b = ok(&w.facility, &["book", "--card", "C-001", "--service", "day-care", "--date", "2026-12-08"]);
    let before = std::fs::read(w.facility.join("journal.sjl")).unwrap();
    let r = bare(
        &w.facility,
        &["--now", "2026-12-01T09:00:00+09:00", "cancel", "--booking", b["booking"].as_str().unwrap()],
    );
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (2, Some("test_clock_only")));
    assert_eq!(std::fs::read(w.facility.join("journal.sjl")).unwrap(), before);
    // A stray value is not consent.
    let o = command()
        .env("SANGO_TEST_CLOCK", "yes")
        .arg("--data-dir")
        .arg(&w.facility)
        .args(["--now", NOW, "quota", "--card", "C-001"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    // Without --now the machine's clock is used and nothing is refused.
    assert_eq!(bare(&w.facility, &["quota", "--card", "C-001"]).code, 0);
}

#[test]
fn a_pinned_clock_is_honoured_and_the_entry_also_records_the_machines() {
    let tmp = tempfile::tempdir().unwrap();
    let ward = tmp.path().join("ward");
    let pinned = "2031-06-01T09:00:00+09:00";
    let before = chrono::Utc::now();
    assert_eq!(sango(&ward, pinned, &["init", "--ward"]).code, 0);
    let after = chrono::Utc::now();
    let store = sango::ledger::Store::open(&ward).unwrap();
    let first = &store.entries().unwrap()[0];
    assert_eq!(first.at, chrono::DateTime::parse_from_rfc3339(pinned).unwrap(), "the time the change speaks for");
    let recorded = first.recorded_at.expect("the machine's clock is recorded");
    assert!(
        recorded >= before - chrono::Duration::seconds(1) && recorded <= after + chrono::Duration::seconds(1),
        "{recorded} is the machine's clock"
    );
    drop(store);
    let v = ok(&ward, &["verify"]);
    assert_eq!(
        (v["ok"].as_bool(), v["clock_mismatches"].as_u64()),
        (Some(true), Some(1)),
        "verify counts the entry written off the clock"
    );
}

// ---- file modes ------------------------------------------------------------------------------

#[test]
fn after_a_whole_session_nothing_written_is_readable_by_another_user() {
    let w = world("tsumugi");
    mother(&w.facility, "C-001", "2026-11-10");
    ok(&w.facility, &["book", "--card", "C-001", "--service", "day-care", "--date", "2026-12-08"]);
    let out = w.root.join("out");
    std::fs::create_dir(&out).unwrap();
    let p = |n: &str| out.join(n).to_str().unwrap().to_string();
    ok(&w.facility, &["export", "--out", &p("export.sango")]);
    ok(&w.ward, &["import", &p("export.sango")]);
    ok(&w.ward, &["roster", "--out", &p("roster.sango")]);
    ok(&w.facility, &["import", &p("roster.sango")]);
    ok(&w.facility, &["backup", "--out", &p("backup.sbk")]);
    ok(&w.ward, &["backup", "--out", &p("ward.sbk")]);
    let csv = ok(&w.ward, &["claims", "--month", "2026-12", "--csv", "--out", &p("claims.csv")]);
    assert!(csv["lines"].is_u64() && csv["out"].is_string(), "{csv}");
    assert!(
        std::fs::read(out.join("claims.csv")).unwrap().starts_with(&[0xEF, 0xBB, 0xBF]),
        "the CSV itself, where it was asked for"
    );
    assert!(!w.ward.join("outbox").join("claims-2026-12.csv").exists());
    ok(&w.facility, &["rebuild"]);
    let mut seen = 0;
    for dir in [&w.ward, &w.facility] {
        assert!(dir.join("state").is_dir() && dir.join("journal.sjl").is_file());
        for p in walk(dir) {
            assert_private(&p);
            seen += 1;
        }
    }
    for f in ["export.sango", "roster.sango", "backup.sbk", "ward.sbk", "claims.csv"] {
        assert_private(&out.join(f));
    }
    assert!(seen > 10, "sled's files were walked too ({seen})");
}

#[test]
fn a_loose_data_folder_is_tightened_at_open_and_said() {
    let w = world("tsumugi");
    let set = |p: &Path, m: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
    set(&w.facility, 0o755);
    set(&w.facility.join("journal.sjl"), 0o644);
    set(&w.facility.join("state"), 0o755);
    set(&w.facility.join("identity.json"), 0o644);
    let r = ok(&w.facility, &["verify"]);
    let notice = r["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["code"] == "modes_tightened")
        .unwrap_or_else(|| panic!("said: {r}"));
    assert!(notice["message_ja"].as_str().unwrap().contains("4 件"), "{notice}");
    assert!(notice["message_en"].as_str().unwrap().contains("journal.sjl"), "{notice}");
    for p in walk(&w.facility) {
        assert_private(&p);
    }
    assert!(ok(&w.facility, &["verify"]).get("notices").is_none(), "said once: nothing is loose any more");
}

// ---- backups ---------------------------------------------------------------------------------

fn backed_up() -> (World, PathBuf) {
    let w = world("tsumugi");
    mother(&w.facility, "C-001", "2026-11-10");
    ok(&w.facility, &["book", "--card", "C-001", "--service", "day-care", "--date", "2026-12-08"]);
    let b = w.root.join("usb").join("backup.sbk");
    std::fs::create_dir(w.root.join("usb")).unwrap();
    let v = ok(&w.facility, &["backup", "--out", b.to_str().unwrap()]);
    assert_eq!(v["encrypted"], true);
    assert_eq!(v["key_id"].as_str().map(str::len), Some(16));
    (w, b)
}

#[test]
fn a_backup_holds_nothing_readable_without_the_recovery_key() {
    let (w, b) = backed_up();
    let bytes = std::fs::read(&b).unwrap();
    assert_private(&b);
    let journal = std::fs::read(w.facility.join("journal.sjl")).unwrap();
    let identity: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.facility.join("identity.json")).unwrap()).unwrap();
    let words = std::fs::read_to_string(&w.facility_key).unwrap();
    let secrets = [
        "練馬 花子".as_bytes().to_vec(),
        "C-001".as_bytes().to_vec(),
        b"day-care".to_vec(),
        b"BookingSaved".to_vec(),
        b"booking_saved".to_vec(),
        journal[journal.len() / 2..journal.len() / 2 + 32].to_vec(),
        identity["signing_key"].as_str().unwrap().as_bytes().to_vec(),
        identity["age_identity"].as_str().unwrap().as_bytes().to_vec(),
        b"AGE-SECRET-KEY".to_vec(),
        words.as_bytes().to_vec(),
        words.split(' ').take(3).collect::<Vec<_>>().join(" ").into_bytes(),
    ];
    for s in &secrets {
        assert!(!contains(&bytes, s), "the backup holds {:?}", String::from_utf8_lossy(s));
    }
    // And the recovery key's secret half is nowhere on the machine.
    for p in walk(&w.facility) {
        if p.is_file() {
            let text = std::fs::read(&p).unwrap();
            assert!(
                !contains(&text, words.as_bytes())
                    && !contains(&text, words.split(' ').take(4).collect::<Vec<_>>().join(" ").as_bytes()),
                "{} holds the recovery key",
                p.display()
            );
        }
    }
}

#[test]
fn restore_with_the_recovery_key_gives_the_same_install() {
    let (w, b) = backed_up();
    let into = w.root.join("new-pc");
    let r = ok(&into, &["restore", b.to_str().unwrap(), "--recovery-key-file", w.facility_key.to_str().unwrap()]);
    // The backup's journal, byte for byte, then the restore's own entry, which opens a new epoch.
    assert_eq!(r["entries"].as_u64(), Some(entries(&w.facility) + 1));
    let (old_bytes, new_bytes) =
        (std::fs::read(w.facility.join("journal.sjl")).unwrap(), std::fs::read(into.join("journal.sjl")).unwrap());
    assert!(new_bytes.starts_with(&old_bytes));
    let (old, new) = (sango::ledger::Store::open(&w.facility).unwrap(), sango::ledger::Store::open(&into).unwrap());
    let (mut after, before) = (new.entries().unwrap(), old.entries().unwrap());
    let restored = after.pop().unwrap();
    assert_eq!(after, before);
    assert!(
        matches!(restored.event, sango::ledger::Event::Restored { backup_seq, .. } if backup_seq == before.len() as u64)
    );
    assert!(restored.epoch.is_some());
    drop((old, new));
    assert_eq!(ok(&into, &["verify"])["ok"], true);
    assert_eq!(ok(&into, &["quota", "--card", "C-001"]), ok(&w.facility, &["quota", "--card", "C-001"]));
    for p in walk(&into) {
        assert_private(&p);
    }
    // The restored install backs up to the same recovery key; the words may come from the environment.
    let again = w.root.join("again.sbk");
    ok(&into, &["backup", "--out", again.to_str().unwrap()]);
    let words = std::fs::read_to_string(&w.facility_key).unwrap();
    let o = command()
        .env("SANGO_RECOVERY_KEY", &words)
        .arg("--data-dir")
        .arg(w.root.join("third"))
        .args(["restore", again.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn a_wrong_missing_or_mistyped_key_restores_nothing() {
    let (w, b) = backed_up();
    let into = w.root.join("new-pc");
    let b = b.to_str().unwrap();
    let r = sango(&into, NOW, &["restore", b, "--recovery-key-file", w.ward_key.to_str().unwrap()]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (5, Some("wrong_recovery_key")), "{}", r.err);
    assert!(!into.exists(), "the target stays empty");
    std::fs::create_dir(&into).unwrap();
    let r = sango(&into, NOW, &["restore", b, "--recovery-key-file", w.ward_key.to_str().unwrap()]);
    assert_eq!(r.code, 5);
    assert_eq!(std::fs::read_dir(&into).unwrap().count(), 0, "the target stays empty");
    let r = sango(&into, NOW, &["restore", b]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (2, Some("recovery_key_needed")));
    let typo = w.root.join("typo");
    let words = std::fs::read_to_string(&w.facility_key).unwrap();
    std::fs::write(&typo, words.split(' ').skip(1).collect::<Vec<_>>().join(" ")).unwrap();
    let r = sango(&into, NOW, &["restore", b, "--recovery-key-file", typo.to_str().unwrap()]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (4, Some("bad_recovery_key")));
    assert_eq!(std::fs::read_dir(&into).unwrap().count(), 0);
}

#[test]
fn a_damaged_backup_is_refused_and_restores_nothing() {
    let (w, b) = backed_up();
    let mut bytes = std::fs::read(&b).unwrap();
    let n = bytes.len();
    bytes[n - 40] ^= 0x55;
    std::fs::write(&b, &bytes).unwrap();
    let into = w.root.join("new-pc");
    let r =
        sango(&into, NOW, &["restore", b.to_str().unwrap(), "--recovery-key-file", w.facility_key.to_str().unwrap()]);
    assert_eq!(r.code, 5, "{}", r.err);
    assert!(!into.exists());
}

/// A backup made by hand as an attacker could: the facility's own journal, encrypted to the
/// facility's recovery key (its public half is in identity.json), with another identity inside.
fn forged_backup(w: &World, identity_json: &str) -> PathBuf {
    let journal = std::fs::read(w.facility.join("journal.sjl")).unwrap();
    let own: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.facility.join("identity.json")).unwrap()).unwrap();
    let recipient = age::x25519::Recipient::from_str(own["recovery_recipient"].as_str().unwrap()).unwrap();
    let mut inner = (identity_json.len() as u32).to_le_bytes().to_vec();
    inner.extend_from_slice(identity_json.as_bytes());
    inner.extend_from_slice(&journal);
    let mut bytes = b"SANGO-BACKUP/2+recovery-key\n".to_vec();
    let enc = age::Encryptor::with_recipients(std::iter::once(&recipient as &dyn age::Recipient)).unwrap();
    let mut wr = enc.wrap_output(&mut bytes).unwrap();
    wr.write_all(&inner).unwrap();
    wr.finish().unwrap();
    let out = w.root.join(format!("forged-{}.sbk", bytes.len() % 997));
    std::fs::write(&out, bytes).unwrap();
    out
}

#[test]
fn a_backup_whose_identity_was_swapped_is_refused() {
    let w = world("tsumugi");
    mother(&w.facility, "C-001", "2026-11-10");
    let own: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.facility.join("identity.json")).unwrap()).unwrap();
    // Another install's keys (the ward's), made to look as if they belonged to this facility.
    let mut other: serde_json::Value =
        serde_json::from_slice(&std::fs::read(w.ward.join("identity.json")).unwrap()).unwrap();
    other["role"] = own["role"].clone();
    other["facility"] = own["facility"].clone();
    other["recovery_recipient"] = own["recovery_recipient"].clone();
    // This facility's keys, with backups redirected to someone else's recovery key.
    let mut redirected = own.clone();
    redirected["recovery_recipient"] =
        serde_json::Value::String(age::x25519::Identity::generate().to_public().to_string());
    let control = forged_backup(&w, &own.to_string());
    assert_eq!(
        ok(
            &w.root.join("control"),
            &["restore", control.to_str().unwrap(), "--recovery-key-file", w.facility_key.to_str().unwrap()]
        )["entries"]
            .as_u64(),
        Some(entries(&w.facility) + 1),
        "the forgery is well made: untouched, it restores"
    );
    for (n, identity) in [other, redirected].iter().enumerate() {
        let forged = forged_backup(&w, &identity.to_string());
        let into = w.root.join(format!("new-pc-{n}"));
        let r = sango(
            &into,
            NOW,
            &["restore", forged.to_str().unwrap(), "--recovery-key-file", w.facility_key.to_str().unwrap()],
        );
        assert_eq!(
            (r.code, r.err["error"]["code"].as_str()),
            (5, Some("backup_identity_mismatch")),
            "case {n}: {}",
            r.err
        );
        assert!(!into.exists(), "case {n}: nothing restored");
    }
}

#[test]
fn init_shows_the_recovery_key_once_and_keeps_only_its_public_half() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ward");
    let v = ok(&dir, &["init", "--ward"]);
    let words = v["recovery_key"].as_str().unwrap();
    assert_eq!(words.split(' ').count(), 24);
    assert_eq!(v["key_id"].as_str().unwrap().len(), 16);
    let key = sango::app::backup::parse_recovery_key(words).unwrap();
    let identity: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("identity.json")).unwrap()).unwrap();
    assert_eq!(identity["recovery_recipient"].as_str(), Some(key.recipient().to_string().as_str()));
    for p in walk(&dir) {
        if p.is_file() {
            assert!(!contains(&std::fs::read(&p).unwrap(), words.as_bytes()), "{} holds the words", p.display());
        }
    }
}
