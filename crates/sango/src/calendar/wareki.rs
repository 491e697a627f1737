//! Dates in the Japanese era (和暦) for receipts and notices: 令和8年11月25日.

use chrono::{Datelike, NaiveDate};

/// The eras since 昭和, newest first: (name, first day).
const ERAS: [(&str, i32, u32, u32); 3] = [("令和", 2019, 5, 1), ("平成", 1989, 1, 8), ("昭和", 1926, 12, 25)];

/// `date` as 「令和8年11月25日」; the first year of an era is 元年 (令和元年5月1日). A date before
/// 昭和 is written in the Western calendar (1900年1月1日).
///
/// ```
/// use chrono::NaiveDate;
/// use sango::calendar::wareki;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(wareki(d(2026, 11, 25)), "令和8年11月25日");
/// assert_eq!(wareki(d(2019, 5, 1)), "令和元年5月1日");
/// assert_eq!(wareki(d(2019, 4, 30)), "平成31年4月30日");
/// ```
pub fn wareki(date: NaiveDate) -> String {
    format!("{}{}月{}日", wareki_year(date), date.month(), date.day())
}

/// Like [`wareki`] with the weekday: 「令和8年12月7日(月)」.
pub fn wareki_date(date: NaiveDate) -> String {
    const WEEKDAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    let weekday = WEEKDAYS[date.weekday().num_days_from_monday() as usize];
    format!("{}({weekday})", wareki(date))
}

fn wareki_year(date: NaiveDate) -> String {
    for (name, y, m, d) in ERAS {
        if NaiveDate::from_ymd_opt(y, m, d).is_some_and(|start| date >= start) {
            return match date.year() - y + 1 {
                1 => format!("{name}元年"),
                n => format!("{name}{n}年"),
            };
        }
    }
    format!("{}年", date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn era_boundaries_are_exact() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(wareki(d(1989, 1, 7)), "昭和64年1月7日");
        assert_eq!(wareki(d(1989, 1, 8)), "平成元年1月8日");
        assert_eq!(wareki(d(2024, 4, 1)), "令和6年4月1日");
        assert_eq!(wareki(d(2020, 1, 1)), "令和2年1月1日");
        assert_eq!(wareki(d(1900, 1, 1)), "1900年1月1日");
        assert_eq!(wareki_date(d(2026, 12, 7)), "令和8年12月7日(月)");
    }
}
