//! The words of each rule, in Japanese and English, for a desk clerk to read out.

use chrono::{Datelike, NaiveDate};

use super::{DateSpan, Violation, ViolationCode};
use crate::calendar::{describe_limit_en, describe_limit_ja};
use crate::program::Unit;
use crate::types::{AgeLimit, Service};

fn v(code: ViolationCode, message_ja: String, message_en: String) -> Violation {
    Violation { code, message_ja, message_en }
}

/// 「12月7日(月)」: the desk knows the year.
pub(super) fn date_ja(d: NaiveDate) -> String {
    const WEEKDAYS: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    format!("{}月{}日({})", d.month(), d.day(), WEEKDAYS[d.weekday().num_days_from_monday() as usize])
}

fn date_en(d: NaiveDate) -> String {
    d.format("%a %Y-%m-%d").to_string()
}

fn dates_ja(days: &[NaiveDate]) -> String {
    days.iter().map(|d| date_ja(*d)).collect::<Vec<_>>().join("・")
}

fn dates_en(days: &[NaiveDate]) -> String {
    days.iter().map(|d| date_en(*d)).collect::<Vec<_>>().join(", ")
}

fn unit_ja(unit: Unit) -> &'static str {
    match unit {
        Unit::Day => "日",
        Unit::Visit => "回",
    }
}

fn unit_en(unit: Unit, n: u32) -> &'static str {
    match (unit, n) {
        (Unit::Day, 1) => "day",
        (Unit::Day, _) => "days",
        (Unit::Visit, 1) => "visit",
        (Unit::Visit, _) => "visits",
    }
}

pub(super) fn unknown_card() -> Violation {
    v(
        ViolationCode::UnknownCard,
        "このカード番号の利用承認が見つかりません。区の名簿を同期するか、保健相談所に確認してください。".into(),
        "No approval is on record for this card number. Sync the ward's roster or check with the health centre.".into(),
    )
}

pub(super) fn not_approved(service: Service) -> Violation {
    v(
        ViolationCode::NotApproved,
        format!("利用承認で{}が承認されていません(承認通知書の○を確認してください)。", service.name_ja()),
        format!(
            "The approval does not cover {} (check the ○ marks on the approval notice).",
            service.name_en().to_lowercase()
        ),
    )
}

pub(super) fn provisional_approval() -> Violation {
    v(
        ViolationCode::ProvisionalApproval,
        "この承認は施設で入力した仮登録です(区の名簿または通知書のコードで確認されるまで仮扱い)。".into(),
        "This approval was entered at the desk and is provisional until the ward's roster or the notice's code confirms it.".into(),
    )
}

pub(super) fn not_in_program(service: Service, program_ja: &str, program_en: &str) -> Violation {
    v(
        ViolationCode::ServiceNotOffered,
        format!("{program_ja}に{}はありません。", service.name_ja()),
        format!("{program_en} has no {}.", service.name_en().to_lowercase()),
    )
}

pub(super) fn not_offered(service: Service, facility: &str) -> Violation {
    v(
        ViolationCode::ServiceNotOffered,
        format!("{facility}は{}を実施していません。", service.name_ja()),
        format!("{facility} does not offer {}.", service.name_en().to_lowercase()),
    )
}

pub(super) fn too_short(service: Service, unit: Unit, units: u32, min_units: u32) -> Violation {
    let (ja, en) = if service == Service::ShortStay && min_units == 2 {
        (
            format!("ショートステイは1泊2日(2日)以上です。{units}日では予約できません。"),
            format!("A short stay is at least 2 days (one night); {units} is too short."),
        )
    } else {
        (
            format!(
                "{}は{min_units}{}以上で予約してください({units}{}では予約できません)。",
                service.name_ja(),
                unit_ja(unit),
                unit_ja(unit)
            ),
            format!(
                "{} needs at least {min_units} {}; {units} is too short.",
                service.name_en(),
                unit_en(unit, min_units)
            ),
        )
    };
    v(ViolationCode::TooShort, ja, en)
}

pub(super) fn one_visit_per_booking(units: u32) -> Violation {
    v(
        ViolationCode::OneVisitPerBooking,
        format!("訪問は1回ずつ予約してください({units}回を一度に予約することはできません)。"),
        format!("Book home visits one at a time, not {units} at once."),
    )
}

pub(super) fn date_in_past(first_day: NaiveDate, today: NaiveDate) -> Violation {
    v(
        ViolationCode::DateInPast,
        format!("利用開始日{}は過去の日付です(今日は{})。", date_ja(first_day), date_ja(today)),
        format!("The first day {} is in the past (today is {}).", date_en(first_day), date_en(today)),
    )
}

pub(super) fn birth_not_registered() -> Violation {
    v(
        ViolationCode::BirthNotRegistered,
        "出生(出生日)が登録されていません。産前に利用予約をすることはできません。".into(),
        "The birth is not registered: no booking can be made before the birth.".into(),
    )
}

pub(super) fn before_birth(first_day: NaiveDate, birth: NaiveDate) -> Violation {
    v(
        ViolationCode::BeforeBirth,
        format!("利用開始日{}は出生日{}より前です。産前の利用はできません。", date_ja(first_day), date_ja(birth)),
        format!("The first day {} is before the birth ({}).", date_en(first_day), date_en(birth)),
    )
}

/// Where a limit comes from, for the message.
#[derive(Clone, Copy)]
pub(super) enum LimitSource {
    Program,
    Facility,
}

/// A limit failing on `day`, the `nth` day of the use (1-based) of `total` days.
pub(super) struct AgeFailure<'a> {
    pub limit: &'a AgeLimit,
    pub source: LimitSource,
    pub day: NaiveDate,
    pub nth: usize,
    pub total: usize,
    pub last_permitted: Option<NaiveDate>,
}

fn age_words(f: &AgeFailure) -> (String, String) {
    let (scope_ja, scope_en) = match f.source {
        LimitSource::Program => ("事業", "the program's"),
        LimitSource::Facility => ("この施設", "this facility's"),
    };
    let when_ja = match (f.nth, f.total) {
        (_, 1) => date_ja(f.day),
        (n, t) if n == t => format!("利用最終日の{}", date_ja(f.day)),
        (n, _) => format!("{}(利用{n}日目)", date_ja(f.day)),
    };
    let when_en = match (f.nth, f.total) {
        (_, 1) => date_en(f.day),
        (n, t) if n == t => format!("{} (the last day of the use)", date_en(f.day)),
        (n, _) => format!("{} (day {n} of the use)", date_en(f.day)),
    };
    let last_ja = f.last_permitted.map(|d| format!("、{}まで", date_ja(d))).unwrap_or_default();
    let last_en = f.last_permitted.map(|d| format!("; last day {}", date_en(d))).unwrap_or_default();
    (
        format!(
            "赤ちゃんは{when_ja}に{scope_ja}の年齢条件を超えます({scope_ja}は{}{last_ja})",
            describe_limit_ja(f.limit)
        ),
        format!("On {when_en} the baby is past {scope_en} age limit ({}{last_en})", describe_limit_en(f.limit)),
    )
}

pub(super) fn child_too_old(f: &AgeFailure) -> Violation {
    let (ja, en) = age_words(f);
    v(ViolationCode::ChildTooOld, format!("{ja}。"), format!("{en}."))
}

pub(super) fn over_recommended_age(f: &AgeFailure, reason: Option<&str>) -> Violation {
    let (ja, en) = age_words(f);
    match reason {
        Some(r) => v(
            ViolationCode::OverRecommendedAge,
            format!("{ja}。目安を超える理由: {r}"),
            format!("{en}. Reason recorded: {r}"),
        ),
        None => v(
            ViolationCode::OverRecommendedAge,
            format!("{ja}。目安を超える理由を記録すれば予約できます。"),
            format!("{en}. Record a reason to book beyond this approximate limit."),
        ),
    }
}

pub(super) fn quota_exceeded(
    service: Service,
    unit: Unit,
    limit: u32,
    counted: u32,
    units: u32,
    multiple: bool,
) -> Violation {
    let left = limit.saturating_sub(counted);
    let u = unit_ja(unit);
    let birth_ja = if multiple { "(多胎)" } else { "" };
    let birth_en = if multiple { " (multiple birth)" } else { "" };
    v(
        ViolationCode::QuotaExceeded,
        format!(
            "{}の上限{limit}{u}{birth_ja}を超えます(利用・予約済み{counted}{u}、今回{units}{u}、残り{left}{u})。",
            service.name_ja()
        ),
        format!(
            "Over the limit of {limit} {}{birth_en} for {}: {counted} used or booked, {units} asked, {left} left.",
            unit_en(unit, limit),
            service.name_en().to_lowercase()
        ),
    )
}

pub(super) fn overlapping_use(other: &DateSpan) -> Violation {
    let (ja, en) = if other.first == other.last {
        (date_ja(other.first), date_en(other.first))
    } else {
        (
            format!("{}〜{}", date_ja(other.first), date_ja(other.last)),
            format!("{} to {}", date_en(other.first), date_en(other.last)),
        )
    };
    v(
        ViolationCode::OverlappingUse,
        format!("同じ日に別の利用・予約があります({ja})。同時に2か所は利用できません。"),
        format!("Another use or booking of hers shares a day with this one ({en}); one place at a time."),
    )
}

pub(super) fn facility_closed(service: Service, days: &[NaiveDate]) -> Violation {
    let (ja, en) = if service == Service::ShortStay {
        (
            format!("チェックイン日{}は休業日です。", dates_ja(days)),
            format!("The check-in day {} is a closed day.", dates_en(days)),
        )
    } else {
        (format!("{}は休業日です。", dates_ja(days)), format!("Closed on {}.", dates_en(days)))
    };
    v(ViolationCode::FacilityClosed, ja, en)
}

pub(super) fn not_offered_that_weekday(service: Service, weekdays: &[u8], days: &[NaiveDate]) -> Violation {
    const JA: [&str; 7] = ["月", "火", "水", "木", "金", "土", "日"];
    const EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let names = |table: [&'static str; 7], sep: &str| {
        weekdays.iter().filter_map(|w| table.get(usize::from(*w)).copied()).collect::<Vec<_>>().join(sep)
    };
    v(
        ViolationCode::NotOfferedThatWeekday,
        format!("この施設の{}は{}曜日のみです({}は対象外)。", service.name_ja(), names(JA, "・"), dates_ja(days)),
        format!(
            "This facility offers {} only on {} (not {}).",
            service.name_en().to_lowercase(),
            names(EN, ", "),
            dates_en(days)
        ),
    )
}

pub(super) fn facility_full(capacity: u32, days: &[NaiveDate]) -> Violation {
    v(
        ViolationCode::FacilityFull,
        format!("{}は空きがありません(定員{capacity})。", dates_ja(days)),
        format!("No room on {} (capacity {capacity}).", dates_en(days)),
    )
}

pub(super) fn outside_visit_area(postal: &str, areas: &[String]) -> Violation {
    v(
        ViolationCode::OutsideVisitArea,
        format!("〒{postal}はこの訪問の地区(〒{})の外です。", areas.join("・〒")),
        format!("Postal code {postal} is outside this midwife's visit areas ({}).", areas.join(", ")),
    )
}

pub(super) fn outside_new_user_area(postal: &str) -> Violation {
    v(
        ViolationCode::OutsideVisitArea,
        format!("この施設は新規の方の訪問を限られた地域でのみ受けています(〒{postal}は対象外)。"),
        format!("This facility takes new users only from certain neighbourhoods; {postal} is not one of them."),
    )
}

pub(super) fn address_unconfirmed(why_ja: &str, why_en: &str) -> Violation {
    v(
        ViolationCode::AddressUnconfirmed,
        format!("{why_ja}訪問地域を確認できません。住所を確認してください。"),
        format!("{why_en} the visit area cannot be checked; confirm the address."),
    )
}

pub(super) fn must_follow_delivery(facility: &str) -> Violation {
    v(
        ViolationCode::MustFollowDelivery,
        format!("{facility}のショートステイは、出産後の入院から引き続く場合のみ利用できます。入院中であることを確認してください。"),
        format!("Stays at {facility} must continue straight from the postpartum hospital stay; confirm she is still in the maternity ward."),
    )
}

pub(super) fn no_fee_schedule(service: Service, day: NaiveDate) -> Violation {
    v(
        ViolationCode::NoFeeSchedule,
        format!("{}に適用される{}の料金表がありません。", date_ja(day), service.name_ja()),
        format!("No {} fee schedule is in force on {}.", service.name_en().to_lowercase(), date_en(day)),
    )
}

pub(super) fn pool_exceeded(pool: &str, unit: Unit, limit: u32, counted: u32, units: u32) -> Violation {
    let left = limit.saturating_sub(counted);
    let u = unit_ja(unit);
    v(
        ViolationCode::QuotaExceeded,
        format!("{pool}の上限{limit}{u}を超えます(すべてのサービスで利用・予約済み{counted}{u}、今回{units}{u}、残り{left}{u})。"),
        format!("Over the pooled limit of {limit} ({pool}) over every service: {counted} used or booked, {units} asked, {left} left."),
    )
}

pub(super) fn once_used(service: Service) -> Violation {
    v(
        ViolationCode::QuotaExceeded,
        format!("{}は1回限りの利用で、すでに利用・予約があります。", service.name_ja()),
        format!("{} may be used once only, and she already has a use.", service.name_en()),
    )
}

/// A value the program does not publish: the use is refused, never priced or counted by a guess.
pub fn program_incomplete(what_ja: &str, what_en: &str) -> Violation {
    v(
        ViolationCode::ProgramIncomplete,
        format!("事業の定義に「{what_ja}」が未確認(公表されていない)のため、受け付けられません。実施している自治体に確認し、事業の定義を更新してください。"),
        format!("The program does not say {what_en}, so this cannot be done: ask the municipality and update the program."),
    )
}

/// The violation of a program question that cannot be answered (`sango fee`, a booking's price):
/// `None` for an overflow, which is a bad value rather than a rule.
pub fn of_rule_error(e: &crate::program::RuleError, unit: Unit) -> Option<Violation> {
    use crate::program::RuleError as R;
    match e {
        R::TooShort { service, units, min_units } => Some(too_short(*service, unit, *units, *min_units)),
        R::NoFeeSchedule { service, day } => Some(no_fee_schedule(*service, *day)),
        R::Incomplete { what_ja, what_en } => Some(program_incomplete(what_ja, what_en)),
        R::NotInProgram { service } => Some(not_in_program(*service, "この事業", "the program")),
        R::Overflow => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::{AgeBound, AgeUnit};

    /// Issue 23: every violation, built with its words, is a Japanese sentence with no English.
    #[test]
    fn every_violation_has_a_japanese_sentence_without_english() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        let limit = AgeLimit { unit: AgeUnit::Months, n: 4, bound: AgeBound::Through, soft: true };
        let failure = |source, nth, total| AgeFailure {
            limit: &limit,
            source,
            day: d(12, 7),
            nth,
            total,
            last_permitted: Some(d(12, 5)),
        };
        let mut all = vec![
            unknown_card(),
            provisional_approval(),
            birth_not_registered(),
            one_visit_per_booking(3),
            date_in_past(d(12, 1), d(12, 2)),
            before_birth(d(12, 1), d(12, 2)),
            overlapping_use(&DateSpan { first: d(12, 1), last: d(12, 3) }),
            facility_full(2, &[d(12, 7), d(12, 8)]),
            outside_visit_area("1790072", &["176".into(), "177".into()]),
            outside_new_user_area("1790072"),
            address_unconfirmed("郵便番号が3けたのみです", "only the district is known"),
            must_follow_delivery("つむぎ助産所"),
            child_too_old(&failure(LimitSource::Facility, 1, 1)),
            over_recommended_age(&failure(LimitSource::Program, 3, 3), None),
            over_recommended_age(&failure(LimitSource::Program, 2, 3), Some("上の子の入院のため")),
            pool_exceeded("産後ケア利用券", Unit::Day, 15, 14, 2),
        ];
        for s in Service::ALL {
            all.extend([
                not_approved(s),
                not_in_program(s, "練馬区産後ケア事業", "Nerima"),
                not_offered(s, "つむぎ助産所"),
                too_short(s, Unit::Day, 1, 2),
                too_short(s, Unit::Visit, 0, 1),
                quota_exceeded(s, Unit::Day, 7, 6, 2, false),
                quota_exceeded(s, Unit::Visit, 4, 4, 1, true),
                facility_closed(s, &[d(12, 6)]),
                facility_closed(s, &[d(12, 6), d(12, 13)]),
                not_offered_that_weekday(s, &[1, 3, 4], &[d(12, 7)]),
                no_fee_schedule(s, d(12, 1)),
                once_used(s),
                program_incomplete(&format!("{}の料金", s.name_ja()), "the fee"),
            ]);
        }
        for code in ViolationCode::ALL {
            assert!(all.iter().any(|v| v.code == code), "{code:?} is not built here");
        }
        for v in &all {
            let ja = &v.message_ja;
            assert!(ja.ends_with('。') || ja.ends_with("ため"), "{:?}: {ja}", v.code);
            let latin = crate::app::latin_words(ja);
            assert!(latin.is_empty(), "{:?}: Latin words {latin:?} in {ja}", v.code);
        }
    }
}
