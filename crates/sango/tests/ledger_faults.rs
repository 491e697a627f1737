//! Fault injection at the store level: the journal's `FaultyFs` under `Store::open_with`, so the
//! k-th write or sync of a run of bookings fails, or the disk fills at some byte.
//!
//! What a failed booking leaves, and why:
//! - the write or the sync fails and the journal can cut itself back (the normal case): the
//!   booking is **fully absent** — the store applies an entry to sled only after the journal
//!   acknowledged it, and a failed append truncates the file to the last acknowledged entry;
//! - the cut-back fails too (the journal is poisoned): after reopening, the booking is **fully
//!   there** if its bytes were whole on disk (the sync failed after a whole write: the entry
//!   checks out and is replayed), or **fully absent** if they were torn (the tail is cut at
//!   open and kept aside). Never half: the entry is whole and checksummed, or it is not.

mod ledger_support;

use std::path::Path;
use std::sync::Arc;

use ledger_support::*;
use sango::app::{App, AppError};
use sango::ledger::event::BookingChange;
use sango::ledger::journal_fs::FaultyFs;
use sango::ledger::{Booking, Capacity, Event, Store};
use sango::types::Service;

/// A facility with mothers and one real booking, whose record is the template of the others.
fn prepared() -> (World, Booking) {
    let (w, app) = facility(Capacity { short_stay: 2, day_care: 100, home_visit: 3 });
    mother(&app, "C-001");
    let id = book(&app, "C-001", Service::DayCare, day(2), 1).unwrap();
    let template = app.state().booking(&id).unwrap().unwrap();
    drop(app);
    (w, template)
}

/// Books one day through the store's one writer, as `App::book` does once the rules passed.
fn store_book(store: &Store, template: &Booking, n: u32) -> Result<Booking, AppError> {
    store
        .write(now(), &desk(), |_, seq| {
            let booking = Booking {
                id: sango::types::BookingId::new(FACILITY.parse().unwrap(), seq),
                first_day: day(1 + n % 31),
                ..template.clone()
            };
            Ok::<_, AppError>((
                Event::BookingSaved { change: BookingChange::Booked, booking: booking.clone() },
                booking,
            ))
        })
        .map(|(_, b)| b)
}

/// Reopens with the real file system: every acknowledged booking exactly, verify clean.
fn reopen_with(fac: &Path, acked: &Known, what: &str) -> App {
    let app = App::open(fac).unwrap_or_else(|e| panic!("{what}: the store must reopen: {e}"));
    let found = all_bookings(&app);
    for (id, b) in acked {
        assert_eq!(found.get(id), Some(b), "{what}: acknowledged booking {id}");
    }
    assert_verified(&app);
    app
}

#[test]
fn the_kth_write_or_sync_failing_during_a_booking_loses_nothing_and_leaves_it_absent() {
    let (w, template) = prepared();
    let mut acked: Known = all_bookings(&App::open(&w.fac).unwrap());
    let mut n = 0;
    for k in 1.. {
        let faults = FaultyFs::new();
        let store = Store::open_with(&w.fac, Arc::new(faults.clone())).unwrap();
        faults.fail_op(k);
        let mut failed = Vec::new();
        for _ in 0..3 {
            n += 1;
            match store_book(&store, &template, n) {
                Ok(b) => {
                    acked.insert(b.id.clone(), b);
                }
                Err(e) => {
                    assert_eq!(e.code, "storage_error", "k={k}: {e}");
                    failed.push(store.last_seq() + 1);
                }
            }
        }
        assert!(failed.len() <= 1, "k={k}: one op fails, so at most one booking");
        // Later bookings on the same open store work.
        faults.heal();
        n += 1;
        let later = store_book(&store, &template, n).unwrap_or_else(|e| panic!("k={k}: a later booking works: {e}"));
        acked.insert(later.id.clone(), later);
        drop(store);
        let app = reopen_with(&w.fac, &acked, &format!("k={k}"));
        assert_eq!(all_bookings(&app), acked, "k={k}: the failed booking is fully absent");
        if failed.is_empty() {
            assert!(k > 6, "k={k}: three bookings take six writes and syncs");
            break;
        }
    }
}

#[test]
fn a_failure_the_journal_cannot_undo_refuses_writes_until_reopen_and_leaves_the_booking_whole_or_absent() {
    let (w, template) = prepared();
    let mut acked: Known = all_bookings(&App::open(&w.fac).unwrap());
    for (k, op) in [(1, "write"), (2, "sync")] {
        let faults = FaultyFs::new();
        let store = Store::open_with(&w.fac, Arc::new(faults.clone())).unwrap();
        faults.fail_truncates(true);
        faults.fail_op(k);
        let e = store_book(&store, &template, 10 + k as u32).unwrap_err();
        assert_eq!(e.code, "storage_error", "{op}: {e}");
        let in_flight = sango::types::BookingId::new(FACILITY.parse().unwrap(), store.last_seq() + 1);
        let e = store_book(&store, &template, 20).unwrap_err();
        assert_eq!(e.code, "storage_error", "{op}: a poisoned journal refuses the next write: {e}");
        drop(store);
        let app = reopen_with(&w.fac, &acked, op);
        let found = all_bookings(&app);
        match op {
            // Half the entry's bytes were written: a torn tail, cut at open and kept aside.
            "write" => {
                assert_eq!(found, acked, "a torn booking is fully absent");
                assert_eq!(app.notices().iter().map(|n| n.code.as_str()).collect::<Vec<_>>(), vec!["journal_tail_cut"]);
            }
            // The whole entry was written, only its sync failed: it is there, whole.
            _ => {
                let b =
                    found.get(&in_flight).unwrap_or_else(|| panic!("the whole unsynced entry {in_flight} is replayed"));
                assert_eq!(b.first_day, day(1 + (10 + k as u32) % 31));
                acked.insert(in_flight.clone(), b.clone());
                assert_eq!(found, acked);
            }
        }
        // After reopening, bookings work again (the ledger's own writer: the app has let go of it).
        drop(app);
        let store = Store::open(&w.fac).unwrap();
        let later = store_book(&store, &template, 30 + k as u32).unwrap();
        acked.insert(later.id.clone(), later);
        drop(store);
    }
    reopen_with(&w.fac, &acked, "at the end");
}

#[test]
fn a_full_disk_at_any_byte_of_a_booking_is_a_clear_error_and_loses_nothing() {
    let (w, template) = prepared();
    let mut acked: Known = all_bookings(&App::open(&w.fac).unwrap());
    let entry_bytes = {
        let before = std::fs::metadata(w.fac.join("journal.sjl")).unwrap().len();
        let store = Store::open(&w.fac).unwrap();
        let b = store_book(&store, &template, 1).unwrap();
        acked.insert(b.id.clone(), b);
        std::fs::metadata(w.fac.join("journal.sjl")).unwrap().len() - before
    };
    let faults = FaultyFs::new();
    let store = Store::open_with(&w.fac, Arc::new(faults.clone())).unwrap();
    let mut n = 0;
    // Every byte of the first few, then every 13th: the disk fills inside the entry.
    let cut_points: Vec<u64> = (0..24).chain((24..entry_bytes).step_by(13)).collect();
    for &room in &cut_points {
        faults.disk_full_after(room);
        n += 1;
        let e = store_book(&store, &template, n).unwrap_err();
        assert_eq!(e.code, "storage_error", "room {room}: {e}");
        assert!(e.message_en.contains("disk"), "room {room}: the message points at the disk: {}", e.message_en);
        faults.heal();
        n += 1;
        let b = store_book(&store, &template, n)
            .unwrap_or_else(|e| panic!("room {room}: once space is freed, booking works: {e}"));
        acked.insert(b.id.clone(), b);
    }
    drop(store);
    let app = reopen_with(&w.fac, &acked, "after the full disks");
    assert_eq!(all_bookings(&app), acked, "no failed booking is there");
    assert!(app.notices().is_empty(), "nothing torn was left behind: {:?}", app.notices());
}
