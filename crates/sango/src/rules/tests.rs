use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use super::*;
use crate::directory::FacilityService;
use crate::types::{AgeBound, AgeLimit, AgeUnit};
use ViolationCode::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn offer(service: Service) -> FacilityService {
    FacilityService {
        service,
        age_limit: None,
        weekdays: None,
        must_follow_delivery: false,
        visit_areas: vec![],
        new_user_postal_codes: None,
        note_ja: String::new(),
        max_stay_days: None,
        visit_areas_inferred: false,
        lead_midwife: None,
    }
}

fn months(n: u32, bound: AgeBound) -> Option<AgeLimit> {
    Some(AgeLimit { unit: AgeUnit::Months, n, bound, soft: false })
}

/// Test facilities shaped like the page's: the real directory is another module's data.
fn facility(id: &str) -> Facility {
    let services = match id {
        // Offers everything, with no limits of its own.
        "open" => Service::ALL.iter().map(|s| offer(*s)).collect(),
        // 聖母病院: short stay 生後2か月未満, nothing else.
        "seibo" => vec![FacilityService { age_limit: months(2, AgeBound::Under), ..offer(Service::ShortStay) }],
        // 赤川クリニック: short stay 生後6週まで.
        "akagawa" => vec![FacilityService {
            age_limit: Some(AgeLimit { unit: AgeUnit::Weeks, n: 6, bound: AgeBound::Through, soft: false }),
            ..offer(Service::ShortStay)
        }],
        // 練馬光が丘病院: stays only straight from the delivery.
        "hikarigaoka" => vec![FacilityService { must_follow_delivery: true, ..offer(Service::ShortStay) }],
        // つむぎ助産所: day care Tue/Thu/Fri through 3 months; visits in 石神井・大泉, new users only
        // from 石神井台・上石神井・南大泉・東大泉.
        "tsumugi" => vec![
            FacilityService {
                age_limit: months(3, AgeBound::Through),
                weekdays: Some(vec![1, 3, 4]),
                ..offer(Service::DayCare)
            },
            FacilityService {
                visit_areas: vec!["177".into(), "178".into()],
                new_user_postal_codes: Some(vec![
                    "177-0045".into(),
                    "177-0044".into(),
                    "178-0064".into(),
                    "178-0063".into(),
                ]),
                ..offer(Service::HomeVisit)
            },
        ],
        other => panic!("no test facility {other}"),
    };
    Facility {
        id: id.parse().unwrap(),
        name: id.into(),
        short_name: id.into(),
        address: String::new(),
        phone: String::new(),
        services,
    }
}

/// Everything around a request, owned, with sensible defaults: an approved mother of a baby born
/// 2026-10-01, at a facility open every day with room, on 2026-11-25.
#[derive(Clone)]
struct Case {
    /// The built-in program's name.
    program: &'static str,
    facility: &'static str,
    closed: &'static str,
    known: bool,
    approved: Vec<Service>,
    household: Household,
    postal: Option<&'static str>,
    provisional: bool,
    birth: Option<BirthFacts>,
    counted: u32,
    other_uses: Vec<DateSpan>,
    capacity: Option<u32>,
    taken: BTreeMap<NaiveDate, u32>,
    new_user: bool,
    today: NaiveDate,
}

fn case() -> Case {
    Case {
        program: "nerima-2024",
        facility: "open",
        closed: "",
        known: true,
        approved: Service::ALL.to_vec(),
        household: Household::Standard,
        postal: Some("177-0045"),
        provisional: false,
        birth: Some(BirthFacts { date: d(2026, 10, 1), babies: 1 }),
        counted: 0,
        other_uses: vec![],
        capacity: None,
        taken: BTreeMap::new(),
        new_user: false,
        today: d(2026, 11, 25),
    }
}

impl Case {
    fn on(mut self, program: &'static str) -> Case {
        self.program = program;
        self
    }
    fn at(mut self, facility: &'static str) -> Case {
        self.facility = facility;
        self
    }
    fn closed(mut self, closed: &'static str) -> Case {
        self.closed = closed;
        self
    }
    fn born(mut self, date: NaiveDate, babies: u8) -> Case {
        self.birth = Some(BirthFacts { date, babies });
        self
    }
    fn with(mut self, f: impl FnOnce(&mut Case)) -> Case {
        f(&mut self);
        self
    }

    fn assess(&self, service: Service, first_day: NaiveDate, units: u32, reason: Option<&str>) -> Assessment {
        let program = crate::program::builtin_named(self.program).expect("a built-in program").0;
        let facility = facility(self.facility);
        let closed = ClosedDays::parse(self.closed).unwrap();
        let postal: Option<PostalCode> = self.postal.map(|p| p.parse().unwrap());
        let approval = self.known.then(|| ApprovalFacts {
            services: &self.approved,
            household: self.household,
            postal_code: postal.as_ref(),
            provisional: self.provisional,
        });
        let taken = |day: NaiveDate| self.taken.get(&day).copied().unwrap_or(0);
        // Her counted units of this service, as one earlier use at another facility.
        let earlier = CountedUse {
            service,
            facility: "other".into(),
            from_roster: true,
            first_day: d(2024, 1, 1),
            units: self.counted,
            used: true,
            late: false,
        };
        let history = MotherHistory {
            babies: self.birth.map_or(1, |b| b.babies),
            uses: (self.counted > 0).then_some(earlier).into_iter().collect(),
        };
        let ctx = UseContext {
            program: &program,
            facility: &facility,
            closed: &closed,
            approval,
            birth: self.birth,
            history: &history,
            other_uses: &self.other_uses,
            capacity: self.capacity,
            taken: &taken,
            new_user: self.new_user,
            today: self.today,
        };
        let req = UseRequest { service, first_day, units, reason };
        let a = check_use(&req, &ctx);
        for v in a.violations.iter().chain(&a.warnings) {
            assert!(!v.message_ja.is_empty() && !v.message_en.is_empty(), "{v:?}");
        }
        a
    }

    /// The violation and warning codes of a use.
    fn check(
        &self,
        service: Service,
        first_day: NaiveDate,
        units: u32,
        reason: Option<&str>,
    ) -> (Vec<ViolationCode>, Vec<ViolationCode>) {
        let a = self.assess(service, first_day, units, reason);
        (a.violation_codes(), a.warning_codes())
    }
}

use Service::{DayCare as DC, HomeVisit as HV, ShortStay as SS};

/// (sentence, case, service, first day, units, reason, violations, warnings)
type Row = (&'static str, Case, Service, NaiveDate, u32, Option<&'static str>, Vec<ViolationCode>, Vec<ViolationCode>);

fn table() -> Vec<Row> {
    let dec = |day| d(2026, 12, day);
    let full = {
        let mut taken = BTreeMap::new();
        taken.insert(dec(9), 2);
        taken
    };
    vec![
        ("a plain day care is fine", case(), DC, dec(7), 1, None, vec![], vec![]),
        (
            "a use whose fee the program does not publish is refused, not guessed",
            case().on("nakano-2022"),
            DC,
            dec(7),
            1,
            None,
            vec![ProgramIncomplete],
            vec![],
        ),
        (
            "a pooled limit counts over every service (中野: 15)",
            case().on("nakano-2022").with(|c| c.counted = 14),
            HV,
            dec(7),
            1,
            None,
            vec![ProgramIncomplete],
            vec![],
        ),
        (
            "one more than the pool is over it",
            case().on("nakano-2022").with(|c| c.counted = 15),
            HV,
            dec(7),
            1,
            None,
            vec![ProgramIncomplete, QuotaExceeded],
            vec![],
        ),
        (
            "産後120日以内: day 120 is within it",
            case().on("itabashi-2023").born(d(2026, 8, 9), 1),
            SS,
            dec(6),
            2,
            None,
            vec![ProgramIncomplete],
            vec![],
        ),
        (
            "産後120日以内: day 121 is not",
            case().on("itabashi-2023").born(d(2026, 8, 9), 1),
            SS,
            dec(7),
            2,
            None,
            vec![ChildTooOld, ProgramIncomplete],
            vec![],
        ),
        (
            "a limit of one use only refuses a second (江東)",
            case().on("koto-2024").born(d(2026, 10, 1), 1).with(|c| c.counted = 2),
            SS,
            dec(7),
            2,
            None,
            vec![QuotaExceeded, ProgramIncomplete],
            vec![],
        ),
        ("a plain 2泊3日 stay is fine", case(), SS, dec(7), 3, None, vec![], vec![]),
        (
            "an unknown card is refused",
            case().with(|c| c.known = false),
            DC,
            dec(7),
            1,
            None,
            vec![UnknownCard],
            vec![],
        ),
        (
            "a service without ○ is refused",
            case().with(|c| c.approved = vec![HV]),
            DC,
            dec(7),
            1,
            None,
            vec![NotApproved],
            vec![],
        ),
        (
            "a provisional approval is a warning",
            case().with(|c| c.provisional = true),
            DC,
            dec(7),
            1,
            None,
            vec![],
            vec![ProvisionalApproval],
        ),
        (
            "no birth registered means no booking",
            case().with(|c| c.birth = None),
            DC,
            dec(7),
            1,
            None,
            vec![BirthNotRegistered],
            vec![],
        ),
        ("a use before the birth is refused", case().born(dec(10), 1), DC, dec(8), 1, None, vec![BeforeBirth], vec![]),
        (
            "a stay whose last day crosses 生後2か月未満 is refused",
            case().at("seibo").born(d(2026, 10, 9), 1),
            SS,
            dec(7),
            3,
            None,
            vec![ChildTooOld],
            vec![],
        ),
        (
            "the same stay a day shorter is fine",
            case().at("seibo").born(d(2026, 10, 9), 1),
            SS,
            dec(7),
            2,
            None,
            vec![],
            vec![],
        ),
        (
            "生後6週まで counts weeks",
            case().at("akagawa").born(d(2026, 10, 14), 1),
            SS,
            dec(1),
            2,
            None,
            vec![ChildTooOld],
            vec![],
        ),
        (
            "a baby of 1 year is too old for a visit",
            case().born(d(2025, 12, 7), 1),
            HV,
            dec(7),
            1,
            None,
            vec![ChildTooOld],
            vec![],
        ),
        (
            "beyond 概ね4か月 without a reason is refused",
            case().born(d(2026, 7, 7), 1),
            SS,
            dec(6),
            2,
            None,
            vec![OverRecommendedAge],
            vec![],
        ),
        (
            "beyond 概ね4か月 with a blank reason is refused",
            case().born(d(2026, 7, 7), 1),
            SS,
            dec(6),
            2,
            Some("  "),
            vec![OverRecommendedAge],
            vec![],
        ),
        (
            "beyond 概ね4か月 with a reason is a warning",
            case().born(d(2026, 7, 7), 1),
            SS,
            dec(6),
            2,
            Some("体調不良のため"),
            vec![],
            vec![OverRecommendedAge],
        ),
        ("the soft limit applies only to stays", case().born(d(2026, 7, 7), 1), DC, dec(7), 1, None, vec![], vec![]),
        (
            "the 8th stay day is over the quota",
            case().with(|c| c.counted = 5),
            SS,
            dec(7),
            3,
            None,
            vec![QuotaExceeded],
            vec![],
        ),
        ("the 7th stay day is within it", case().with(|c| c.counted = 5), SS, dec(7), 2, None, vec![], vec![]),
        (
            "twins have 18 day-care days",
            case().born(d(2026, 10, 1), 2).with(|c| c.counted = 17),
            DC,
            dec(7),
            1,
            None,
            vec![],
            vec![],
        ),
        ("a single baby has 12", case().with(|c| c.counted = 12), DC, dec(7), 1, None, vec![QuotaExceeded], vec![]),
        (
            "a service the facility lacks is refused",
            case().at("seibo"),
            DC,
            dec(7),
            1,
            None,
            vec![ServiceNotOffered],
            vec![],
        ),
        (
            "day care on a closed Sunday is refused",
            case().closed("sun"),
            DC,
            dec(6),
            1,
            None,
            vec![FacilityClosed],
            vec![],
        ),
        (
            "day care running into a closed day is refused",
            case().closed("sun"),
            DC,
            dec(5),
            2,
            None,
            vec![FacilityClosed],
            vec![],
        ),
        (
            "a stay checking in on a closed day is refused",
            case().closed("sun"),
            SS,
            dec(6),
            2,
            None,
            vec![FacilityClosed],
            vec![],
        ),
        ("a stay already begun runs through a closed day", case().closed("sun"), SS, dec(5), 3, None, vec![], vec![]),
        ("a stay runs through New Year's Day", case().closed("holidays"), SS, dec(30), 3, None, vec![], vec![]),
        (
            "day care on New Year's Day is refused",
            case().closed("holidays"),
            DC,
            dec(31),
            2,
            None,
            vec![FacilityClosed],
            vec![],
        ),
        (
            "つむぎ day care on a Monday is refused",
            case().at("tsumugi"),
            DC,
            dec(7),
            1,
            None,
            vec![NotOfferedThatWeekday],
            vec![],
        ),
        ("つむぎ day care on a Tuesday is fine", case().at("tsumugi"), DC, dec(8), 1, None, vec![], vec![]),
        (
            "つむぎ day care through 生後3か月 only",
            case().at("tsumugi").born(d(2026, 8, 7), 1),
            DC,
            dec(8),
            1,
            None,
            vec![ChildTooOld],
            vec![],
        ),
        (
            "a stay whose check-out day is full is refused",
            case().with(|c| {
                c.capacity = Some(2);
                c.taken = full.clone()
            }),
            SS,
            dec(8),
            2,
            None,
            vec![FacilityFull],
            vec![],
        ),
        (
            "a stay with room on every day is fine",
            case().with(|c| {
                c.capacity = Some(3);
                c.taken = full.clone()
            }),
            SS,
            dec(8),
            2,
            None,
            vec![],
            vec![],
        ),
        (
            "a visit outside the districts is refused",
            case().at("tsumugi").with(|c| c.postal = Some("176")),
            HV,
            dec(8),
            1,
            None,
            vec![OutsideVisitArea],
            vec![],
        ),
        (
            "a returning user anywhere in the districts is fine",
            case().at("tsumugi").with(|c| c.postal = Some("177-0051")),
            HV,
            dec(8),
            1,
            None,
            vec![],
            vec![],
        ),
        (
            "a new user outside the neighbourhoods is refused",
            case().at("tsumugi").with(|c| {
                c.new_user = true;
                c.postal = Some("177-0051")
            }),
            HV,
            dec(8),
            1,
            None,
            vec![OutsideVisitArea],
            vec![],
        ),
        (
            "a new user in 石神井台 is fine",
            case().at("tsumugi").with(|c| c.new_user = true),
            HV,
            dec(8),
            1,
            None,
            vec![],
            vec![],
        ),
        (
            "a new user with only a district to go on is a warning",
            case().at("tsumugi").with(|c| {
                c.new_user = true;
                c.postal = Some("178")
            }),
            HV,
            dec(8),
            1,
            None,
            vec![],
            vec![AddressUnconfirmed],
        ),
        (
            "a new user from a district with none of the neighbourhoods is refused",
            case().at("tsumugi").with(|c| {
                c.new_user = true;
                c.postal = Some("179")
            }),
            HV,
            dec(8),
            1,
            None,
            vec![OutsideVisitArea],
            vec![],
        ),
        (
            "a visit with no postal code on record is a warning",
            case().at("tsumugi").with(|c| c.postal = None),
            HV,
            dec(8),
            1,
            None,
            vec![],
            vec![AddressUnconfirmed],
        ),
        ("a one-day stay is too short", case(), SS, dec(7), 1, None, vec![TooShort], vec![]),
        ("zero days of day care is too short", case(), DC, dec(7), 0, None, vec![TooShort], vec![]),
        ("visits are booked one at a time", case(), HV, dec(7), 2, None, vec![OneVisitPerBooking], vec![]),
        (
            "a use sharing a day with another is refused",
            case().with(|c| c.other_uses = vec![DateSpan { first: dec(8), last: dec(9) }]),
            SS,
            dec(7),
            2,
            None,
            vec![OverlappingUse],
            vec![],
        ),
        (
            "a use the day after another is fine",
            case().with(|c| c.other_uses = vec![DateSpan { first: dec(5), last: dec(6) }]),
            SS,
            dec(7),
            2,
            None,
            vec![],
            vec![],
        ),
        (
            "a stay that must follow a delivery is a warning",
            case().at("hikarigaoka"),
            SS,
            dec(7),
            2,
            None,
            vec![],
            vec![MustFollowDelivery],
        ),
        (
            "a day before the program's schedules is not priced",
            case().born(d(2024, 3, 1), 1).with(|c| c.today = d(2024, 3, 1)),
            DC,
            d(2024, 3, 29),
            1,
            None,
            vec![NoFeeSchedule],
            vec![],
        ),
        ("a day in the past is refused", case(), DC, d(2026, 11, 24), 1, None, vec![DateInPast], vec![]),
        ("today is not the past", case(), DC, d(2026, 11, 25), 1, None, vec![], vec![]),
        (
            "every broken rule is reported at once",
            case().at("seibo").closed("sun").with(|c| {
                c.approved = vec![HV];
                c.counted = 7;
                c.provisional = true;
                c.birth = Some(BirthFacts { date: d(2026, 6, 1), babies: 1 });
            }),
            SS,
            dec(6),
            1,
            None,
            vec![NotApproved, TooShort, ChildTooOld, OverRecommendedAge, FacilityClosed, QuotaExceeded],
            vec![ProvisionalApproval],
        ),
    ]
}

#[test]
fn every_rule_is_checked_and_every_code_is_produced() {
    let mut seen = BTreeSet::new();
    for (sentence, case, service, first_day, units, reason, violations, warnings) in table() {
        let (got_v, got_w) = case.check(service, first_day, units, reason);
        let sorted = |mut v: Vec<ViolationCode>| {
            v.sort();
            v
        };
        assert_eq!(
            (sorted(got_v.clone()), sorted(got_w.clone())),
            (sorted(violations), sorted(warnings)),
            "{sentence}"
        );
        seen.extend(got_v.into_iter().chain(got_w));
    }
    let missing: Vec<_> = ViolationCode::ALL.iter().filter(|c| !seen.contains(c)).collect();
    assert!(missing.is_empty(), "never produced: {missing:?}");
}

#[test]
fn the_unknown_card_and_no_birth_are_reported_together_with_the_rest() {
    let c = case().with(|c| {
        c.known = false;
        c.birth = None;
    });
    let (v, _) = c.check(SS, d(2026, 12, 6), 1, None);
    assert_eq!(v, [UnknownCard, BirthNotRegistered, TooShort]);
}

#[test]
fn the_age_message_names_the_day_the_limit_and_the_last_permitted_day() {
    let a = case().at("seibo").born(d(2026, 10, 9), 1).assess(SS, d(2026, 12, 7), 3, None);
    assert_eq!(
        a.violations[0].message_ja,
        "赤ちゃんは利用最終日の12月9日(水)にこの施設の年齢条件を超えます(この施設は生後2か月未満、12月8日(火)まで)。"
    );
    assert_eq!(
        a.violations[0].message_en,
        "On Wed 2026-12-09 (the last day of the use) the baby is past this facility's age limit (under 2 months; last day Tue 2026-12-08)."
    );
}

#[test]
fn a_leap_day_baby_turns_one_on_the_28th_of_february() {
    let c = case().born(d(2024, 2, 29), 1).with(|c| c.today = d(2025, 1, 1));
    assert_eq!(c.check(HV, d(2025, 2, 27), 1, None).0, []);
    assert_eq!(c.check(HV, d(2025, 2, 28), 1, None).0, [ChildTooOld]);
}

#[test]
fn a_month_end_baby_is_two_months_old_on_the_last_day_of_the_month() {
    // Born 31 Dec: 生後2か月未満 ends on 27 Feb (2 months complete on 28 Feb, clamped).
    let c = case().at("seibo").born(d(2025, 12, 31), 1).with(|c| c.today = d(2026, 1, 1));
    assert_eq!(c.check(SS, d(2026, 2, 26), 2, None).0, []);
    assert_eq!(c.check(SS, d(2026, 2, 27), 2, None).0, [ChildTooOld]);
}

#[test]
fn a_stay_across_the_new_year_counts_its_days_in_both_years() {
    let c = case().with(|c| c.other_uses = vec![DateSpan { first: d(2027, 1, 2), last: d(2027, 1, 2) }]);
    assert_eq!(c.check(SS, d(2026, 12, 31), 2, None).0, []);
    assert_eq!(c.check(SS, d(2026, 12, 31), 3, None).0, [OverlappingUse]);
}

#[test]
fn the_fee_comes_with_the_assessment_and_follows_the_household() {
    let a = case().with(|c| c.household = Household::Welfare).assess(SS, d(2026, 12, 7), 2, None);
    let fee = a.fee.unwrap();
    assert_eq!((fee.user_fee().to_string(), fee.ward_amount().to_string()), ("0".into(), "66000".into()));
    assert!(case().assess(SS, d(2026, 12, 7), 1, None).fee.is_none());
}

#[test]
fn a_huge_unit_count_is_refused_without_walking_forever() {
    let (v, _) = case().check(DC, d(2026, 12, 7), u32::MAX, None);
    assert!(v.contains(&QuotaExceeded) && v.contains(&ChildTooOld), "{v:?}");
}

#[test]
fn codes_serialize_as_their_stable_snake_case_names() {
    for code in ViolationCode::ALL {
        assert_eq!(serde_json::to_string(&code).unwrap(), format!("\"{}\"", code.as_str()));
    }
    let v = Violation { code: QuotaExceeded, message_ja: "あ".into(), message_en: "a".into() };
    assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"code":"quota_exceeded","message_ja":"あ","message_en":"a"}"#);
}

#[test]
fn spans_overlap_on_any_shared_day() {
    let s = |a, b| DateSpan { first: d(2026, 12, a), last: d(2026, 12, b) };
    assert!(s(7, 8).overlaps(&s(8, 9)));
    assert!(!s(7, 8).overlaps(&s(9, 9)));
    assert!(s(1, 31).overlaps(&s(10, 10)));
    assert_eq!(DateSpan::of_use(SS, d(2026, 12, 7), 0), None);
    assert_eq!(DateSpan::of_use(DC, NaiveDate::MAX, 2), None);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_request_gets_an_answer_and_a_fee_that_adds_up(
            service in prop::sample::select(Service::ALL.to_vec()),
            facility_id in prop::sample::select(vec!["open", "seibo", "akagawa", "hikarigaoka", "tsumugi"]),
            first in 0u64..1500,
            units in 0u32..40,
            born in 0u64..1500,
            babies in 0u8..4,
            counted in 0u32..20,
            closed in prop::sample::select(vec!["", "sun", "sun,holidays", "sat,sun,holidays,2026-12-31"]),
        ) {
            let start = d(2024, 1, 1);
            let c = case().at(facility_id).closed(closed).born(start + chrono::Days::new(born), babies).with(|c| {
                c.counted = counted;
                c.today = start;
            });
            let a = c.assess(service, start + chrono::Days::new(first), units, None);
            if let Some(fee) = a.fee {
                prop_assert_eq!(fee.total_cost(), fee.user_fee() + fee.ward_amount());
            }
            // The quota is refused exactly when the count and the request exceed the limit.
            let limit = Program::builtin().limit(service, babies);
            prop_assert_eq!(a.violation_codes().contains(&QuotaExceeded), counted + units > limit);
        }

        /// Every built-in program: a fee, when there is one, adds up; a use with no fee is refused
        /// (a value not published is never priced by a guess).
        #[test]
        fn under_every_builtin_program_a_fee_adds_up_or_the_use_is_refused(
            program in prop::sample::select(crate::program::listing().into_iter().map(|l| l.name).collect::<Vec<_>>()),
            service in prop::sample::select(Service::ALL.to_vec()),
            household in prop::sample::select(vec![Household::Standard, Household::NonTaxable, Household::Welfare]),
            first in 0u64..1500,
            units in 0u32..12,
            born in 0u64..1500,
            babies in 1u8..4,
            counted in 0u32..25,
        ) {
            let start = d(2022, 4, 1);
            let name: &'static str = Box::leak(program.into_boxed_str());
            let c = case().on(name).born(start + chrono::Days::new(born), babies).with(|c| {
                c.counted = counted;
                c.household = household;
                c.today = start;
            });
            let a = c.assess(service, start + chrono::Days::new(first), units, None);
            match a.fee {
                Some(fee) => prop_assert_eq!(fee.total_cost(), fee.user_fee() + fee.ward_amount()),
                None => prop_assert!(!a.violations.is_empty(), "{name}: no fee and no refusal"),
            }
        }
    }
}
