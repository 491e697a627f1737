//! The baby's age on a day, as the Civil Code counts periods (民法の期間計算).
//!
//! A baby born on `birth` is *m* months old on `day` when `birth + m months ≤ day < birth + (m+1)
//! months`, where a missing day of the month clamps to the month's last day. Weeks likewise, in
//! 7-day steps.

use chrono::{Datelike, Months, NaiveDate};

use crate::types::{AgeBound, AgeLimit, AgeUnit};

/// `date` plus `months` calendar months, clamped to the end of a shorter month; `None` only at
/// the edge of chrono's range. Negative `months` go back.
///
/// ```
/// use chrono::NaiveDate;
/// use sango::calendar::add_months;
/// let jan31 = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
/// assert_eq!(add_months(jan31, 1), NaiveDate::from_ymd_opt(2026, 2, 28));
/// assert_eq!(add_months(jan31, 2), NaiveDate::from_ymd_opt(2026, 3, 31));
/// ```
pub fn add_months(date: NaiveDate, months: i64) -> Option<NaiveDate> {
    let n = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
    if months >= 0 {
        date.checked_add_months(n)
    } else {
        date.checked_sub_months(n)
    }
}

/// The completed months of a baby born on `birth`, on `day`; negative before the birth.
///
/// # Examples
/// ```
/// use chrono::NaiveDate;
/// use sango::calendar::completed_months;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// // Born 31 January: one month old on the last day of February (clamped), not on 3 March.
/// assert_eq!(completed_months(d(2026, 1, 31), d(2026, 2, 27)), 0);
/// assert_eq!(completed_months(d(2026, 1, 31), d(2026, 2, 28)), 1);
/// assert_eq!(completed_months(d(2028, 1, 31), d(2028, 2, 29)), 1);
/// // Born on a leap day: one year old on 28 February of the next year.
/// assert_eq!(completed_months(d(2024, 2, 29), d(2025, 2, 28)), 12);
/// // Across the new year.
/// assert_eq!(completed_months(d(2025, 11, 15), d(2026, 1, 14)), 1);
/// assert_eq!(completed_months(d(2025, 11, 15), d(2026, 1, 15)), 2);
/// ```
pub fn completed_months(birth: NaiveDate, day: NaiveDate) -> i64 {
    let months = i64::from(day.year() - birth.year()) * 12 + i64::from(day.month()) - i64::from(birth.month());
    // `birth + months` falls in `day`'s month, so it is either ≤ day or one month too many.
    match add_months(birth, months) {
        Some(reached) if reached <= day => months,
        _ => months - 1,
    }
}

/// The completed weeks of a baby born on `birth`, on `day` (7-day steps, rounded down); negative
/// before the birth.
///
/// ```
/// use chrono::NaiveDate;
/// use sango::calendar::completed_weeks;
/// let birth = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
/// assert_eq!(completed_weeks(birth, NaiveDate::from_ymd_opt(2026, 3, 7).unwrap()), 0);
/// assert_eq!(completed_weeks(birth, NaiveDate::from_ymd_opt(2026, 3, 8).unwrap()), 1);
/// ```
pub fn completed_weeks(birth: NaiveDate, day: NaiveDate) -> i64 {
    (day - birth).num_days().div_euclid(7)
}

impl AgeLimit {
    /// Whether a baby born on `birth` may use a service on `day` under this limit. A day before
    /// the birth is never permitted. Softness is the caller's business (see `rules`).
    ///
    /// # Examples
    /// ```
    /// use chrono::NaiveDate;
    /// use sango::types::{AgeBound, AgeLimit, AgeUnit};
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let under_2_months = AgeLimit { unit: AgeUnit::Months, n: 2, bound: AgeBound::Under, soft: false };
    /// let through_6_weeks = AgeLimit { unit: AgeUnit::Weeks, n: 6, bound: AgeBound::Through, soft: false };
    /// let birth = d(2026, 1, 31);
    /// assert!(under_2_months.permits(birth, d(2026, 3, 30)));
    /// assert!(!under_2_months.permits(birth, d(2026, 3, 31)));
    /// // 生後6週まで: through the day before the 7th week is complete.
    /// assert!(through_6_weeks.permits(birth, d(2026, 3, 20)));
    /// assert!(!through_6_weeks.permits(birth, d(2026, 3, 21)));
    /// ```
    pub fn permits(&self, birth: NaiveDate, day: NaiveDate) -> bool {
        if day < birth {
            return false;
        }
        let completed = match self.unit {
            AgeUnit::Months => completed_months(birth, day),
            AgeUnit::Weeks => completed_weeks(birth, day),
            AgeUnit::Days => (day - birth).num_days(),
        };
        match self.bound {
            AgeBound::Under => completed < i64::from(self.n),
            AgeBound::Through => completed <= i64::from(self.n),
        }
    }
}

/// The last day `limit` permits for a baby born on `birth` (for messages: 「3月30日まで」);
/// `None` when it permits no day at all (「0か月未満」) or beyond chrono's range.
///
/// ```
/// use chrono::NaiveDate;
/// use sango::calendar::last_permitted_day;
/// use sango::types::{AgeBound, AgeLimit, AgeUnit};
/// let through_4 = AgeLimit { unit: AgeUnit::Months, n: 4, bound: AgeBound::Through, soft: true };
/// let birth = NaiveDate::from_ymd_opt(2025, 10, 31).unwrap();
/// // 5 months are complete on 2026-03-31, so the last day "through 4 months" is 2026-03-30.
/// assert_eq!(last_permitted_day(&through_4, birth), NaiveDate::from_ymd_opt(2026, 3, 30));
/// ```
pub fn last_permitted_day(limit: &AgeLimit, birth: NaiveDate) -> Option<NaiveDate> {
    // The first day that is refused is when `refused_at` units are complete.
    let refused_at = match limit.bound {
        AgeBound::Under => i64::from(limit.n),
        AgeBound::Through => i64::from(limit.n) + 1,
    };
    if refused_at == 0 {
        return None;
    }
    let refused_from = match limit.unit {
        AgeUnit::Months => add_months(birth, refused_at)?,
        AgeUnit::Weeks => birth.checked_add_days(chrono::Days::new(u64::try_from(refused_at).ok()? * 7))?,
        AgeUnit::Days => birth.checked_add_days(chrono::Days::new(u64::try_from(refused_at).ok()?))?,
    };
    refused_from.pred_opt()
}

/// 「生後2か月未満」, 「生後4か月まで」, 「生後6週まで」, 「1歳未満」 (with 「概ね」 when soft).
pub fn describe_limit_ja(limit: &AgeLimit) -> String {
    let roughly = if limit.soft { "概ね" } else { "" };
    let bound = match limit.bound {
        AgeBound::Under => "未満",
        AgeBound::Through => "まで",
    };
    match limit.unit {
        AgeUnit::Months if limit.n.is_multiple_of(12) && limit.n > 0 => format!("{roughly}{}歳{bound}", limit.n / 12),
        AgeUnit::Months => format!("{roughly}生後{}か月{bound}", limit.n),
        AgeUnit::Weeks => format!("{roughly}生後{}週{bound}", limit.n),
        AgeUnit::Days => {
            format!("{roughly}産後{}日{}", limit.n, if limit.bound == AgeBound::Through { "以内" } else { "未満" })
        }
    }
}

/// "under 2 months", "through 4 months (approximately)", "through 6 weeks".
pub fn describe_limit_en(limit: &AgeLimit) -> String {
    let bound = match limit.bound {
        AgeBound::Under => "under",
        AgeBound::Through => "through",
    };
    let unit = match (limit.unit, limit.n) {
        (AgeUnit::Months, 1) => "month",
        (AgeUnit::Months, _) => "months",
        (AgeUnit::Weeks, 1) => "week",
        (AgeUnit::Weeks, _) => "weeks",
        (AgeUnit::Days, 1) => "day",
        (AgeUnit::Days, _) => "days",
    };
    let roughly = if limit.soft { " (approximately)" } else { "" };
    format!("{bound} {} {unit}{roughly}", limit.n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn an_age_in_days_counts_the_birth_day_as_day_0_on_both_sides_of_its_bound() {
        let birth = d(2026, 1, 1);
        let through_120 = AgeLimit { unit: AgeUnit::Days, n: 120, bound: AgeBound::Through, soft: false };
        let under_120 = AgeLimit { bound: AgeBound::Under, ..through_120 };
        let cases = [
            ("day 120 is within 産後120日以内", through_120, d(2026, 5, 1), true),
            ("day 121 is not", through_120, d(2026, 5, 2), false),
            ("day 119 is under 120 days", under_120, d(2026, 4, 30), true),
            ("day 120 is not under 120 days", under_120, d(2026, 5, 1), false),
        ];
        for (name, limit, day, permitted) in cases {
            assert_eq!(limit.permits(birth, day), permitted, "{name}");
        }
        assert_eq!(last_permitted_day(&through_120, birth), Some(d(2026, 5, 1)));
        assert_eq!(describe_limit_ja(&through_120), "産後120日以内");
    }

    #[test]
    fn month_end_births_clamp_as_the_civil_code_counts() {
        let cases = [
            // birth, day, completed months
            (d(2026, 1, 31), d(2026, 2, 28), 1),
            (d(2026, 1, 31), d(2026, 3, 30), 1),
            (d(2026, 1, 31), d(2026, 3, 31), 2),
            (d(2026, 1, 31), d(2026, 4, 30), 3),
            (d(2026, 3, 31), d(2026, 4, 30), 1),
            (d(2026, 3, 31), d(2026, 4, 29), 0),
            (d(2026, 1, 30), d(2026, 2, 28), 1),
            (d(2026, 1, 29), d(2026, 2, 28), 1),
            (d(2026, 1, 28), d(2026, 2, 27), 0),
            (d(2024, 2, 29), d(2024, 3, 28), 0),
            (d(2024, 2, 29), d(2024, 3, 29), 1),
            (d(2024, 2, 29), d(2025, 2, 27), 11),
            (d(2024, 2, 29), d(2025, 2, 28), 12),
            (d(2025, 12, 31), d(2026, 1, 30), 0),
            (d(2025, 12, 31), d(2026, 1, 31), 1),
            (d(2026, 5, 10), d(2026, 5, 10), 0),
            (d(2026, 5, 10), d(2026, 5, 9), -1),
        ];
        for (birth, day, months) in cases {
            assert_eq!(completed_months(birth, day), months, "born {birth}, on {day}");
        }
    }

    #[test]
    fn limits_describe_themselves_in_both_languages() {
        let l = |unit, n, bound, soft| AgeLimit { unit, n, bound, soft };
        assert_eq!(describe_limit_ja(&l(AgeUnit::Months, 2, AgeBound::Under, false)), "生後2か月未満");
        assert_eq!(describe_limit_ja(&l(AgeUnit::Months, 4, AgeBound::Through, true)), "概ね生後4か月まで");
        assert_eq!(describe_limit_ja(&l(AgeUnit::Weeks, 6, AgeBound::Through, false)), "生後6週まで");
        assert_eq!(describe_limit_ja(&l(AgeUnit::Months, 12, AgeBound::Under, false)), "1歳未満");
        assert_eq!(describe_limit_en(&l(AgeUnit::Months, 1, AgeBound::Under, false)), "under 1 month");
    }

    fn any_limit() -> impl Strategy<Value = AgeLimit> {
        (prop::bool::ANY, 0u32..15, prop::bool::ANY).prop_map(|(weeks, n, under)| AgeLimit {
            unit: if weeks { AgeUnit::Weeks } else { AgeUnit::Months },
            n,
            bound: if under { AgeBound::Under } else { AgeBound::Through },
            soft: false,
        })
    }

    proptest! {
        #[test]
        fn a_limit_permits_exactly_the_days_up_to_its_last_day(limit in any_limit(), birth_offset in 0u64..4000, age in 0u64..500) {
            let birth = d(2023, 1, 1) + chrono::Days::new(birth_offset);
            let day = birth + chrono::Days::new(age);
            let permitted = last_permitted_day(&limit, birth).is_some_and(|last| day <= last);
            prop_assert_eq!(limit.permits(birth, day), permitted);
        }

        #[test]
        fn completed_months_grow_by_one_at_a_time(birth_offset in 0u64..4000, age in 0u64..800) {
            let birth = d(2023, 1, 1) + chrono::Days::new(birth_offset);
            let day = birth + chrono::Days::new(age);
            let next = completed_months(birth, day.succ_opt().unwrap());
            let now = completed_months(birth, day);
            prop_assert!(next == now || next == now + 1);
            prop_assert!(add_months(birth, now).unwrap() <= day);
            prop_assert!(add_months(birth, now + 1).unwrap() > day);
        }
    }
}
