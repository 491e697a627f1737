//! Dates in the Japanese era (和暦) for receipts and notices: 令和8年11月25日.

use chrono::{Datelike, NaiveDate};

/// One era (元号) since 昭和: its name, the letter forms write it with (R8.12.1), its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Era {
    pub name: &'static str,
    pub letter: &'static str,
    start: (i32, u32, u32),
}

/// The eras since 昭和, newest first.
pub const ERAS: [Era; 3] = [
    Era { name: "令和", letter: "R", start: (2019, 5, 1) },
    Era { name: "平成", letter: "H", start: (1989, 1, 8) },
    Era { name: "昭和", letter: "S", start: (1926, 12, 25) },
];

impl Era {
    fn first_day(&self) -> NaiveDate {
        let (y, m, d) = self.start;
        NaiveDate::from_ymd_opt(y, m, d).expect("an era starts on a date")
    }

    /// The date of 「{name}{year}年{month}月{day}日」 (元年 = 1), if that day exists and falls in
    /// this era: 平成31年4月30日 is a date, 平成31年5月1日 is not (it is 令和元年5月1日).
    pub fn date(&self, year: u32, month: u32, day: u32) -> Option<NaiveDate> {
        let first = self.first_day();
        let date = NaiveDate::from_ymd_opt(first.year() + i32::try_from(year).ok()?.checked_sub(1)?, month, day)?;
        let i = ERAS.iter().position(|e| e == self).expect("one of ERAS");
        let next = i.checked_sub(1).map(|n| ERAS[n].first_day());
        (date >= first && next.is_none_or(|n| date < n)).then_some(date)
    }
}

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
    for era in ERAS {
        if date >= era.first_day() {
            return match date.year() - era.start.0 + 1 {
                1 => format!("{}元年", era.name),
                n => format!("{}{n}年", era.name),
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

    #[test]
    fn era_dates_read_back_and_stay_inside_their_era() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let [reiwa, heisei, showa] = ERAS;
        assert_eq!(reiwa.date(8, 12, 1), Some(d(2026, 12, 1)));
        assert_eq!(reiwa.date(1, 5, 1), Some(d(2019, 5, 1)));
        assert_eq!(reiwa.date(1, 4, 30), None, "令和 starts on 5月1日");
        assert_eq!(heisei.date(31, 4, 30), Some(d(2019, 4, 30)));
        assert_eq!(heisei.date(31, 5, 1), None, "that day is 令和元年");
        assert_eq!(heisei.date(1, 1, 7), None);
        assert_eq!(showa.date(64, 1, 7), Some(d(1989, 1, 7)));
        assert_eq!(reiwa.date(0, 1, 1), None);
        assert_eq!(reiwa.date(8, 2, 30), None);
        // Every day from 昭和 on reads back from what `wareki` writes.
        let mut day = d(1926, 12, 25);
        while day < d(2031, 1, 1) {
            let text = wareki(day);
            let era = ERAS.iter().find(|e| text.starts_with(e.name)).unwrap();
            let rest = &text[era.name.len()..];
            let (y, md) = rest.split_once('年').unwrap();
            let (m, dd) = md.trim_end_matches('日').split_once('月').unwrap();
            let y = if y == "元" { 1 } else { y.parse().unwrap() };
            assert_eq!(era.date(y, m.parse().unwrap(), dd.parse().unwrap()), Some(day), "{text}");
            day = day.succ_opt().unwrap();
        }
    }
}
