//! The fiscal year (年度): April 1 to March 31, named by the year it begins in
//! (2026年度 = 2026-04-01..2027-03-31, 令和8年度).
//!
//! A use counts in the fiscal year of its first day, as its claim counts in the month of its
//! first day (`Booking::claim_month`): a stay checked in on 3/31 and out on 4/1 is the old year's,
//! all its days with it, so the year's 実績 and the sum of its twelve months' claims agree.

use chrono::{Datelike, NaiveDate};

/// The fiscal year `date` falls in.
pub fn fiscal_year_of(date: NaiveDate) -> i32 {
    if date.month() >= 4 {
        date.year()
    } else {
        date.year() - 1
    }
}

/// The first and last day of fiscal year `fy`; none outside the calendar's range.
pub fn fiscal_year_days(fy: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((NaiveDate::from_ymd_opt(fy, 4, 1)?, NaiveDate::from_ymd_opt(fy + 1, 3, 31)?))
}

/// The twelve claim months of fiscal year `fy`, April first (`YYYY-MM`).
pub fn fiscal_months(fy: i32) -> Vec<String> {
    (4..=12).map(|m| format!("{fy:04}-{m:02}")).chain((1..=3).map(|m| format!("{:04}-{m:02}", fy + 1))).collect()
}

/// `2026年度（令和8年度）`: how the ward writes a fiscal year (the era of its first day).
pub fn fiscal_year_ja(fy: i32) -> String {
    match fiscal_year_days(fy).map(|(first, _)| super::wareki(first)) {
        // 「令和8年4月1日」 → 「令和8」
        Some(w) if !w.starts_with(|c: char| c.is_ascii_digit()) => {
            format!("{fy}年度（{}年度）", w.split('年').next().unwrap_or_default())
        }
        _ => format!("{fy}年度"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn march_31_is_the_old_year_and_april_1_the_new() {
        assert_eq!(fiscal_year_of(d(2027, 3, 31)), 2026);
        assert_eq!(fiscal_year_of(d(2027, 4, 1)), 2027);
        assert_eq!(fiscal_year_of(d(2026, 4, 1)), 2026);
        assert_eq!(fiscal_year_of(d(2026, 12, 31)), 2026);
        assert_eq!(fiscal_year_of(d(2027, 1, 1)), 2026);
        assert_eq!(fiscal_year_days(2026), Some((d(2026, 4, 1), d(2027, 3, 31))));
    }

    #[test]
    fn a_fiscal_year_has_twelve_claim_months_from_april_to_march() {
        let months = fiscal_months(2026);
        assert_eq!(months.len(), 12);
        assert_eq!(
            (months[0].as_str(), months[8].as_str(), months[9].as_str(), months[11].as_str()),
            ("2026-04", "2026-12", "2027-01", "2027-03")
        );
    }

    #[test]
    fn the_year_is_written_with_its_era() {
        assert_eq!(fiscal_year_ja(2026), "2026年度（令和8年度）");
        // Named by the era of its first day: 2019-04-01 was still 平成.
        assert_eq!(fiscal_year_ja(2019), "2019年度（平成31年度）");
        assert_eq!(fiscal_year_ja(2020), "2020年度（令和2年度）");
    }
}
