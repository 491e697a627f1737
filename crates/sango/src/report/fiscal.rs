//! The fiscal year's 実績 (the ward's report to the prefecture and the state): per service 実人数
//! (unique mothers), 延べ人数 (uses) and 延べ日数 or 回数 (days, visits); by household, by the
//! baby's age at use, multiple births; cancellations and no-shows; 利用率.
//!
//! Every figure is counted over the uses that carry its key ([`keys_of`]), and the same keys
//! open a figure to its uses ([`uses_behind`]): the list and the number cannot disagree.
//! A use counts in the fiscal year of its first day (`calendar::fiscal_year_of`), as its claim
//! counts in that day's month. Sibling counts are not recorded by this build: the report says
//! so (`siblings: null`) instead of showing zeros.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::calendar::{completed_months, fiscal_year_days, fiscal_year_ja};
use crate::ledger::{Booking, BookingStatus, MotherRecord};
use crate::types::{Household, Service};

/// One figure of a table: the uses behind it, counted three ways.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FiscalRow {
    /// What opens the figure to its uses (`fiscal_uses`).
    pub key: String,
    /// The row's group as the table shows it (a household, an age band…).
    pub group: String,
    /// The service, none for a row over every service.
    pub service: Option<Service>,
    /// 実人数: different mothers, whatever the facility or service.
    pub mothers: u32,
    /// 延べ人数: uses.
    pub uses: u32,
    /// 延べ日数 (stays, day care) or 回数 (visits); none over every service (days and visits do not add).
    pub units: Option<u32>,
}

/// One table of the report.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FiscalTable {
    pub id: String,
    pub title: String,
    pub rows: Vec<FiscalRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FiscalReport {
    pub fiscal_year: i32,
    /// 「2026年度（令和8年度）」
    pub label: String,
    #[ts(type = "string")]
    pub from: NaiveDate,
    #[ts(type = "string")]
    pub to: NaiveDate,
    /// サービス別, 世帯区分別, 月齢別, 多胎, 取消・不参加: in that order.
    pub tables: Vec<FiscalTable>,
    /// Different mothers who used any service in the year.
    pub mothers: u32,
    /// Births the ward registered with a birth date in the year.
    pub births: u32,
    /// 利用率 = mothers / births, in percent to one decimal; none without a birth.
    pub utilization_percent: Option<f64>,
    /// Siblings are not recorded by this build: none, never zeros.
    pub siblings: Option<FiscalTable>,
    /// The year's screenings and 連絡票, from the care record the facilities sent (totals and
    /// flags, never item scores): `FiscalReport::with_care`; none where no care record was read.
    pub screenings: Option<ScreeningFigures>,
    pub referrals: Option<ReferralFigures>,
}

/// The year's screenings (issue 18): each screened day, and the mothers behind them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ScreeningFigures {
    pub screenings: u32,
    /// EPDS total at or above the program's threshold.
    pub epds_at_or_above: u32,
    pub high_need: u32,
    pub mothers_screened: u32,
    pub mothers_high_need: u32,
}

/// The year's 連絡票, by the ward's latest answer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReferralFigures {
    pub referrals: u32,
    pub urgent: u32,
    pub unanswered: u32,
    pub received: u32,
    pub in_progress: u32,
    pub done: u32,
}

impl FiscalReport {
    /// The report with the year's care figures (`report::care::tally` over the same dates).
    pub fn with_care(mut self, t: &crate::report::care::CareTally) -> FiscalReport {
        self.screenings = Some(ScreeningFigures {
            screenings: t.screenings,
            epds_at_or_above: t.epds_at_or_above,
            high_need: t.high_need,
            mothers_screened: t.mothers_screened,
            mothers_high_need: t.mothers_high_need,
        });
        self.referrals = Some(ReferralFigures {
            referrals: t.referrals,
            urgent: t.urgent,
            unanswered: t.unanswered,
            received: t.received,
            in_progress: t.in_progress,
            done: t.done,
        });
        self
    }
}

/// The baby's age at the first day of a use, in the bands the subsidy counts.
fn age_band(m: Option<&MotherRecord>, first_day: NaiveDate) -> &'static str {
    match m.and_then(|m| m.birth) {
        Some(b) if completed_months(b.date, first_day) < 4 => "under_4_months",
        Some(_) => "4_months_and_over",
        None => "unknown",
    }
}

fn age_label(band: &str) -> &'static str {
    match band {
        "under_4_months" => "4か月未満",
        "4_months_and_over" => "4か月以上",
        _ => "出生の記録なし",
    }
}

fn outcome_of(status: BookingStatus) -> Option<&'static str> {
    match status {
        BookingStatus::Cancelled => Some("cancelled"),
        BookingStatus::NoShow => Some("no_show"),
        BookingStatus::Refused => Some("refused"),
        _ => None,
    }
}

fn outcome_label(o: &str) -> &'static str {
    match o {
        "cancelled" => "期限内の取消",
        "no_show" => "不参加(みなし利用)",
        _ => "受入不可(当日の確認)",
    }
}

/// Every figure key a use counts under: a completed use in the tables of uses, a cancelled,
/// no-show or refused one under its outcome. Each key is `table:group:service` (`all` over
/// every service).
pub fn keys_of(b: &Booking, m: Option<&MotherRecord>) -> Vec<String> {
    let mut groups: Vec<String> = Vec::new();
    if b.status == BookingStatus::Completed {
        groups.push("service:used".into());
        let household = m.map(|m| m.approval.household).unwrap_or(Household::Standard);
        groups.push(format!("household:{}", household.code()));
        groups.push(format!("age:{}", age_band(m, b.first_day)));
        if m.and_then(|m| m.birth).is_some_and(|b| b.babies >= 2) {
            groups.push("multiple:yes".into());
        }
    } else if let Some(o) = outcome_of(b.status) {
        groups.push(format!("outcome:{o}"));
    }
    groups.into_iter().flat_map(|g| [format!("{g}:{}", b.service.code()), format!("{g}:all")]).collect()
}

/// The uses of fiscal year `fy` among `bookings` (each use's first day in the year).
fn in_year(fy: i32, bookings: &[Booking]) -> impl Iterator<Item = &Booking> {
    let (from, to) = fiscal_year_days(fy).unwrap_or((NaiveDate::MAX, NaiveDate::MIN));
    bookings.iter().filter(move |b| b.first_day >= from && b.first_day <= to)
}

/// The 実績 of fiscal year `fy`: `bookings` are the ward's (every facility's), `mother` its own
/// record of each card, `births` every birth date it registered.
pub fn fiscal_report(
    fy: i32,
    bookings: &[Booking],
    mother: impl Fn(&str) -> Option<MotherRecord>,
    births: &[NaiveDate],
) -> FiscalReport {
    let (from, to) = fiscal_year_days(fy).unwrap_or((NaiveDate::MIN, NaiveDate::MIN));
    // Per key: the cards, the uses and the units behind it.
    let mut figures: BTreeMap<String, (BTreeSet<String>, u32, u32)> = BTreeMap::new();
    for b in in_year(fy, bookings) {
        let m = mother(b.card.as_str());
        for k in keys_of(b, m.as_ref()) {
            let f = figures.entry(k).or_default();
            f.0.insert(b.card.to_string());
            f.1 += 1;
            f.2 += b.units;
        }
    }
    let row = |group_key: &str, group: &str, service: Option<Service>| {
        let key = format!("{group_key}:{}", service.map(|s| s.code()).unwrap_or("all"));
        let (cards, uses, units) = figures.get(&key).cloned().unwrap_or_default();
        FiscalRow {
            key,
            group: group.into(),
            service,
            mothers: cards.len() as u32,
            uses,
            units: service.map(|_| units),
        }
    };
    let per_service = |group_key: &str, group: &str| -> Vec<FiscalRow> {
        Service::ALL.iter().map(|&s| row(group_key, group, Some(s))).chain([row(group_key, group, None)]).collect()
    };
    let table = |id: &str, title: &str, rows: Vec<FiscalRow>| FiscalTable { id: id.into(), title: title.into(), rows };
    let tables = vec![
        table("service", "サービス別", per_service("service:used", "利用")),
        table(
            "household",
            "世帯区分別",
            Household::ALL.iter().flat_map(|h| per_service(&format!("household:{}", h.code()), h.name_ja())).collect(),
        ),
        table(
            "age",
            "利用時の月齢別",
            ["under_4_months", "4_months_and_over", "unknown"]
                .iter()
                .flat_map(|a| per_service(&format!("age:{a}"), age_label(a)))
                .collect(),
        ),
        table("multiple", "多胎", per_service("multiple:yes", "多胎")),
        table(
            "outcome",
            "取消・不参加",
            ["cancelled", "no_show", "refused"]
                .iter()
                .flat_map(|o| per_service(&format!("outcome:{o}"), outcome_label(o)))
                .collect(),
        ),
    ];
    let mothers = figures.get("service:used:all").map(|f| f.0.len() as u32).unwrap_or(0);
    let births = births.iter().filter(|d| **d >= from && **d <= to).count() as u32;
    let utilization_percent = (births > 0).then(|| (f64::from(mothers) * 1000.0 / f64::from(births)).round() / 10.0);
    FiscalReport {
        fiscal_year: fy,
        label: fiscal_year_ja(fy),
        from,
        to,
        tables,
        mothers,
        births,
        utilization_percent,
        siblings: None,
        screenings: None,
        referrals: None,
    }
}

/// The uses behind the figure `key` of fiscal year `fy`, in date order.
pub fn uses_behind<'a>(
    fy: i32,
    key: &str,
    bookings: &'a [Booking],
    mother: impl Fn(&str) -> Option<MotherRecord>,
) -> Vec<&'a Booking> {
    let mut out: Vec<&Booking> = in_year(fy, bookings)
        .filter(|b| keys_of(b, mother(b.card.as_str()).as_ref()).iter().any(|k| k == key))
        .collect();
    out.sort_by_key(|a| (a.first_day, a.id.to_string()));
    out
}

/// The age band of a use, in words (for the list of uses behind a figure).
pub fn age_band_ja(m: Option<&MotherRecord>, first_day: NaiveDate) -> &'static str {
    age_label(age_band(m, first_day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Approval, ApprovalSource, Birth};
    use crate::money::Fee;
    use chrono::DateTime;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn mother(card: &str, household: Household, born: NaiveDate, babies: u8) -> MotherRecord {
        MotherRecord {
            approval: Approval {
                card: card.parse().unwrap(),
                approval_no: "A-1".parse().unwrap(),
                mother: "練馬 花子".parse().unwrap(),
                services: Service::ALL.to_vec(),
                household,
                postal: None,
                emergency: false,
                source: ApprovalSource::Ward,
                issued_on: None,
            },
            birth: Some(Birth { date: born, babies }),
        }
    }

    fn use_(
        id: &str,
        card: &str,
        service: Service,
        first_day: NaiveDate,
        units: u32,
        status: BookingStatus,
    ) -> Booking {
        let at = DateTime::parse_from_rfc3339("2026-04-01T10:00:00+09:00").unwrap();
        Booking {
            id: id.parse().unwrap(),
            facility: id.split('-').next().unwrap().parse().unwrap(),
            card: card.parse().unwrap(),
            service,
            first_day,
            units,
            status,
            reason: None,
            fee: Fee::ZERO,
            cancel_by: at,
            booked_at: at,
            screening: None,
            payment: None,
        }
    }

    fn report(bookings: &[Booking], mothers: &[MotherRecord]) -> FiscalReport {
        let births: Vec<NaiveDate> = mothers.iter().filter_map(|m| m.birth.map(|b| b.date)).collect();
        fiscal_report(2026, bookings, |c| mothers.iter().find(|m| m.approval.card.as_str() == c).cloned(), &births)
    }

    fn figure<'a>(r: &'a FiscalReport, key: &str) -> &'a FiscalRow {
        r.tables.iter().flat_map(|t| &t.rows).find(|row| row.key == key).unwrap_or_else(|| panic!("no figure {key}"))
    }

    #[test]
    fn a_stay_across_march_31_counts_in_the_year_it_began_and_april_1_in_the_next() {
        let m = [mother("C-1", Household::Standard, d(2027, 1, 10), 1)];
        let across = use_("pao-1", "C-1", Service::ShortStay, d(2027, 3, 31), 2, BookingStatus::Completed);
        let april = use_("pao-2", "C-1", Service::ShortStay, d(2027, 4, 1), 2, BookingStatus::Completed);
        let before = use_("pao-3", "C-1", Service::DayCare, d(2026, 3, 31), 1, BookingStatus::Completed);
        let r = report(&[across, april, before], &m);
        let stays = figure(&r, "service:used:short-stay");
        assert_eq!((stays.mothers, stays.uses, stays.units), (1, 1, Some(2)), "both days of the stay in 2026年度");
        assert_eq!(figure(&r, "service:used:day-care").uses, 0, "3/31 of the year before is 2025年度");
        assert_eq!(
            fiscal_report(
                2027,
                &[use_("pao-2", "C-1", Service::ShortStay, d(2027, 4, 1), 2, BookingStatus::Completed)],
                |_| None,
                &[]
            )
            .tables[0]
                .rows[0]
                .uses,
            1
        );
    }

    #[test]
    fn a_mother_at_two_facilities_and_two_services_is_one_person_and_three_uses() {
        let m =
            [mother("C-1", Household::Welfare, d(2026, 5, 1), 1), mother("C-2", Household::Standard, d(2026, 6, 1), 2)];
        let uses = [
            use_("pao-1", "C-1", Service::DayCare, d(2026, 6, 2), 1, BookingStatus::Completed),
            use_("tsumugi-1", "C-1", Service::DayCare, d(2026, 6, 9), 1, BookingStatus::Completed),
            use_("tsumugi-2", "C-1", Service::HomeVisit, d(2026, 7, 1), 1, BookingStatus::Completed),
            use_("tsumugi-3", "C-2", Service::ShortStay, d(2026, 11, 1), 3, BookingStatus::Completed),
            use_("tsumugi-4", "C-2", Service::DayCare, d(2026, 11, 10), 1, BookingStatus::NoShow),
        ];
        let r = report(&uses, &m);
        let day_care = figure(&r, "service:used:day-care");
        assert_eq!((day_care.mothers, day_care.uses, day_care.units), (1, 2, Some(2)));
        let all = figure(&r, "service:used:all");
        assert_eq!((all.mothers, all.uses, all.units), (2, 4, None));
        assert_eq!(figure(&r, "household:welfare:all").uses, 3);
        assert_eq!(figure(&r, "household:standard:all").uses, 1);
        // C-2's babies were 5 months old at the stay; C-1's 1 and 2 months.
        assert_eq!(figure(&r, "age:4_months_and_over:all").mothers, 1);
        assert_eq!(figure(&r, "age:under_4_months:all").uses, 3);
        assert_eq!(figure(&r, "multiple:yes:short-stay").units, Some(3));
        // The no-show is not a use, but an outcome.
        assert_eq!(figure(&r, "outcome:no_show:day-care").uses, 1);
        assert_eq!(r.mothers, 2);
        assert_eq!((r.births, r.utilization_percent), (2, Some(100.0)));
    }

    #[test]
    fn every_figure_opens_to_exactly_the_uses_it_counts() {
        let m = [mother("C-1", Household::NonTaxable, d(2026, 5, 1), 1)];
        let uses = [
            use_("pao-1", "C-1", Service::DayCare, d(2026, 6, 2), 1, BookingStatus::Completed),
            use_("pao-2", "C-1", Service::DayCare, d(2026, 12, 2), 1, BookingStatus::Completed),
            use_("pao-3", "C-1", Service::DayCare, d(2026, 6, 5), 1, BookingStatus::Cancelled),
        ];
        let r = report(&uses, &m);
        let lookup = |c: &str| m.iter().find(|x| x.approval.card.as_str() == c).cloned();
        for row in r.tables.iter().flat_map(|t| &t.rows) {
            let behind = uses_behind(2026, &row.key, &uses, lookup);
            assert_eq!(behind.len() as u32, row.uses, "{}", row.key);
            assert_eq!(
                behind.iter().map(|b| b.card.as_str()).collect::<BTreeSet<_>>().len() as u32,
                row.mothers,
                "{}",
                row.key
            );
        }
        let ids: Vec<String> = uses_behind(2026, "age:4_months_and_over:day-care", &uses, lookup)
            .iter()
            .map(|b| b.id.to_string())
            .collect();
        assert_eq!(ids, vec!["pao-2"]);
    }

    #[test]
    fn siblings_screenings_and_referrals_are_absent_not_zero_and_no_birth_means_no_rate() {
        let r = fiscal_report(2026, &[], |_| None, &[]);
        assert_eq!((r.siblings.is_none(), r.screenings.is_none(), r.referrals.is_none()), (true, true, true));
        assert_eq!(r.utilization_percent, None);
        let json = serde_json::to_value(&r).unwrap();
        assert!(json["siblings"].is_null());
    }
}
