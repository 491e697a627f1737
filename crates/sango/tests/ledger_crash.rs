//! Crash safety of the whole ledger, sled-style: this test binary re-runs itself as a child that
//! opens a facility install and books and cancels in a loop, printing each acknowledged change
//! (the booking as it then stands, flushed); the parent SIGKILLs it at a random moment, reopens
//! with `App::open` and checks that every acknowledged change is there exactly, that `verify` is
//! clean, and that at most the one change in flight exists unacknowledged — whole, never half.
//! Further children are killed during `rebuild` and during `backup`.
//!
//! `SANGO_SOAK_RUNS=1000` runs longer; `SANGO_CRASH_SEED` replays a failing run's timings.

mod ledger_support;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use ledger_support::*;
use sango::app::{backup, App};
use sango::ledger::{Booking, BookingStatus, Capacity};
use sango::types::Service;

const CHILD_DIR: &str = "SANGO_LEDGER_CRASH_CHILD";
const CHILD_MODE: &str = "SANGO_LEDGER_CRASH_MODE";
const CHILD_SEED: &str = "SANGO_LEDGER_CRASH_CHILD_SEED";
const MOTHERS: u64 = 8;

fn runs() -> u64 {
    std::env::var("SANGO_SOAK_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(6)
}

/// What the parent knows of the store: every booking as last acknowledged (or found after a kill).

#[test]
fn every_acknowledged_booking_survives_a_kill() {
    if child() {
        return;
    }
    let mut rng = XorShift(seed("SANGO_CRASH_SEED"));
    let (w, app) = facility(PLACES);
    for m in 0..MOTHERS {
        mother(&app, &format!("C-{m:03}"));
    }
    drop(app);
    let mut known = Known::new();
    let mut acked_total = 0;
    let runs = runs();
    for run in 0..runs {
        // Most kills land while booking; one in four may land while the child is still opening
        // (a replay of what the last kill left unapplied).
        let wait_for_ready = run % 4 != 3;
        let delay = Duration::from_millis(if wait_for_ready { rng.below(80) } else { 20 + rng.below(300) });
        let lines = run_child_and_kill(&w.fac, "book", rng.next(), wait_for_ready, delay);
        let mut acked = known.clone();
        let mut changes = 0;
        for line in &lines {
            if let Some(json) = line.strip_prefix("acked ") {
                let b: Booking = serde_json::from_str(json).unwrap();
                acked.insert(b.id.clone(), b);
                changes += 1;
            }
        }
        acked_total += changes;
        let app = App::open(&w.fac).unwrap_or_else(|e| panic!("run {run}: the store must open after a kill: {e}"));
        let found: Known =
            app.state().bookings().map(|b| b.map(|b| (b.id.clone(), b))).collect::<Result<_, _>>().unwrap();
        let unacknowledged = in_flight(&acked, &found);
        assert!(
            unacknowledged.len() <= 1,
            "run {run}: at most the change in flight is there unacknowledged: {unacknowledged:#?}"
        );
        for (id, b) in &acked {
            let f = found.get(id).unwrap_or_else(|| panic!("run {run}: acknowledged booking {id} is lost"));
            if f != b {
                // Only an unacknowledged cancel that was whole when the kill came.
                assert_eq!(
                    (b.status, f.status),
                    (BookingStatus::Booked, BookingStatus::Cancelled),
                    "run {run}: {id} changed unacknowledged"
                );
                assert_eq!(
                    f,
                    &Booking { status: BookingStatus::Cancelled, ..b.clone() },
                    "run {run}: {id} is the acknowledged booking, cancelled"
                );
            }
        }
        assert_verified(&app);
        known = found;
    }
    eprintln!("{runs} kills, {acked_total} changes acknowledged, {} bookings", known.len());
    assert!(acked_total > 0, "the child acknowledged something before the kills");
}

/// Bookings found that differ from what was acknowledged (new or changed).
fn in_flight(acked: &Known, found: &Known) -> Vec<(sango::types::BookingId, Option<Booking>, Booking)> {
    found
        .iter()
        .filter(|(id, f)| acked.get(*id) != Some(f))
        .map(|(id, f)| (id.clone(), acked.get(id).cloned(), f.clone()))
        .collect()
}

#[test]
fn a_kill_during_rebuild_leaves_a_store_that_opens_with_everything() {
    if child() {
        return;
    }
    let mut rng = XorShift(seed("SANGO_CRASH_SEED"));
    let (w, want) = busy_facility();
    for run in 0..(runs() / 2).max(3) {
        let lines = run_child_and_kill(&w.fac, "rebuild", rng.next(), true, Duration::from_millis(rng.below(150)));
        let app = App::open(&w.fac)
            .unwrap_or_else(|e| panic!("run {run}: the store must open after a kill during rebuild: {e}"));
        assert_eq!(all_bookings(&app), want, "run {run}: nothing lost or changed ({} rebuilds done)", lines.len());
        assert_verified(&app);
    }
}

#[test]
fn a_kill_during_backup_leaves_no_backup_or_a_whole_one() {
    if child() {
        return;
    }
    let mut rng = XorShift(seed("SANGO_CRASH_SEED"));
    let (w, want) = busy_facility();
    for run in 0..(runs() / 2).max(3) {
        let lines = run_child_and_kill(&w.fac, "backup", rng.next(), true, Duration::from_millis(rng.below(100)));
        let acked: Vec<u64> = lines.iter().filter_map(|l| l.strip_prefix("backed ")?.parse().ok()).collect();
        let out = |n: u64| w.tmp.path().join(format!("backup-{n}.sgb"));
        // The last acknowledged backup and the one in flight: whole and restorable, or absent.
        let last = acked.last().copied();
        for n in last.into_iter().chain([last.map_or(1, |l| l + 1)]) {
            let file = out(n);
            if !file.exists() {
                assert_ne!(Some(n), last, "run {run}: acknowledged backup {n} is missing");
                continue;
            }
            let into = w.tmp.path().join(format!("restored-{run}-{n}"));
            backup::restore(now(), &file, &into, &recovery_key(w.tmp.path()))
                .unwrap_or_else(|e| panic!("run {run}: backup {n} is whole: {e}"));
            let restored = App::open(&into).unwrap();
            assert_eq!(all_bookings(&restored), want, "run {run}: backup {n} holds every booking");
            assert_verified(&restored);
        }
        for n in acked.iter().chain(&[acked.last().copied().unwrap_or(0) + 1]) {
            let _ = std::fs::remove_file(out(*n));
        }
        let app = App::open(&w.fac).unwrap();
        assert_eq!(all_bookings(&app), want, "run {run}: the store itself is untouched");
    }
}

/// A day of work: mothers, bookings, a cancel.
/// Room enough that only the quota and the clock refuse the children's bookings.
const PLACES: Capacity = Capacity { short_stay: 2, day_care: 100, home_visit: 3 };

/// A facility with a day of work, closed again; returns it and every booking it holds.
fn busy_facility() -> (World, Known) {
    let (w, app) = facility(PLACES);
    let want = busy_day(&app);
    (w, want)
}

fn busy_day(app: &App) -> Known {
    for m in 0..4 {
        let card = format!("C-{m:03}");
        mother(app, &card);
        for d in 0..5 {
            book(app, &card, Service::DayCare, day(2 + d * 3 + m as u32), 1).unwrap();
        }
    }
    let id = book(app, "C-000", Service::ShortStay, day(25), 2).unwrap();
    app.cancel(now(), &desk(), &id.parse().unwrap()).unwrap();
    all_bookings(app)
}

/// Starts this binary as a child in `mode`; kills it (SIGKILL) `delay` after it is ready (or
/// after it started, when `wait_for_ready` is false). Returns every line it printed.
fn run_child_and_kill(dir: &Path, mode: &str, seed: u64, wait_for_ready: bool, delay: Duration) -> Vec<String> {
    let test = match mode {
        "book" => "every_acknowledged_booking_survives_a_kill",
        "rebuild" => "a_kill_during_rebuild_leaves_a_store_that_opens_with_everything",
        _ => "a_kill_during_backup_leaves_no_backup_or_a_whole_one",
    };
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR, dir)
        .env(CHILD_MODE, mode)
        .env(CHILD_SEED, seed.to_string())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = Vec::new();
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line == "ready" {
                let _ = tx.send(());
            }
            lines.push(line);
        }
        lines
    });
    if wait_for_ready {
        rx.recv_timeout(Duration::from_secs(20)).expect("the child gets ready");
    }
    std::thread::sleep(delay);
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    reader.join().unwrap()
}

/// In the child: do the work of `CHILD_MODE` until killed. False in the parent.
fn child() -> bool {
    let Some(dir) = std::env::var_os(CHILD_DIR) else {
        return false;
    };
    let dir = PathBuf::from(dir);
    let mode = std::env::var(CHILD_MODE).unwrap_or_default();
    let seed = std::env::var(CHILD_SEED).ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    let mut out = std::io::stdout().lock();
    // libtest has printed "test <name> ... " without a line end: start a fresh line (regressions.rs).
    let _ = writeln!(out);
    let mut say = move |line: &str| writeln!(out, "{line}").and_then(|()| out.flush()).is_ok();
    let started = Instant::now();
    // A bound, in case the parent died without killing us.
    let going = || started.elapsed() < Duration::from_secs(20);
    match mode.as_str() {
        "book" => {
            let app = App::open(&dir).unwrap();
            let mut rng = XorShift(seed);
            let mut open: Vec<String> = app
                .state()
                .bookings()
                .filter_map(Result::ok)
                .filter(|b| b.status == BookingStatus::Booked)
                .map(|b| b.id.to_string())
                .collect();
            say("ready");
            while going() {
                let changed = if !open.is_empty() && rng.below(3) == 0 {
                    let id = open.swap_remove(rng.below(open.len() as u64) as usize);
                    app.cancel(now(), &desk(), &id.parse().unwrap()).map(|_| id)
                } else {
                    let card = format!("C-{:03}", rng.below(MOTHERS));
                    book(&app, &card, Service::DayCare, day(2 + rng.below(29) as u32), 1)
                        .inspect(|id| open.push(id.clone()))
                };
                match changed {
                    Ok(id) => {
                        let b = app.state().booking(&id).unwrap().unwrap();
                        if !say(&format!("acked {}", serde_json::to_string(&b).unwrap())) {
                            break;
                        }
                    }
                    Err(e) if e.kind() == sango::app::ErrorKind::Refused => {}
                    Err(e) => panic!("the child's change failed: {e}"),
                }
            }
        }
        "rebuild" => {
            say("ready");
            while going() {
                let n = backup::rebuild(&dir).unwrap().entries;
                if !say(&format!("rebuilt {n}")) {
                    break;
                }
            }
        }
        "backup" => {
            let app = App::open(&dir).unwrap();
            let root = dir.parent().unwrap().to_path_buf();
            say("ready");
            for n in 1.. {
                if !going() {
                    break;
                }
                backup::backup(&app, now(), &root.join(format!("backup-{n}.sgb"))).unwrap();
                if !say(&format!("backed {n}")) {
                    break;
                }
            }
        }
        other => panic!("unknown child mode {other:?}"),
    }
    true
}
