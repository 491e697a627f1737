//! Japan time and the calendar of the program: the baby's age in completed months and weeks,
//! national holidays (国民の祝日・振替休日・国民の休日), a facility's closed days, the cancellation
//! deadline, the fiscal year (年度), and dates in the Japanese era (和暦).
//!
//! Pure: nothing here reads the clock; `today` and `now` are passed in.

mod age;
mod closed;
mod deadline;
mod fiscal;
mod holidays;
mod wareki;

pub use age::{
    add_months, completed_months, completed_weeks, describe_limit_en, describe_limit_ja, last_permitted_day,
};
pub use closed::ClosedDays;
pub use deadline::{cancel_by, cancel_by_hour, is_late};
pub use fiscal::{fiscal_months, fiscal_year_days, fiscal_year_ja, fiscal_year_of};
pub use holidays::{holiday_name, holidays_in, HOLIDAY_YEARS};
pub use wareki::{wareki, wareki_date, Era, ERAS};

use chrono::FixedOffset;

/// Japan Standard Time, +09:00 (Japan has no daylight saving).
pub const JST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    None => panic!("+09:00 is a valid offset"),
};
