use chrono::NaiveDate;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;
use crate::types::{AgeBound, AgeUnit};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// One fee case: (total, user, ward) for a use of `units` beginning on `day`.
fn check(service: Service, day: NaiveDate, units: u32, household: Household, expected: (i64, i64, i64)) {
    let fee = Program::builtin().fee(service, day, units, household).unwrap();
    assert_eq!(
        (fee.total_cost(), fee.user_fee(), fee.ward_amount()),
        (Decimal::from(expected.0), Decimal::from(expected.1), Decimal::from(expected.2)),
        "{service} {units} units on {day} for {household}"
    );
}

#[test]
fn nerima_fees_are_those_of_the_page() {
    let day = d(2024, 4, 1);
    use Household::*;
    use Service::*;
    check(ShortStay, day, 2, Standard, (66_000, 7_000, 59_000));
    check(ShortStay, day, 3, Standard, (99_000, 10_500, 88_500));
    check(ShortStay, day, 7, Standard, (231_000, 24_500, 206_500));
    check(DayCare, day, 1, Standard, (19_000, 1_500, 17_500));
    check(DayCare, day, 12, Standard, (228_000, 18_000, 210_000));
    check(HomeVisit, day, 1, Standard, (12_000, 500, 11_500));
    check(HomeVisit, day, 6, Standard, (72_000, 3_000, 69_000));
    check(ShortStay, day, 2, NonTaxable, (66_000, 0, 66_000));
    check(DayCare, day, 1, Welfare, (19_000, 0, 19_000));
    check(HomeVisit, d(2030, 12, 31), 1, Welfare, (12_000, 0, 12_000));
}

#[test]
fn a_use_shorter_than_the_minimum_is_not_priced() {
    let p = Program::builtin();
    let day = d(2026, 6, 1);
    assert_eq!(
        p.fee(Service::ShortStay, day, 1, Household::Standard),
        Err(RuleError::TooShort { service: Service::ShortStay, units: 1, min_units: 2 })
    );
    assert!(matches!(p.fee(Service::DayCare, day, 0, Household::Standard), Err(RuleError::TooShort { .. })));
}

#[test]
fn a_day_before_any_schedule_is_an_error_not_a_guess() {
    let p = Program::builtin();
    assert_eq!(
        p.fee(Service::DayCare, d(2024, 3, 31), 1, Household::Standard),
        Err(RuleError::NoFeeSchedule { service: Service::DayCare, day: d(2024, 3, 31) })
    );
}

#[test]
fn late_cancellation_charges_the_user_share_and_nothing_to_the_ward() {
    let p = Program::builtin();
    let fee = p.no_show_fee(Service::ShortStay, d(2026, 1, 5), 2, Household::Standard).unwrap();
    assert_eq!((fee.total_cost(), fee.user_fee(), fee.ward_amount()), (dec!(7000), dec!(7000), dec!(0)));
    let fee = p.no_show_fee(Service::ShortStay, d(2026, 1, 5), 2, Household::Welfare).unwrap();
    assert_eq!(fee, Fee::ZERO);
}

#[test]
fn the_builtin_program_states_nerimas_limits_and_ages() {
    let p = Program::builtin();
    assert_eq!(p.id(), "nerima-2024");
    assert_eq!(p.effective_from(), d(2024, 4, 1));
    assert_eq!(p.cancel_hour(), 10);
    assert_eq!(p.limit(Service::HomeVisit, 1), 6);
    assert_eq!(p.limit(Service::HomeVisit, 2), 10);
    assert_eq!(p.min_units(Service::ShortStay), 2);
    assert_eq!(p.min_units(Service::DayCare), 1);
    assert_eq!(p.service(Service::ShortStay).unwrap().meals_per_day, 3);
    assert_eq!(
        p.age_limits(Service::ShortStay),
        &[
            AgeLimit { unit: AgeUnit::Months, n: 12, bound: AgeBound::Under, soft: false },
            AgeLimit { unit: AgeUnit::Months, n: 4, bound: AgeBound::Through, soft: true },
        ]
    );
    assert_eq!(p.age_limits(Service::HomeVisit).len(), 1);
}

const MINIMAL: &str = r#"
id = "x"
name_ja = "x"
name_en = "x"
effective_from = "2025-04-01"
cancel_hour_jst = 17
no_show = { user_fee_charged = true, ward_pays = true }
[[service]]
service = "day-care"
unit = "day"
limit_single = 5
limit_multiple = 7
min_units = 1
meals_per_day = 1
[[fee]]
service = "day-care"
from = "2025-04-01"
until = "2026-03-31"
per_unit = { total_cost = 10000, user_fee = 1000, ward_amount = 9000 }
[[fee]]
service = "day-care"
from = "2026-04-01"
per_unit = { total_cost = 12000, user_fee = "2000", ward_amount = 10000 }
"#;

#[test]
fn another_municipality_loads_its_own_file_with_schedules_by_date() {
    let p = Program::from_toml_str(MINIMAL).unwrap();
    assert_eq!(p.cancel_hour(), 17);
    assert_eq!(p.fee(Service::DayCare, d(2026, 3, 31), 2, Household::Standard).unwrap().total_cost(), dec!(20000));
    assert_eq!(p.fee(Service::DayCare, d(2026, 4, 1), 2, Household::Standard).unwrap().total_cost(), dec!(24000));
    // No reductions listed: every household pays the standard share.
    assert_eq!(p.fee(Service::DayCare, d(2026, 4, 1), 1, Household::Welfare).unwrap().user_fee(), dec!(2000));
    assert_eq!(p.fee(Service::ShortStay, d(2026, 4, 1), 2, Household::Standard), Err(RuleError::NotInProgram { service: Service::ShortStay }));
    assert_eq!(p.limit(Service::ShortStay, 1), 0);
    // Its no-show policy has the ward pay too.
    assert_eq!(p.no_show_fee(Service::DayCare, d(2026, 4, 1), 1, Household::Standard).unwrap().ward_amount(), dec!(10000));
}

#[test]
fn a_partial_reduction_rounds_the_user_share_down_and_the_ward_takes_the_rest() {
    let text = MINIMAL.replace("[[service]]", "[reductions]\nnon-taxable = 33\n[[service]]");
    let p = Program::from_toml_str(&text).unwrap();
    let fee = p.fee(Service::DayCare, d(2025, 5, 1), 1, Household::NonTaxable).unwrap();
    // 33 % of ¥1,000 = ¥330; the ward pays the other ¥670.
    assert_eq!((fee.total_cost(), fee.user_fee(), fee.ward_amount()), (dec!(10000), dec!(330), dec!(9670)));
    let text = MINIMAL.replace("[[service]]", "[reductions]\nwelfare = 33\n[[service]]").replace("user_fee = 1000, ward_amount = 9000", "user_fee = 1001, ward_amount = 8999");
    let fee = Program::from_toml_str(&text).unwrap().fee(Service::DayCare, d(2025, 5, 1), 1, Household::Welfare).unwrap();
    assert_eq!((fee.user_fee(), fee.ward_amount()), (dec!(330), dec!(9670)), "330.33 is rounded down");
}

#[test]
fn invalid_program_files_are_refused_with_a_reason() {
    let cases: &[(&str, &str, &str)] = &[
        ("user_fee = 1000, ward_amount = 9000", "user_fee = 1000, ward_amount = 9001", "is not user fee"),
        ("until = \"2026-03-31\"", "until = \"2026-04-01\"", "overlap"),
        ("until = \"2026-03-31\"\n", "", "overlap"),
        ("until = \"2026-03-31\"", "until = \"2025-03-31\"", "before from"),
        ("cancel_hour_jst = 17", "cancel_hour_jst = 24", "hour"),
        ("limit_single = 5", "limit_single = 0", "at least 1"),
        ("min_units = 1", "min_units = 0", "at least 1"),
        ("limit_multiple = 7", "limit_multiple = 4", "multiple"),
        ("user_fee = 1000,", "user_fee = 1000.5,", "parse"),
        ("user_fee = 1000,", "user_fee = -1000,", "not negative"),
        ("user_fee = 1000,", "user_fee = 1000, total_cost_x = 1,", "parse"),
        ("meals_per_day = 1", "meals_per_day = 1\nmeal_per_day = 1", "parse"),
        ("service = \"day-care\"\nfrom = \"2025", "service = \"short-stay\"\nfrom = \"2025", "does not define"),
        ("id = \"x\"", "id = \" \"", "empty"),
    ];
    for (from, to, why) in cases {
        assert!(MINIMAL.contains(from), "case {from:?} does not apply");
        let text = MINIMAL.replacen(from, to, 1);
        let err = Program::from_toml_str(&text).unwrap_err().to_string();
        assert!(err.contains(why), "{from:?} → {to:?}: {err}");
    }
    let reductions = MINIMAL.replace("[[service]]", "[reductions]\nwelfare = 101\n[[service]]");
    assert!(Program::from_toml_str(&reductions).is_err());
    assert!(Program::from_toml_str("").is_err());
    assert!(Program::from_toml_str("not toml at all ===").is_err());
}

fn any_service() -> impl Strategy<Value = Service> {
    prop::sample::select(Service::ALL.to_vec())
}

fn any_household() -> impl Strategy<Value = Household> {
    prop::sample::select(Household::ALL.to_vec())
}

proptest! {
    #[test]
    fn cost_is_always_user_plus_ward(service in any_service(), units in 1u32..=60, household in any_household(), offset in 0u64..3000) {
        let p = Program::builtin();
        let day = d(2024, 4, 1) + chrono::Days::new(offset);
        match p.fee(service, day, units, household) {
            Ok(fee) => {
                prop_assert_eq!(fee.total_cost(), fee.user_fee() + fee.ward_amount());
                prop_assert!(fee.user_fee() >= Decimal::ZERO && fee.ward_amount() >= Decimal::ZERO);
                // The reduction never changes the total.
                let standard = p.fee(service, day, units, Household::Standard).unwrap();
                prop_assert_eq!(fee.total_cost(), standard.total_cost());
                let no_show = p.no_show_fee(service, day, units, household).unwrap();
                prop_assert_eq!(no_show.total_cost(), no_show.user_fee() + no_show.ward_amount());
                prop_assert_eq!(no_show.user_fee(), fee.user_fee());
            }
            Err(RuleError::TooShort { .. }) => prop_assert!(units < p.min_units(service)),
            Err(e) => prop_assert!(false, "unexpected {e}"),
        }
    }
}

const NERIMA: &str = include_str!("../../data/program-nerima-2024.toml");

#[test]
fn a_broken_file_shows_every_problem_with_its_key_path_and_line() {
    let text = NERIMA
        .replace("limit_single = 7", "limit_singel = 7")
        .replace("cancel_hour_jst = 10", "cancel_hour_jst = 25")
        .replace("user_fee = 1500", "user_fee = 1600")
        .replace("non-taxable = 0", "non-taxable = \"none\"");
    let problems = Program::from_toml_str(&text).unwrap_err().problems;
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() as u32 + 1;
    let found: Vec<(&str, Option<u32>)> = problems.iter().map(|p| (p.path.as_str(), p.line)).collect();
    assert_eq!(
        found,
        [
            // A value that does not parse is placed at its table when the table reads as one.
            ("reductions", Some(line_of("[reductions]"))),
            // A misspelt key is both missing and unknown: the author sees which was meant.
            ("service[0].limit_single", Some(line_of("[[service]]"))),
            ("service[0].limit_singel", Some(line_of("limit_singel"))),
            ("cancel_hour_jst", Some(line_of("cancel_hour_jst = 25"))),
            ("fee[1].per_unit", Some(line_of("user_fee = 1600"))),
        ],
        "{problems:#?}"
    );
}

#[test]
fn the_builtin_programs_are_listed_by_name_and_found_by_it() {
    let listed = super::listing();
    assert!(listed.iter().any(|l| l.name == "nerima-2024" && l.municipality == "練馬区"));
    for l in &listed {
        let (p, text) = super::builtin_named(&l.name).unwrap();
        assert_eq!(Program::from_toml_str(text).unwrap(), p);
        assert_eq!(p.effective_from(), l.effective_from);
    }
    assert!(super::builtin_named("nowhere-2024").is_none());
}

proptest! {
    /// Mangled files (a span cut out, a line doubled, a character swapped) never panic: each is
    /// a program or a list of problems, every one placed inside the file.
    #[test]
    fn a_mangled_program_file_is_a_program_or_placed_problems_never_a_panic(
        cut_at in 0usize..3000, cut_len in 0usize..40, dup_line in 0usize..90, swap_at in 0usize..3000, swap in prop::sample::select(vec!['=', '"', '[', ']', '0', '\n', 'x', '-', '{', ','])
    ) {
        let mut chars: Vec<char> = NERIMA.chars().collect();
        let at = cut_at.min(chars.len());
        chars.drain(at..(at + cut_len).min(chars.len()));
        let swap_at = swap_at.min(chars.len().saturating_sub(1));
        if let Some(c) = chars.get_mut(swap_at) {
            *c = swap;
        }
        let mut text: String = chars.into_iter().collect();
        if let Some(line) = text.lines().nth(dup_line).map(str::to_string) {
            text.push('\n');
            text.push_str(&line);
        }
        let lines = text.lines().count() as u32 + 1;
        match Program::from_toml_str(&text) {
            Ok(p) => prop_assert!(!p.id().is_empty()),
            Err(e) => {
                prop_assert!(!e.problems.is_empty());
                for p in &e.problems {
                    prop_assert!(p.line.is_none_or(|l| l >= 1 && l <= lines), "{p:?}");
                }
            }
        }
    }
}
