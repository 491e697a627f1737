//! Racing desks: many tokio tasks book through one `Arc<App>` at once. The one writer validates,
//! appends and applies under one lock, so exactly one takes the last place or the last quota
//! day, every other gets the rule it broke, and the store still verifies.

mod ledger_support;

use std::sync::Arc;

use ledger_support::*;
use sango::app::{App, AppError};
use sango::ledger::Capacity;
use sango::types::Service;

const RACERS: usize = 16;

/// Runs `RACERS` bookings at once (each on a blocking thread, released together by a barrier).
async fn race(
    app: &Arc<App>,
    book_one: impl Fn(&App, usize) -> Result<String, AppError> + Send + Sync + 'static,
) -> Vec<Result<String, AppError>> {
    let book_one = Arc::new(book_one);
    let barrier = Arc::new(std::sync::Barrier::new(RACERS));
    let tasks: Vec<_> = (0..RACERS)
        .map(|i| {
            let (app, book_one, barrier) = (app.clone(), book_one.clone(), barrier.clone());
            tokio::task::spawn_blocking(move || {
                barrier.wait();
                book_one(&app, i)
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// Exactly one `Ok`; every other refused with `code` and only that code.
fn assert_one_winner(results: &[Result<String, AppError>], code: &str) -> String {
    let winners: Vec<&String> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "exactly one wins: {results:?}");
    for e in results.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(e.code, code, "{e}");
        assert_eq!(e.violations.iter().map(|v| v.code.as_str()).collect::<Vec<_>>(), vec![code], "{e:?}");
    }
    winners[0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_desks_racing_for_the_last_bed_of_a_day_leave_exactly_one_booked() {
    let (_w, app) = facility(Capacity { short_stay: 1, day_care: 4, home_visit: 3 });
    for i in 0..RACERS {
        mother(&app, &format!("C-{i:03}"));
    }
    let app = Arc::new(app);
    let results = race(&app, |app, i| book(app, &format!("C-{i:03}"), Service::ShortStay, day(14), 2)).await;
    let winner = assert_one_winner(&results, "facility_full");
    let state = app.state();
    assert_eq!(state.occupancy(Service::ShortStay, day(14)).unwrap(), 1);
    assert_eq!(state.occupancy(Service::ShortStay, day(15)).unwrap(), 1);
    assert_eq!(state.booking_ids_on(Service::ShortStay, day(14)).unwrap(), vec![winner]);
    assert_verified(&app);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_desks_racing_for_one_mothers_last_quota_day_leave_exactly_one_booked() {
    let (_w, app) = facility(Capacity { short_stay: 2, day_care: 100, home_visit: 3 });
    mother(&app, "C-001");
    // Day care: 12 days a birth. Eleven are taken, one remains; each racer wants another day.
    for d in 1..=11 {
        book(&app, "C-001", Service::DayCare, day(d + 1), 1).unwrap();
    }
    let app = Arc::new(app);
    let results = race(&app, |app, i| book(app, "C-001", Service::DayCare, day(13 + i as u32), 1)).await;
    assert_one_winner(&results, "quota_exceeded");
    let quota = app.quota(&card_no("C-001"), chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();
    let day_care = quota.iter().find(|l| l.service == Service::DayCare).unwrap();
    assert_eq!((day_care.limit, day_care.booked, day_care.remaining), (12, 12, 0));
    assert_verified(&app);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_cancels_and_bookings_never_overfill_a_day() {
    // Half the desks cancel their bed while the other half try to take one: at every moment the
    // day holds at most its places, and at the end exactly the places that were freed are taken.
    let (_w, app) = facility(Capacity { short_stay: 4, day_care: 4, home_visit: 3 });
    for i in 0..RACERS {
        mother(&app, &format!("C-{i:03}"));
    }
    let held: Vec<String> =
        (0..4).map(|i| book(&app, &format!("C-{i:03}"), Service::ShortStay, day(20), 2).unwrap()).collect();
    let app = Arc::new(app);
    let held = Arc::new(held);
    let results = race(&app, move |app, i| {
        if i < 4 {
            app.cancel(now(), &desk(), &held[i].parse().unwrap()).map(|_| held[i].clone())
        } else {
            book(app, &format!("C-{i:03}"), Service::ShortStay, day(20), 2)
        }
    })
    .await;
    let booked_now = results[4..].iter().filter(|r| r.is_ok()).count();
    assert!(results[..4].iter().all(Result::is_ok), "every cancel is in time: {results:?}");
    assert!(booked_now <= 4, "{booked_now} new bookings for 4 freed beds");
    assert!(results[4..].iter().filter_map(|r| r.as_ref().err()).all(|e| e.code == "facility_full"));
    assert_eq!(app.state().occupancy(Service::ShortStay, day(20)).unwrap() as usize, booked_now);
    assert_verified(&app);
}
