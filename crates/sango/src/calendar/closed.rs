//! A facility's closed days (休業日): weekly days off, national holidays if it closes on them, and
//! its own dates.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::holiday_name;
use crate::types::{parse_date, ParseError};

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const WEEKDAYS_JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];

/// The days a facility is closed. Weekdays count 0 = Monday … 6 = Sunday, as in the directory.
///
/// Written as a list (`--closed sun,holidays,2026-12-31`); [`Display`](fmt::Display) writes the same
/// list back.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use sango::calendar::ClosedDays;
/// let closed = ClosedDays::parse("sun,holidays,2026-12-31").unwrap();
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert!(closed.is_closed(d(2026, 12, 6)));   // a Sunday
/// assert!(closed.is_closed(d(2026, 11, 23)));  // 勤労感謝の日
/// assert!(closed.is_closed(d(2026, 12, 31)));  // its own date
/// assert!(!closed.is_closed(d(2026, 12, 7)));
/// assert_eq!(closed.to_string(), "sun,holidays,2026-12-31");
/// assert!(ClosedDays::parse("sun,someday").is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClosedDays {
    /// Weekly days off, 0 = Monday … 6 = Sunday.
    pub weekdays: BTreeSet<u8>,
    /// Closed on national holidays (祝日・振替休日・国民の休日).
    pub holidays: bool,
    /// The facility's own closed dates (年末年始, …).
    #[ts(type = "Array<string>")]
    pub dates: BTreeSet<NaiveDate>,
}

impl ClosedDays {
    /// Parses a comma-separated list of `mon`…`sun` (or `月`…`日`, full English names),
    /// `holidays` (or `祝`), and `YYYY-MM-DD` dates. An empty list: never closed.
    ///
    /// # Errors
    /// Any other item, or a list that closes every day of the week (no day would be open).
    pub fn parse(list: &str) -> Result<ClosedDays, ParseError> {
        let mut closed = ClosedDays::default();
        if list.trim().is_empty() {
            return Ok(closed);
        }
        const EXPECTED: &str = "a list of mon…sun, holidays and YYYY-MM-DD dates";
        for item in list.split(',') {
            let item = item.trim();
            let lower = item.to_ascii_lowercase();
            if let Some(i) = weekday_index(&lower).or_else(|| WEEKDAYS_JA.iter().position(|w| *w == item)) {
                closed.weekdays.insert(i as u8);
            } else if lower == "holidays" || lower == "holiday" || item == "祝" || item == "祝日" {
                closed.holidays = true;
            } else if item.len() == 10 && item.as_bytes()[4] == b'-' {
                closed.dates.insert(parse_date(item)?);
            } else {
                return Err(ParseError::new("closed days", item, EXPECTED));
            }
        }
        if closed.weekdays.len() == 7 {
            return Err(ParseError::new("closed days", list, "at least one open weekday"));
        }
        Ok(closed)
    }

    /// Whether the facility is closed on `date`.
    pub fn is_closed(&self, date: NaiveDate) -> bool {
        let weekday = date.weekday().num_days_from_monday() as u8;
        self.weekdays.contains(&weekday)
            || self.dates.contains(&date)
            || (self.holidays && holiday_name(date).is_some())
    }

    pub fn is_open(&self, date: NaiveDate) -> bool {
        !self.is_closed(date)
    }
}

fn weekday_index(lower: &str) -> Option<usize> {
    const FULL: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    WEEKDAYS.iter().position(|w| *w == lower).or_else(|| FULL.iter().position(|w| *w == lower))
}

impl FromStr for ClosedDays {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<ClosedDays, ParseError> {
        ClosedDays::parse(s)
    }
}

impl fmt::Display for ClosedDays {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut items: Vec<String> =
            self.weekdays.iter().filter_map(|w| WEEKDAYS.get(usize::from(*w))).map(|w| w.to_string()).collect();
        if self.holidays {
            items.push("holidays".into());
        }
        items.extend(self.dates.iter().map(NaiveDate::to_string));
        f.write_str(&items.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_day_lists_parse_in_english_and_japanese() {
        let c = ClosedDays::parse(" Sun , sat,祝, 2026-12-31,2027-01-01").unwrap();
        assert_eq!(c.weekdays, BTreeSet::from([5, 6]));
        assert!(c.holidays);
        assert_eq!(c.dates.len(), 2);
        assert_eq!(ClosedDays::parse("日,月").unwrap().weekdays, BTreeSet::from([0, 6]));
        assert_eq!(ClosedDays::parse("").unwrap(), ClosedDays::default());
        assert_eq!(ClosedDays::parse("wednesday").unwrap().to_string(), "wed");
    }

    #[test]
    fn junk_in_a_closed_day_list_is_refused() {
        for junk in ["sun,", "sunday-ish", "2026-02-30", "2026-1-1", "holidays;sun", "mon,tue,wed,thu,fri,sat,sun", "x"]
        {
            assert!(ClosedDays::parse(junk).is_err(), "{junk:?}");
        }
    }

    #[test]
    fn the_list_round_trips_through_its_text() {
        let c = ClosedDays::parse("sun,mon,holidays,2026-12-31").unwrap();
        assert_eq!(c.to_string(), "mon,sun,holidays,2026-12-31");
        assert_eq!(ClosedDays::parse(&c.to_string()).unwrap(), c);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(json, r#"{"weekdays":[0,6],"holidays":true,"dates":["2026-12-31"]}"#);
    }
}
