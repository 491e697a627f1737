//! A damaged working state: sled's files garbled, cut, emptied or deleted, the state folder gone.
//! The journal is the record, so the store opens with every booking, `verify` is clean, and when
//! the state had to be rebuilt the notices say so (and the damaged copy is kept aside).

mod ledger_support;

use std::fs;
use std::path::{Path, PathBuf};

use ledger_support::*;
use sango::app::App;
use sango::ledger::store::STATE_DIR;
use sango::ledger::Capacity;
use sango::types::Service;

/// A facility with a day of work, closed (sled flushed); returns every booking.
fn worked_store() -> (World, Known) {
    let (w, app) = facility(Capacity { short_stay: 2, day_care: 100, home_visit: 3 });
    for m in 0..4 {
        let card = format!("C-{m:03}");
        mother(&app, &card);
        for d in 0..5 {
            book(&app, &card, Service::DayCare, day(2 + d * 3 + m), 1).unwrap();
        }
    }
    let id = book(&app, "C-000", Service::ShortStay, day(25), 2).unwrap();
    app.cancel(now(), &desk(), &id.parse().unwrap()).unwrap();
    let want = all_bookings(&app);
    app.flush().unwrap();
    drop(app);
    (w, want)
}

/// Opens after damage: every booking there, verify clean; returns the notice codes.
fn reopen_whole(fac: &Path, want: &Known, what: &str) -> Vec<String> {
    let app = App::open(fac).unwrap_or_else(|e| panic!("{what}: the store must open: {e}"));
    assert_eq!(&all_bookings(&app), want, "{what}: every booking is there");
    assert_verified(&app);
    app.notices().iter().map(|n| n.code.clone()).collect()
}

#[test]
fn a_deleted_state_folder_is_rebuilt_from_the_journal_and_said_so() {
    let (w, want) = worked_store();
    fs::remove_dir_all(w.fac.join(STATE_DIR)).unwrap();
    let notices = reopen_whole(&w.fac, &want, "state folder deleted");
    assert_eq!(notices, vec!["state_rebuilt"]);
    // The next open is quiet: the rebuilt state is whole.
    assert_eq!(reopen_whole(&w.fac, &want, "after the rebuild"), Vec::<String>::new());
}

/// Every file of the working state with its bytes, to damage one at a time.
fn snapshot(state: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_under(state).into_iter().map(|p| (p.clone(), fs::read(&p).unwrap())).collect()
}

/// The working state exactly as `snapshot` found it.
fn put_back(state: &Path, originals: &[(PathBuf, Vec<u8>)]) {
    fs::remove_dir_all(state).unwrap();
    for (p, b) in originals {
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, b).unwrap();
    }
}

#[test]
fn each_sled_file_deleted_emptied_or_cut_is_rebuilt_with_nothing_lost() {
    let (w, want) = worked_store();
    let state = w.fac.join(STATE_DIR);
    let originals = snapshot(&state);
    assert!(originals.len() >= 2, "sled wrote its files: {originals:?}");
    for (file, bytes) in &originals {
        for damage in ["deleted", "emptied", "cut in half", "zeroed"] {
            put_back(&state, &originals);
            match damage {
                "deleted" => fs::remove_file(file).unwrap(),
                "emptied" => fs::write(file, b"").unwrap(),
                "cut in half" => fs::write(file, &bytes[..bytes.len() / 2]).unwrap(),
                _ => fs::write(file, vec![0; bytes.len()]).unwrap(),
            }
            let what = format!("{} {damage}", file.strip_prefix(&state).unwrap().display());
            let notices = reopen_whole(&w.fac, &want, &what);
            // The files this test put back carry its own umask (0644): the open tightens and says so.
            assert!(notices.iter().all(|n| n == "state_rebuilt" || n == "modes_tightened"), "{what}: {notices:?}");
        }
    }
}

#[test]
fn random_bytes_over_sled_files_never_lose_a_booking() {
    let (w, want) = worked_store();
    let state = w.fac.join(STATE_DIR);
    let originals = snapshot(&state);
    let mut rng = XorShift(seed("SANGO_GARBLE_SEED"));
    let rounds = std::env::var("SANGO_SOAK_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(24);
    let mut rebuilt = 0;
    for round in 0..rounds {
        put_back(&state, &originals);
        let (file, bytes) = &originals[rng.below(originals.len() as u64) as usize];
        let mut garbled = bytes.clone();
        for _ in 0..1 + rng.below(16) {
            if !garbled.is_empty() {
                let at = rng.below(garbled.len() as u64) as usize;
                garbled[at] = rng.next() as u8;
            }
        }
        fs::write(file, &garbled).unwrap();
        let what = format!("round {round}: {} garbled", file.strip_prefix(&state).unwrap().display());
        let notices = reopen_whole(&w.fac, &want, &what);
        rebuilt += notices.iter().filter(|n| *n == "state_rebuilt").count();
    }
    eprintln!("{rounds} garblings, {rebuilt} rebuilt");
}

#[test]
fn a_rebuild_keeps_the_damaged_state_aside() {
    let (w, want) = worked_store();
    let db =
        files_under(&w.fac.join(STATE_DIR)).into_iter().find(|p| p.file_name().is_some_and(|n| n == "conf")).unwrap();
    fs::write(&db, b"garbage, not a sled config").unwrap();
    let notices = reopen_whole(&w.fac, &want, "conf garbled");
    assert_eq!(notices, vec!["state_rebuilt"]);
    let aside = w.fac.join("damaged-1");
    assert!(
        files_under(&aside).iter().any(|p| fs::read(p).is_ok_and(|b| b == b"garbage, not a sled config")),
        "the damaged copy is kept at {}",
        aside.display()
    );
}
