//! Japanese national holidays (国民の祝日), computed from the law as amended for 2020 (スポーツの
//! 日, 天皇誕生日 on 23 February), with 振替休日 and 国民の休日.
//!
//! The equinox days (春分の日・秋分の日) are fixed each February by the Cabinet's announcement of
//! the next year; the usual formula below matches the announced and predicted days through 2099.
//! A future change of the law would need this file changed; [`HOLIDAY_YEARS`] is the range the rules
//! are believed right for (the 2020–2021 Olympic moves are before it).

use std::ops::RangeInclusive;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The years [`holiday_name`] knows. Outside them it answers `None`.
pub const HOLIDAY_YEARS: RangeInclusive<i32> = 2022..=2099;

/// The name of the holiday on `date`, if it is one: a 国民の祝日 by name, 「休日」 for a substitute
/// holiday (振替休日) or a day between two holidays (国民の休日) — as the Cabinet Office lists them.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use sango::calendar::holiday_name;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(holiday_name(d(2026, 5, 5)), Some("こどもの日"));
/// // 5/3 fell on a Sunday: the substitute is the first following day that is not a holiday.
/// assert_eq!(holiday_name(d(2026, 5, 6)), Some("休日"));
/// // Between 敬老の日 (9/21) and 秋分の日 (9/23): 国民の休日.
/// assert_eq!(holiday_name(d(2026, 9, 22)), Some("休日"));
/// assert_eq!(holiday_name(d(2026, 12, 7)), None);
/// ```
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    if !HOLIDAY_YEARS.contains(&date.year()) {
        return None;
    }
    if let Some(name) = statutory(date) {
        return Some(name);
    }
    if is_substitute(date) || is_sandwiched(date) {
        return Some("休日");
    }
    None
}

/// Every holiday of `year`, in order, with its name (empty outside [`HOLIDAY_YEARS`]).
pub fn holidays_in(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else { return Vec::new() };
    first.iter_days().take_while(|d| d.year() == year).filter_map(|d| holiday_name(d).map(|name| (d, name))).collect()
}

/// 振替休日: a day that is not itself a holiday, reached from a Sunday holiday through holidays only.
fn is_substitute(date: NaiveDate) -> bool {
    let mut day = date;
    // At most a handful of consecutive holidays exist (Golden Week: 3).
    for _ in 0..7 {
        let Some(prev) = day.pred_opt() else { return false };
        if statutory(prev).is_none() {
            return false;
        }
        if prev.weekday() == Weekday::Sun {
            return true;
        }
        day = prev;
    }
    false
}

/// 国民の休日: a day that is not a holiday, with a 国民の祝日 the day before and the day after.
fn is_sandwiched(date: NaiveDate) -> bool {
    match (date.pred_opt(), date.succ_opt()) {
        (Some(before), Some(after)) => statutory(before).is_some() && statutory(after).is_some(),
        _ => false,
    }
}

/// The 国民の祝日 of the law itself on `date`.
fn statutory(date: NaiveDate) -> Option<&'static str> {
    let (y, m, d) = (date.year(), date.month(), date.day());
    let monday = |n| nth_monday(y, m, n) == Some(d);
    match m {
        1 if d == 1 => Some("元日"),
        1 if monday(2) => Some("成人の日"),
        2 if d == 11 => Some("建国記念の日"),
        2 if d == 23 => Some("天皇誕生日"),
        3 if d == vernal_equinox_day(y) => Some("春分の日"),
        4 if d == 29 => Some("昭和の日"),
        5 if d == 3 => Some("憲法記念日"),
        5 if d == 4 => Some("みどりの日"),
        5 if d == 5 => Some("こどもの日"),
        7 if monday(3) => Some("海の日"),
        8 if d == 11 => Some("山の日"),
        9 if monday(3) => Some("敬老の日"),
        9 if d == autumnal_equinox_day(y) => Some("秋分の日"),
        10 if monday(2) => Some("スポーツの日"),
        11 if d == 3 => Some("文化の日"),
        11 if d == 23 => Some("勤労感謝の日"),
        _ => None,
    }
}

/// The day of the month of the `n`th Monday (ハッピーマンデー).
fn nth_monday(year: i32, month: u32, n: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let to_monday = (7 - first.weekday().num_days_from_monday()) % 7;
    let day = first.checked_add_days(Days::new(u64::from(to_monday + 7 * (n - 1))))?;
    Some(day.day())
}

/// 春分日: ⌊20.8431 + 0.242194 × (y − 1980) − ⌊(y − 1980) / 4⌋⌋, valid 1980–2099, computed in
/// millionths so that no float decides a date.
fn vernal_equinox_day(year: i32) -> u32 {
    equinox_day(20_843_100, year)
}

/// 秋分日: ⌊23.2488 + 0.242194 × (y − 1980) − ⌊(y − 1980) / 4⌋⌋, valid 1980–2099.
fn autumnal_equinox_day(year: i32) -> u32 {
    equinox_day(23_248_800, year)
}

fn equinox_day(base_millionths: i64, year: i32) -> u32 {
    let y = i64::from(year - 1980);
    let millionths = base_millionths + 242_194 * y - y.div_euclid(4) * 1_000_000;
    // Only called for HOLIDAY_YEARS, where the result is 19–24.
    u32::try_from(millionths.div_euclid(1_000_000)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Cabinet Office's published list (内閣府「国民の祝日について」), 2024–2026.
    const CABINET_OFFICE: &[(&str, &str)] = &[
        ("2024-01-01", "元日"),
        ("2024-01-08", "成人の日"),
        ("2024-02-11", "建国記念の日"),
        ("2024-02-12", "休日"),
        ("2024-02-23", "天皇誕生日"),
        ("2024-03-20", "春分の日"),
        ("2024-04-29", "昭和の日"),
        ("2024-05-03", "憲法記念日"),
        ("2024-05-04", "みどりの日"),
        ("2024-05-05", "こどもの日"),
        ("2024-05-06", "休日"),
        ("2024-07-15", "海の日"),
        ("2024-08-11", "山の日"),
        ("2024-08-12", "休日"),
        ("2024-09-16", "敬老の日"),
        ("2024-09-22", "秋分の日"),
        ("2024-09-23", "休日"),
        ("2024-10-14", "スポーツの日"),
        ("2024-11-03", "文化の日"),
        ("2024-11-04", "休日"),
        ("2024-11-23", "勤労感謝の日"),
        ("2025-01-01", "元日"),
        ("2025-01-13", "成人の日"),
        ("2025-02-11", "建国記念の日"),
        ("2025-02-23", "天皇誕生日"),
        ("2025-02-24", "休日"),
        ("2025-03-20", "春分の日"),
        ("2025-04-29", "昭和の日"),
        ("2025-05-03", "憲法記念日"),
        ("2025-05-04", "みどりの日"),
        ("2025-05-05", "こどもの日"),
        ("2025-05-06", "休日"),
        ("2025-07-21", "海の日"),
        ("2025-08-11", "山の日"),
        ("2025-09-15", "敬老の日"),
        ("2025-09-23", "秋分の日"),
        ("2025-10-13", "スポーツの日"),
        ("2025-11-03", "文化の日"),
        ("2025-11-23", "勤労感謝の日"),
        ("2025-11-24", "休日"),
        ("2026-01-01", "元日"),
        ("2026-01-12", "成人の日"),
        ("2026-02-11", "建国記念の日"),
        ("2026-02-23", "天皇誕生日"),
        ("2026-03-20", "春分の日"),
        ("2026-04-29", "昭和の日"),
        ("2026-05-03", "憲法記念日"),
        ("2026-05-04", "みどりの日"),
        ("2026-05-05", "こどもの日"),
        ("2026-05-06", "休日"),
        ("2026-07-20", "海の日"),
        ("2026-08-11", "山の日"),
        ("2026-09-21", "敬老の日"),
        ("2026-09-22", "休日"),
        ("2026-09-23", "秋分の日"),
        ("2026-10-12", "スポーツの日"),
        ("2026-11-03", "文化の日"),
        ("2026-11-23", "勤労感謝の日"),
    ];

    #[test]
    fn the_computed_holidays_of_2024_to_2026_are_exactly_the_cabinet_offices() {
        for year in 2024..=2026 {
            let computed: Vec<(String, &str)> =
                holidays_in(year).into_iter().map(|(d, n)| (d.to_string(), n)).collect();
            let published: Vec<(String, &str)> = CABINET_OFFICE
                .iter()
                .filter(|(d, _)| d.starts_with(&year.to_string()))
                .map(|(d, n)| (d.to_string(), *n))
                .collect();
            assert_eq!(computed, published, "{year}");
        }
    }

    #[test]
    fn the_equinoxes_match_the_announced_and_predicted_days() {
        // (year, 春分, 秋分): announced through 2026, the usual predictions after.
        for (year, spring, autumn) in [(2027, 21, 23), (2028, 20, 22), (2029, 20, 23), (2030, 20, 23), (2032, 20, 22)] {
            assert_eq!((vernal_equinox_day(year), autumnal_equinox_day(year)), (spring, autumn), "{year}");
        }
    }

    #[test]
    fn later_years_follow_the_same_rules() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // 2027: 3/21 春分 is a Sunday → 3/22 休日.
        assert_eq!(holiday_name(d(2027, 3, 22)), Some("休日"));
        // 2029: 2/11 (Sun) → 2/12; 秋分の日 9/23 (Sun) → 9/24.
        assert_eq!(holiday_name(d(2029, 2, 12)), Some("休日"));
        assert_eq!(holiday_name(d(2029, 9, 24)), Some("休日"));
        // 2030: 5/6 after 5/5 (Sun).
        assert_eq!(holiday_name(d(2030, 5, 6)), Some("休日"));
        assert_eq!(holiday_name(d(2030, 8, 12)), Some("休日"));
        assert_eq!(holiday_name(d(2030, 11, 4)), Some("休日"));
        assert_eq!(holidays_in(2030).len(), 16 + 3);
        assert_eq!(holiday_name(d(2019, 1, 1)), None, "outside the years the rules are known for");
        assert!(holidays_in(2101).is_empty());
    }
}
