//! A booking's life as pure transitions: booked → checked in (or turned away at screening) →
//! completed → paid; booked → cancelled in time, or cancelled late and deemed used (利用したもの
//! とみなし, charged as a no-show). Each function takes the booking's state and the facts of the
//! moment and answers the next state, or why not; `app` loads the booking, asks, and writes.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::calendar;
use crate::ledger::event::BookingChange;
use crate::ledger::BookingStatus;
use crate::types::Service;

/// The next state of a booking and the journal's word for the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub change: BookingChange,
    pub status: BookingStatus,
}

/// Why the transition is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Only a booked use is rescheduled, cancelled or checked in.
    NotBooked(BookingStatus),
    /// Check-in opens on the use's first day.
    NotYet {
        first_day: NaiveDate,
    },
    /// Only an open use (booked or checked in) is completed.
    NotOpen(BookingStatus),
    /// The actual units of a use: the program's minimum up to what was booked (a visit is one).
    BadUnits {
        min: u32,
        max: u32,
    },
    /// The day's record is kept only of a use that began.
    NotBegun(BookingStatus),
    /// Only a used use (completed, or deemed used) is paid.
    NotUsed(BookingStatus),
    AlreadyPaid,
    /// A receipt is printed only of a paid use.
    NotPaid,
}

fn booked(status: BookingStatus) -> Result<(), Refusal> {
    if status == BookingStatus::Booked {
        Ok(())
    } else {
        Err(Refusal::NotBooked(status))
    }
}

/// Moving a booked use to other days: the days come from the rules (`check_use`), the state stays.
pub fn reschedule(status: BookingStatus) -> Result<Step, Refusal> {
    booked(status).map(|()| Step { change: BookingChange::Rescheduled, status })
}

/// Check-in screening on `today`: an acute infection turns her away (not charged, the place
/// released); otherwise the use begins. Never before the first day.
pub fn check_in(
    status: BookingStatus,
    first_day: NaiveDate,
    today: NaiveDate,
    acute_infection: bool,
) -> Result<Step, Refusal> {
    booked(status)?;
    if today < first_day {
        return Err(Refusal::NotYet { first_day });
    }
    Ok(if acute_infection {
        Step { change: BookingChange::Refused, status: BookingStatus::Refused }
    } else {
        Step { change: BookingChange::CheckedIn, status: BookingStatus::CheckedIn }
    })
}

/// A cancellation at `now` against the deadline fixed when it was booked ([`calendar::cancel_by`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancellation {
    pub step: Step,
    /// After the deadline: deemed used, and charged the no-show fee; in time, the days come back.
    pub late: bool,
}

pub fn cancel(
    status: BookingStatus,
    cancel_by: DateTime<FixedOffset>,
    now: DateTime<FixedOffset>,
) -> Result<Cancellation, Refusal> {
    booked(status)?;
    let late = calendar::is_late(now, cancel_by);
    let step = if late {
        Step { change: BookingChange::CancelledLate, status: BookingStatus::NoShow }
    } else {
        Step { change: BookingChange::Cancelled, status: BookingStatus::Cancelled }
    };
    Ok(Cancellation { step, late })
}

/// Completing an open use with its actual units (`None`: as booked). A stay may end early, never
/// under the program's minimum (1泊2日); a home visit is one visit.
pub fn complete(
    status: BookingStatus,
    service: Service,
    booked_units: u32,
    actual: Option<u32>,
    min_units: u32,
) -> Result<(Step, u32), Refusal> {
    if !status.is_open() {
        return Err(Refusal::NotOpen(status));
    }
    let units = actual.unwrap_or(booked_units);
    let (min, max) = if service == Service::HomeVisit { (1, 1) } else { (min_units.max(1), booked_units) };
    if units < min || units > max {
        return Err(Refusal::BadUnits { min, max });
    }
    Ok((Step { change: BookingChange::Completed, status: BookingStatus::Completed }, units))
}

/// The day's record (ケア記録) is kept from check-in on, and corrected after completion.
pub fn record_day(status: BookingStatus) -> Result<(), Refusal> {
    if matches!(status, BookingStatus::CheckedIn | BookingStatus::Completed) {
        Ok(())
    } else {
        Err(Refusal::NotBegun(status))
    }
}

/// Taking the user share: of a used use, once.
pub fn pay(status: BookingStatus, paid: bool) -> Result<Step, Refusal> {
    if !status.is_used() {
        return Err(Refusal::NotUsed(status));
    }
    if paid {
        return Err(Refusal::AlreadyPaid);
    }
    Ok(Step { change: BookingChange::Paid, status })
}

/// The receipt (領収書) exists once the share is taken: its payment.
pub fn receipt<P>(payment: Option<P>) -> Result<P, Refusal> {
    payment.ok_or(Refusal::NotPaid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use BookingStatus::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    const ALL: [BookingStatus; 6] = [Booked, CheckedIn, Completed, Cancelled, NoShow, Refused];

    #[test]
    fn only_a_booked_use_is_rescheduled_cancelled_or_checked_in() {
        let deadline = at("2026-12-05T10:00:00+09:00");
        for status in ALL {
            let want = status == Booked;
            assert_eq!(reschedule(status).is_ok(), want, "reschedule {status:?}");
            assert_eq!(cancel(status, deadline, deadline).is_ok(), want, "cancel {status:?}");
            assert_eq!(check_in(status, d(7), d(7), false).is_ok(), want, "check in {status:?}");
            if !want {
                assert_eq!(cancel(status, deadline, deadline), Err(Refusal::NotBooked(status)));
            }
        }
    }

    #[test]
    fn check_in_opens_on_the_first_day_and_an_infection_turns_her_away() {
        let cases = [
            ("the day before is too early", d(6), false, Err(Refusal::NotYet { first_day: d(7) })),
            ("the first day begins the use", d(7), false, Ok(CheckedIn)),
            ("a later day (a late arrival) begins it too", d(8), false, Ok(CheckedIn)),
            ("an acute infection turns her away", d(7), true, Ok(Refused)),
            ("too early even with an infection", d(6), true, Err(Refusal::NotYet { first_day: d(7) })),
        ];
        for (name, today, infection, want) in cases {
            assert_eq!(check_in(Booked, d(7), today, infection).map(|s| s.status), want, "{name}");
        }
    }

    #[test]
    fn a_cancel_after_the_deadline_is_deemed_used_and_one_at_the_deadline_is_in_time() {
        let deadline = at("2026-12-05T10:00:00+09:00");
        let cases = [
            ("a day before the deadline", "2026-12-04T10:00:00+09:00", false, Cancelled, BookingChange::Cancelled),
            ("exactly at 10:00", "2026-12-05T10:00:00+09:00", false, Cancelled, BookingChange::Cancelled),
            ("the same instant in UTC", "2026-12-05T01:00:00Z", false, Cancelled, BookingChange::Cancelled),
            ("one second late", "2026-12-05T10:00:01+09:00", true, NoShow, BookingChange::CancelledLate),
            ("on the day of use", "2026-12-07T08:00:00+09:00", true, NoShow, BookingChange::CancelledLate),
        ];
        for (name, now, late, status, change) in cases {
            let c = cancel(Booked, deadline, at(now)).unwrap();
            assert_eq!((c.late, c.step.status, c.step.change), (late, status, change), "{name}");
        }
    }

    #[test]
    fn a_stay_may_end_early_but_not_under_its_minimum_nor_past_what_was_booked() {
        let cases: [(&str, BookingStatus, Service, u32, Option<u32>, Result<u32, Refusal>); 9] = [
            ("a 3-day stay completed as booked", CheckedIn, Service::ShortStay, 3, None, Ok(3)),
            ("a 3-day stay ended after 2", CheckedIn, Service::ShortStay, 3, Some(2), Ok(2)),
            (
                "a stay ended after 1 day is under 1泊2日",
                CheckedIn,
                Service::ShortStay,
                3,
                Some(1),
                Err(Refusal::BadUnits { min: 2, max: 3 }),
            ),
            (
                "a stay cannot grow at completion",
                CheckedIn,
                Service::ShortStay,
                3,
                Some(4),
                Err(Refusal::BadUnits { min: 2, max: 3 }),
            ),
            ("a booked use may be completed without a check-in", Booked, Service::DayCare, 1, None, Ok(1)),
            (
                "a day care of 0 days",
                CheckedIn,
                Service::DayCare,
                1,
                Some(0),
                Err(Refusal::BadUnits { min: 1, max: 1 }),
            ),
            (
                "a home visit is one visit",
                CheckedIn,
                Service::HomeVisit,
                1,
                Some(2),
                Err(Refusal::BadUnits { min: 1, max: 1 }),
            ),
            (
                "a completed use is not completed again",
                Completed,
                Service::ShortStay,
                3,
                None,
                Err(Refusal::NotOpen(Completed)),
            ),
            (
                "a cancelled use is not completed",
                Cancelled,
                Service::ShortStay,
                3,
                None,
                Err(Refusal::NotOpen(Cancelled)),
            ),
        ];
        for (name, status, service, booked, actual, want) in cases {
            let min = if service == Service::ShortStay { 2 } else { 1 };
            assert_eq!(complete(status, service, booked, actual, min).map(|(_, u)| u), want, "{name}");
        }
    }

    #[test]
    fn only_a_used_use_is_paid_once_and_only_a_paid_one_has_a_receipt() {
        let cases = [
            ("a completed use is paid", Completed, false, Ok(())),
            ("a late cancel (deemed used) is paid", NoShow, false, Ok(())),
            ("a paid use is not paid twice", Completed, true, Err(Refusal::AlreadyPaid)),
            ("a use still in progress is not paid", CheckedIn, false, Err(Refusal::NotUsed(CheckedIn))),
            ("a turned-away use is not paid", Refused, false, Err(Refusal::NotUsed(Refused))),
        ];
        for (name, status, paid, want) in cases {
            assert_eq!(pay(status, paid).map(|s| assert_eq!(s.change, BookingChange::Paid)), want, "{name}");
        }
        assert_eq!(receipt::<u32>(None), Err(Refusal::NotPaid));
        assert_eq!(receipt(Some(7000)), Ok(7000));
    }

    #[test]
    fn the_days_record_is_kept_from_check_in_on() {
        for status in ALL {
            assert_eq!(record_day(status).is_ok(), matches!(status, CheckedIn | Completed), "{status:?}");
        }
    }
}
