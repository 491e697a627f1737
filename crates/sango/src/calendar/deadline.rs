//! The cancellation deadline (キャンセル期限): the program's hour, Japan time, on the nearest day
//! before the use on which the facility is open.

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveTime};

use super::{ClosedDays, JST};
use crate::program::Program;

/// How far back the walk over closed days goes. A facility closed for more than a year before a
/// use has no meaningful deadline; `ClosedDays::parse` already refuses a week with no open day.
const MAX_WALK_DAYS: u64 = 366;

/// The last moment a use on `use_date` can be cancelled without charge: the program's cancel hour
/// (Nerima: 10:00 JST) on the day before, or, when that day is closed, on the nearest earlier day
/// the facility is open (前々日, …).
///
/// If no open day is found within a year (a calendar closed on every day), the deadline falls
/// back to the day before the use.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use sango::{calendar::{cancel_by, ClosedDays}, program::Program};
/// let p = Program::builtin();
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// // Closed on Sundays: a use on Monday 2026-12-07 must be cancelled by Saturday 10:00.
/// let sundays = ClosedDays::parse("sun").unwrap();
/// assert_eq!(cancel_by(d(2026, 12, 7), &sundays, &p).unwrap().to_rfc3339(), "2026-12-05T10:00:00+09:00");
/// // Open every day: the day before.
/// assert_eq!(cancel_by(d(2026, 12, 7), &ClosedDays::default(), &p).unwrap().to_rfc3339(), "2026-12-06T10:00:00+09:00");
/// // Closed on Sundays and holidays, use on Thursday 2026-05-07 after Golden Week: 2 May (Saturday).
/// let gw = ClosedDays::parse("sun,holidays").unwrap();
/// assert_eq!(cancel_by(d(2026, 5, 7), &gw, &p).unwrap().to_rfc3339(), "2026-05-02T10:00:00+09:00");
/// ```
/// `None` when the program does not publish its hour (a booking then needs it: refused).
pub fn cancel_by(use_date: NaiveDate, closed: &ClosedDays, program: &Program) -> Option<DateTime<FixedOffset>> {
    Some(cancel_by_hour(use_date, closed, program.cancel_hour()?))
}

/// [`cancel_by`] at `hour` (a service's own hour, 葛飾区: 15:00 for day care and visits).
pub fn cancel_by_hour(use_date: NaiveDate, closed: &ClosedDays, hour: u32) -> DateTime<FixedOffset> {
    let day_before = use_date.pred_opt().unwrap_or(use_date);
    let deadline_day = (1..=MAX_WALK_DAYS)
        .filter_map(|back| use_date.checked_sub_days(Days::new(back)))
        .find(|d| closed.is_open(*d))
        .unwrap_or(day_before);
    // The hour is validated (0–23) when the program is loaded; midnight is only a bug's fallback.
    let time = NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN);
    deadline_day.and_time(time).and_local_timezone(JST).single().unwrap_or_else(|| {
        // A fixed offset maps every local time to exactly one instant.
        DateTime::from_naive_utc_and_offset(deadline_day.and_time(time) - JST, JST)
    })
}

/// Whether cancelling at `now` is late (deemed used, 利用したものとみなし): after the deadline
/// fixed when the use was booked ([`cancel_by`], kept on the booking). Cancelling exactly at the
/// deadline (10:00:00) is in time. The one definition: `rules::lifecycle::cancel` asks it.
///
/// ```
/// use chrono::{DateTime, NaiveDate};
/// use sango::{calendar::{cancel_by, is_late, ClosedDays}, program::Program};
/// let sundays = ClosedDays::parse("sun").unwrap();
/// let deadline = cancel_by(NaiveDate::from_ymd_opt(2026, 12, 7).unwrap(), &sundays, &Program::builtin()).unwrap();
/// let at = |s| DateTime::parse_from_rfc3339(s).unwrap();
/// assert!(!is_late(at("2026-12-05T10:00:00+09:00"), deadline));
/// assert!(is_late(at("2026-12-05T10:00:01+09:00"), deadline));
/// // Another offset is the same instant: 01:00Z is 10:00 JST.
/// assert!(!is_late(at("2026-12-05T01:00:00Z"), deadline));
/// ```
pub fn is_late(now: DateTime<FixedOffset>, deadline: DateTime<FixedOffset>) -> bool {
    now > deadline
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// One deadline case: closed list, use date, expected deadline.
    fn check(closed: &str, use_date: NaiveDate, expected: &str) {
        let closed = ClosedDays::parse(closed).unwrap();
        assert_eq!(
            cancel_by(use_date, &closed, &Program::builtin()).unwrap().to_rfc3339(),
            expected,
            "use on {use_date}, closed {closed}"
        );
    }

    #[test]
    fn the_deadline_walks_back_over_closed_days() {
        check("sun", d(2026, 12, 7), "2026-12-05T10:00:00+09:00");
        check("sun", d(2026, 12, 8), "2026-12-07T10:00:00+09:00");
        check("", d(2026, 12, 7), "2026-12-06T10:00:00+09:00");
        check("sat,sun", d(2026, 12, 7), "2026-12-04T10:00:00+09:00");
        // Closed on holidays but not on weekends: a Sunday is open.
        check("holidays", d(2026, 11, 24), "2026-11-22T10:00:00+09:00");
    }

    #[test]
    fn golden_week_2026_pushes_the_deadline_back_to_before_it() {
        // 4/29 (Wed) 昭和の日; 5/3 (Sun) – 5/6 (Wed, 振替休日).
        check("sun,holidays", d(2026, 5, 7), "2026-05-02T10:00:00+09:00");
        check("sat,sun,holidays", d(2026, 5, 7), "2026-05-01T10:00:00+09:00");
        check("holidays", d(2026, 5, 7), "2026-05-02T10:00:00+09:00");
        check("sun,holidays", d(2026, 4, 30), "2026-04-28T10:00:00+09:00");
    }

    #[test]
    fn silver_week_2026_pushes_the_deadline_back_to_before_it() {
        // 9/21 (Mon) 敬老の日, 9/22 (Tue) 国民の休日, 9/23 (Wed) 秋分の日.
        check("sun,holidays", d(2026, 9, 24), "2026-09-19T10:00:00+09:00");
        check("sat,sun,holidays", d(2026, 9, 24), "2026-09-18T10:00:00+09:00");
        check("", d(2026, 9, 24), "2026-09-23T10:00:00+09:00");
    }

    #[test]
    fn the_year_end_closure_and_new_year_cross_the_year_boundary() {
        check(
            "sun,holidays,2026-12-29,2026-12-30,2026-12-31,2027-01-02,2027-01-03",
            d(2027, 1, 4),
            "2026-12-28T10:00:00+09:00",
        );
    }

    #[test]
    fn a_calendar_closed_every_day_still_answers() {
        let mut closed = ClosedDays::default();
        closed.weekdays.extend(0..7);
        assert_eq!(
            cancel_by(d(2026, 12, 7), &closed, &Program::builtin()).unwrap().to_rfc3339(),
            "2026-12-06T10:00:00+09:00"
        );
    }
}
