//! Each bug found in the ledger's reliability work stays here as a test, with a one-line
//! post-mortem above it.

mod ledger_support;

use std::fs::{self, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use fs4::fs_std::FileExt;
use ledger_support::*;
use sango::app::App;
use sango::ledger::store::STATE_DIR;
use sango::ledger::Capacity;
use sango::types::Service;

const CHILD_ENV: &str = "SANGO_REGRESSION_CHILD";

// Post-mortem: libtest prints "test <name> ... " without a line end before a --nocapture test's
// output, so a crash child's first "acked" line was glued to it and its acknowledgement lost.
#[test]
fn a_crash_child_starts_a_fresh_line_so_its_first_acknowledgement_is_read() {
    if std::env::var_os(CHILD_ENV).is_some() {
        let mut out = std::io::stdout().lock();
        writeln!(out).unwrap(); // the fix under test, as in journal_crash.rs and ledger_crash.rs
        writeln!(out, "acked 1").unwrap();
        out.flush().unwrap();
        return;
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_crash_child_starts_a_fresh_line_so_its_first_acknowledgement_is_read",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_ENV, "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines: Vec<String> = BufReader::new(child.stdout.take().unwrap()).lines().map_while(Result::ok).collect();
    child.wait().unwrap();
    let acked: Vec<&str> = lines.iter().filter_map(|l| l.strip_prefix("acked ")).collect();
    assert_eq!(acked, vec!["1"], "the child's first line is read as an acknowledgement: {lines:?}");
}

// Post-mortem: sled's lock on state/db outlives a dropped Db for a moment (background writes
// hold the file), so reopening right after a close or a rebuild failed with "could not acquire
// lock" — taken for damage (a needless rebuild) or, after a rebuild, refused the open outright.
#[test]
fn a_working_state_still_locked_by_our_own_closing_handle_is_waited_for_not_rebuilt() {
    let (w, app) = facility(Capacity::default());
    mother(&app, "C-001");
    let id = book(&app, "C-001", Service::DayCare, day(3), 1).unwrap();
    drop(app);
    let db = w.fac.join(STATE_DIR).join("db");
    let held = OpenOptions::new().read(true).write(true).open(&db).unwrap();
    assert!(held.try_lock_exclusive().unwrap(), "the test holds sled's lock as a lingering handle would");
    let release = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        FileExt::unlock(&held).unwrap();
    });
    let app = App::open(&w.fac).unwrap();
    release.join().unwrap();
    assert_eq!(app.notices(), &[], "no rebuild for a lock that is ours");
    assert!(!w.fac.join("damaged-1").exists());
    assert!(app.state().booking(&id).unwrap().is_some());
    assert_verified(&app);
}

// Post-mortem: a deleted state folder was silently recreated empty and replayed — nothing lost,
// but the desk was not told that its working state had gone missing.
#[test]
fn a_deleted_state_folder_is_rebuilt_with_a_notice() {
    let (w, app) = facility(Capacity::default());
    mother(&app, "C-001");
    drop(app);
    fs::remove_dir_all(w.fac.join(STATE_DIR)).unwrap();
    let app = App::open(&w.fac).unwrap();
    assert_eq!(app.notices().iter().map(|n| n.code.as_str()).collect::<Vec<_>>(), vec!["state_rebuilt"]);
    assert!(app.mother_exists("C-001"));
    assert_verified(&app);
}

// Post-mortem: the working state had no layout version, so a build that changed its trees would
// have read an older state as if it were its own.
#[test]
fn a_working_state_of_another_layout_is_rebuilt_from_the_journal() {
    let (w, app) = facility(Capacity::default());
    mother(&app, "C-002");
    drop(app);
    {
        // As an older Sango left it: no layout version recorded.
        let db = sled::open(w.fac.join(STATE_DIR)).unwrap();
        db.open_tree("meta").unwrap().remove("schema").unwrap();
        db.flush().unwrap();
    }
    std::thread::sleep(Duration::from_millis(100));
    let app = App::open(&w.fac).unwrap();
    // sled, opened above by this test process, wrote with the test's umask (0644): tightened and said.
    let codes: Vec<&str> = app.notices().iter().map(|n| n.code.as_str()).filter(|c| *c != "modes_tightened").collect();
    assert_eq!(codes, vec!["state_upgraded"]);
    assert!(app.mother_exists("C-002"));
    assert_verified(&app);
    drop(app);
    // Once rebuilt, it opens quietly (but for modes: sled's last write at drop used this test
    // process's umask, where the doors set 077).
    assert!(App::open(&w.fac).unwrap().notices().iter().all(|n| n.code == "modes_tightened"));
}

trait MotherExists {
    fn mother_exists(&self, card: &str) -> bool;
}

impl MotherExists for App {
    fn mother_exists(&self, card: &str) -> bool {
        self.state().mother(&card_no(card)).unwrap().is_some()
    }
}
