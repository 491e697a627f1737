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
    assert_eq!(p.cancel_hour(), Some(10));
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
    assert_eq!(p.cancel_hour(), Some(17));
    assert_eq!(p.fee(Service::DayCare, d(2026, 3, 31), 2, Household::Standard).unwrap().total_cost(), dec!(20000));
    assert_eq!(p.fee(Service::DayCare, d(2026, 4, 1), 2, Household::Standard).unwrap().total_cost(), dec!(24000));
    // No reductions listed: every household pays the standard share.
    assert_eq!(p.fee(Service::DayCare, d(2026, 4, 1), 1, Household::Welfare).unwrap().user_fee(), dec!(2000));
    assert_eq!(
        p.fee(Service::ShortStay, d(2026, 4, 1), 2, Household::Standard),
        Err(RuleError::NotInProgram { service: Service::ShortStay })
    );
    assert_eq!(p.limit(Service::ShortStay, 1), 0);
    // Its no-show policy has the ward pay too.
    assert_eq!(
        p.no_show_fee(Service::DayCare, d(2026, 4, 1), 1, Household::Standard).unwrap().ward_amount(),
        dec!(10000)
    );
}

#[test]
fn a_partial_reduction_rounds_the_user_share_down_and_the_ward_takes_the_rest() {
    let text = MINIMAL.replace("[[service]]", "[reductions]\nnon-taxable = 33\n[[service]]");
    let p = Program::from_toml_str(&text).unwrap();
    let fee = p.fee(Service::DayCare, d(2025, 5, 1), 1, Household::NonTaxable).unwrap();
    // 33 % of ¥1,000 = ¥330; the ward pays the other ¥670.
    assert_eq!((fee.total_cost(), fee.user_fee(), fee.ward_amount()), (dec!(10000), dec!(330), dec!(9670)));
    let text = MINIMAL
        .replace("[[service]]", "[reductions]\nwelfare = 33\n[[service]]")
        .replace("user_fee = 1000, ward_amount = 9000", "user_fee = 1001, ward_amount = 8999");
    let fee =
        Program::from_toml_str(&text).unwrap().fee(Service::DayCare, d(2025, 5, 1), 1, Household::Welfare).unwrap();
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

/// A version 2 file with every value known, for the dimensions Nerima's file cannot say.
const V2: &str = r#"
version = 2
source = "https://example.lg.jp/sango"
read_on = "2026-12-01"
id = "v2-test"
name_ja = "試験区産後ケア事業"
name_en = "Test ward"
effective_from = "2025-04-01"
cancel_hour_jst = 11
[no_show]
user_fee_charged = true
ward_pays = false
counts_days = 1
[reductions]
non-taxable = { user_fee_per_unit = { short-stay = 3000 } }
welfare = 0
[[pool]]
id = "all"
name_ja = "利用回数"
services = ["short-stay", "day-care"]
limit_single = 8
limit_multiple = 10
[[service]]
service = "short-stay"
unit = "day"
limit_single = 5
min_units = 2
age_limits = [{ unit = "days", n = 120, bound = "through" }]
[[service]]
service = "day-care"
unit = "day"
cancel_hour_jst = 15
[[service]]
service = "home-visit"
unit = "visit"
limit_single = "unknown"
[[fee]]
service = "short-stay"
from = "2025-04-01"
per_unit = { total_cost = 30000, user_fee = 5000, ward_amount = "unknown" }
per_extra_baby = { per = "day", total_cost = 2000, user_fee = 2000, ward_amount = 0 }
[[fee]]
service = "day-care"
from = "2025-04-01"
table = [{ units = 1, total_cost = 19000, user_fee = 1500, ward_amount = 17500 }]
[[fee]]
service = "home-visit"
from = "2025-04-01"
per_unit = { total_cost = "unknown", user_fee = 500, ward_amount = "unknown" }
"#;

#[test]
fn a_version_2_file_says_each_dimension_and_prices_only_what_it_publishes() {
    let p = Program::from_toml_str(V2).unwrap();
    let day = d(2026, 6, 1);
    assert_eq!((p.version(), Program::builtin().version()), (2, 1), "version 1 files still load");
    assert_eq!(p.sources()[0].url, "https://example.lg.jp/sango");
    // The ward's share follows from cost − user; a surcharge per extra baby per day.
    let fee = p.fee_for(Service::ShortStay, day, 2, Household::Standard, 2).unwrap();
    assert_eq!((fee.total_cost(), fee.user_fee(), fee.ward_amount()), (dec!(64000), dec!(14000), dec!(50000)));
    // A fixed reduction per unit: ¥3,000 a day instead of ¥5,000.
    assert_eq!(p.fee(Service::ShortStay, day, 2, Household::NonTaxable).unwrap().user_fee(), dec!(6000));
    // A table prices the lengths it lists, and no other.
    assert_eq!(p.fee(Service::DayCare, day, 1, Household::Standard).unwrap().user_fee(), dec!(1500));
    assert!(matches!(p.fee(Service::DayCare, day, 2, Household::Standard), Err(RuleError::Incomplete { .. })));
    // Two amounts unknown: not priced.
    let err = p.fee(Service::HomeVisit, day, 1, Household::Standard).unwrap_err();
    assert!(matches!(&err, RuleError::Incomplete { what_ja, .. } if what_ja.contains("産後ケア訪問")), "{err:?}");
    // The fixed reduction does not say day care: not published, so not priced for her.
    assert!(matches!(p.fee(Service::DayCare, day, 1, Household::NonTaxable), Err(RuleError::Incomplete { .. })));
    // A cancellation hour per service, else the program's.
    assert_eq!((p.cancel_hour_of(Service::ShortStay), p.cancel_hour_of(Service::DayCare)), (Some(11), Some(15)));
    // A late cancellation of a 4-day stay counts and charges 1 day, whatever the minimum.
    assert_eq!(p.late_units(4), 1);
    assert_eq!(p.no_show_fee(Service::ShortStay, day, 4, Household::Standard).unwrap().user_fee(), dec!(5000));
    // A pooled service with no cap of its own has the pool's limit; one with its own the lesser.
    assert_eq!(
        (p.limit(Service::DayCare, 1), p.limit(Service::ShortStay, 1), p.limit(Service::DayCare, 2)),
        (8, 5, 10)
    );
    assert_eq!(p.limit(Service::HomeVisit, 1), 0, "an unpublished limit is no number");
    assert_eq!((p.max_units(Service::ShortStay), p.max_units(Service::HomeVisit)), (5, 1));
}

#[test]
fn a_broken_version_2_file_places_each_problem() {
    let cases: &[(&str, &str, &str)] = &[
        ("read_on = \"2026-12-01\"\n", "", "read_on"),
        ("version = 2", "version = 3", "not known"),
        (
            "services = [\"short-stay\", \"day-care\"]",
            "services = [\"short-stay\", \"day-care\", \"home-visit\", \"short-stay\"]",
            "two pools",
        ),
        ("limit_single = 8", "limit_single = 0", "pool[0]"),
        ("per = \"day\"", "per = \"night\"", "per_extra_baby.per"),
        ("total_cost = 19000", "total_cost = 19001", "fee[1].table[0]"),
        ("table = [{ units = 1,", "table = [{ units = 0,", "table[0].units"),
        (
            "[[service]]\nservice = \"day-care\"\nunit = \"day\"\ncancel_hour_jst = 15",
            "[[service]]\nservice = \"day-care\"\nunit = \"day\"\ncancel_hour_jst = 24",
            "hour",
        ),
        ("limit_single = \"unknown\"", "limit_single = \"unknwon\"", "service[2].limit_single"),
        ("counts_days = 1", "counts_days = 0", "at least 1 day"),
        ("welfare = 0", "welfare = 101", "more than 100"),
    ];
    for (from, to, why) in cases {
        assert!(V2.contains(from), "case {from:?} does not apply");
        let err = Program::from_toml_str(&V2.replacen(from, to, 1)).unwrap_err().to_string();
        assert!(err.contains(why), "{from:?} → {to:?}: {err}");
    }
    // A service with no limit and in no pool must say so.
    let err =
        Program::from_toml_str(&V2.replace("services = [\"short-stay\", \"day-care\"]", "services = [\"short-stay\"]"))
            .unwrap_err()
            .to_string();
    assert!(err.contains("day-care has no limit"), "{err}");
}

/// Each built-in program, against its page (the values the page states).
#[test]
fn each_builtin_program_says_what_its_page_says_and_no_more() {
    let day = |y, m, dd| d(y, m, dd);
    let named = |n: &str| super::builtin_named(n).unwrap().0;
    let itabashi = named("itabashi-2023");
    assert_eq!(
        (itabashi.limit(Service::ShortStay, 1), itabashi.limit(Service::ShortStay, 2), itabashi.late_units(5)),
        (5, 7, 1)
    );
    assert!(
        matches!(
            itabashi.fee(Service::ShortStay, day(2026, 6, 1), 2, Household::Standard),
            Err(RuleError::Incomplete { .. })
        ),
        "the ward's share is not published"
    );
    let nakano = named("nakano-2022");
    assert_eq!(
        (nakano.limit(Service::ShortStay, 1), nakano.limit(Service::DayCare, 1), nakano.limit(Service::HomeVisit, 2)),
        (7, 15, 21)
    );
    assert_eq!(nakano.cancel_hour(), None);
    let katsushika = named("katsushika-2025");
    assert_eq!(
        (katsushika.cancel_hour_of(Service::DayCare), katsushika.cancel_hour_of(Service::HomeVisit)),
        (Some(11), Some(15))
    );
    assert_eq!(katsushika.eligible_after_loss(), Some(true));
    assert_eq!(katsushika.limit(Service::ShortStay, 1), 0, "its table of limits was not read");
    let suginami = named("suginami-2022");
    assert_eq!((suginami.limit(Service::ShortStay, 1), suginami.limit(Service::ShortStay, 2)), (5, 10), "per child");
    assert!(
        matches!(
            suginami.fee(Service::ShortStay, day(2025, 6, 1), 1, Household::Standard),
            Err(RuleError::Incomplete { .. })
        ),
        "R6 fees not read"
    );
    let koto = named("koto-2024");
    assert_eq!(koto.service(Service::ShortStay).unwrap().limit.unwrap().counts, Counts::Once);
    assert_eq!(koto.fee_band(Household::Welfare), FeeBand::Reduced);
    for (p, _) in super::builtins() {
        assert!(p.version() == 1 || !p.sources().is_empty(), "{}: a version 2 program names its source", p.id());
    }
}

#[test]
fn the_shortest_use_is_said_in_the_programs_units_in_both_languages() {
    let nerima = Program::builtin();
    let words = |p: &Program, s| (p.unit_words_ja(s), p.unit_words_en(s));
    assert_eq!(words(&nerima, Service::ShortStay), ("1泊2日".to_string(), "1 night, 2 days".to_string()));
    assert_eq!(words(&nerima, Service::DayCare), ("1日".to_string(), "1 day".to_string()));
    assert_eq!(words(&nerima, Service::HomeVisit), ("1回".to_string(), "1 visit".to_string()));
    // A program whose shortest stay is two nights says so, not Nerima's 1泊2日.
    let longer = Program::from_toml_str(&builtin_toml().replacen("min_units = 2", "min_units = 3", 1)).unwrap();
    assert_eq!(words(&longer, Service::ShortStay), ("2泊3日".to_string(), "2 nights, 3 days".to_string()));
}
