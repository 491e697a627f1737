//! A month's claims per facility: every use and no-show whose first day falls in the month
//! (the schedule in force on that day priced it).
//!
//! At the ward, which pays, every line is priced by the ward itself from the program and its own
//! approval and birth record: what a facility charged is kept beside it, and a line that differs
//! or breaks a rule carries flags, so that nothing is paid on a facility's word alone.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::directory::Directory;
use crate::ledger::{Booking, BookingStatus, MotherRecord};
use crate::money::Fee;
use crate::program::Program;
use crate::types::{Household, Service, Yen};

use super::closing::{Adjustment, Closed, LineMoney};

/// Why the ward does not simply pay a claim line. Codes as docs/cli.md spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ClaimFlag {
    /// The facility's stated total, user fee or ward amount differ from the ward's own pricing
    /// (or the program cannot price the use at all).
    FeeMismatch,
    /// No ward-approved mother for the card, or the service is not in her approval.
    UnknownCard,
    /// Her uses of the service, summed over every facility, pass the per-birth limit.
    OverLimit,
    /// The baby's age on a day of the use is outside an age limit (or the ward has no birth for her).
    Age,
}

impl ClaimFlag {
    pub fn code(self) -> &'static str {
        match self {
            ClaimFlag::FeeMismatch => "fee_mismatch",
            ClaimFlag::UnknownCard => "unknown_card",
            ClaimFlag::OverLimit => "over_limit",
            ClaimFlag::Age => "age",
        }
    }

    /// As the clerk reads it in 請求 and in the CSV.
    pub fn label_ja(self) -> &'static str {
        match self {
            ClaimFlag::FeeMismatch => "金額相違",
            ClaimFlag::UnknownCard => "未承認",
            ClaimFlag::OverLimit => "上限超過",
            ClaimFlag::Age => "月齢",
        }
    }
}

/// Who prices the claims.
#[derive(Clone, Copy)]
pub enum Pricing<'a> {
    /// A facility's own claims: its own figures, no flags.
    AsCharged,
    /// The ward's: every line priced from `program` and the ward's own records; `all` is every use
    /// the ward holds, at every facility and in every month (for the limits per birth).
    Ward { program: &'a Program, all: &'a [Booking] },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClaimUse {
    pub booking: String,
    pub card: String,
    pub approval_no: String,
    pub service: Service,
    #[ts(type = "string")]
    pub first_day: NaiveDate,
    #[ts(type = "string")]
    pub last_day: NaiveDate,
    pub units: u32,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub total_cost: Yen,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub user_fee: Yen,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub ward_amount: Yen,
    pub household: Household,
    pub no_show: bool,
    /// At the ward: what the facility charged (the line's own figures are the ward's). Absent at a facility.
    pub stated: Option<Fee>,
    /// At the ward: why the line must be looked at before it is paid; empty when it is in order.
    pub flags: Vec<ClaimFlag>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClaimTotals {
    /// Uses that happened (no-shows counted apart).
    pub uses: u32,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub total_cost: Yen,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub user_fees: Yen,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub ward_amount: Yen,
    pub no_shows: u32,
    /// Lines carrying a flag, and the ward's amount on them (included in `ward_amount`).
    pub flagged: u32,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub flagged_ward_amount: Yen,
}

impl ClaimTotals {
    fn add(&mut self, u: &ClaimUse) {
        if !u.flags.is_empty() {
            self.flagged += 1;
            self.flagged_ward_amount += u.ward_amount;
        }
        if u.no_show {
            self.no_shows += 1;
        } else {
            self.uses += 1;
        }
        self.total_cost += u.total_cost;
        self.user_fees += u.user_fee;
        self.ward_amount += u.ward_amount;
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClaimLine {
    pub facility_id: String,
    pub facility_name: String,
    /// The month's own lines (adjustments apart, in `adjusted`).
    #[serde(flatten)]
    #[ts(flatten)]
    pub totals: ClaimTotals,
    /// Every use claimed, no-shows included and flagged for the ward to decide.
    pub lines: Vec<ClaimUse>,
    /// 過誤調整: changes to uses of months already closed, carried into this month's claim.
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
    /// The adjustments' sum.
    #[serde(default)]
    pub adjusted: LineMoney,
    /// What the ward pays the facility for the month: its lines' ward amount plus the adjustments'.
    #[serde(with = "crate::money::yen_int", default)]
    #[ts(type = "number")]
    pub payable_ward_amount: Yen,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ClaimsReport {
    pub month: String,
    pub facilities: Vec<ClaimLine>,
    /// The month's own lines over every facility.
    pub totals: ClaimTotals,
    /// Every facility's adjustments summed.
    #[serde(default)]
    pub adjusted: LineMoney,
    #[serde(with = "crate::money::yen_int", default)]
    #[ts(type = "number")]
    pub payable_ward_amount: Yen,
    /// Set once the month is closed (締め済み): the lines above are then those recorded at closing.
    #[serde(default)]
    pub closed: Option<Closed>,
}

/// The claims of `month` from the month's bookings and the mothers they belong to (at the ward,
/// the ward's own records: see [`Pricing`]).
pub fn claims(
    month: &str,
    bookings: &[Booking],
    mother: impl Fn(&str) -> Option<MotherRecord>,
    directory: &Directory,
    pricing: Pricing,
) -> ClaimsReport {
    let beyond = match pricing {
        Pricing::Ward { program, all } => super::overruns::beyond_limit(all, &mother, program),
        Pricing::AsCharged => Default::default(),
    };
    let mut by_facility: BTreeMap<String, Vec<ClaimUse>> = BTreeMap::new();
    for b in bookings.iter().filter(|b| b.status.is_used() && b.claim_month() == month) {
        let m = mother(b.card.as_str());
        let household = m.as_ref().map(|m| m.approval.household).unwrap_or(Household::Standard);
        let (fee, stated, flags) = match pricing {
            Pricing::AsCharged => (b.fee, None, vec![]),
            Pricing::Ward { program, .. } => {
                let (fee, flags) = ward_pricing(b, m.as_ref(), household, program, directory, beyond.contains(&b.id));
                (fee, Some(b.fee), flags)
            }
        };
        by_facility.entry(b.facility.to_string()).or_default().push(ClaimUse {
            booking: b.id.to_string(),
            card: b.card.to_string(),
            approval_no: m.as_ref().map(|m| m.approval.approval_no.to_string()).unwrap_or_default(),
            service: b.service,
            first_day: b.first_day,
            last_day: b.last_day(),
            units: b.units,
            total_cost: fee.total_cost(),
            user_fee: fee.user_fee(),
            ward_amount: fee.ward_amount(),
            household,
            no_show: b.status == BookingStatus::NoShow,
            stated,
            flags,
        });
    }
    let mut totals = ClaimTotals::default();
    let facilities = by_facility
        .into_iter()
        .map(|(id, mut lines)| {
            lines.sort_by(|a, b| a.first_day.cmp(&b.first_day).then(a.booking.cmp(&b.booking)));
            let mut t = ClaimTotals::default();
            lines.iter().for_each(|u| {
                t.add(u);
                totals.add(u);
            });
            let facility_name = id
                .parse()
                .ok()
                .and_then(|fid| directory.get(&fid))
                .map(|f| f.short_name.clone())
                .unwrap_or_else(|| id.clone());
            let payable_ward_amount = t.ward_amount;
            ClaimLine {
                facility_id: id,
                facility_name,
                totals: t,
                lines,
                adjustments: vec![],
                adjusted: LineMoney::default(),
                payable_ward_amount,
            }
        })
        .collect();
    let payable_ward_amount = totals.ward_amount;
    ClaimsReport {
        month: month.into(),
        facilities,
        totals,
        adjusted: LineMoney::default(),
        payable_ward_amount,
        closed: None,
    }
}

/// The ward's own price of a use and the flags of its line. Priced by the ward's approval's
/// household (an unknown card: the standard one, the least the ward pays); a use the program
/// cannot price is 0 to the ward and flagged.
fn ward_pricing(
    b: &Booking,
    m: Option<&MotherRecord>,
    household: Household,
    program: &Program,
    directory: &Directory,
    over_limit: bool,
) -> (Fee, Vec<ClaimFlag>) {
    let priced = if b.status == BookingStatus::NoShow {
        program.no_show_fee(b.service, b.first_day, b.units, household)
    } else {
        program.fee(b.service, b.first_day, b.units, household)
    };
    let mut flags = Vec::new();
    let fee = match priced {
        Ok(fee) => {
            if fee != b.fee {
                flags.push(ClaimFlag::FeeMismatch);
            }
            fee
        }
        Err(_) => {
            flags.push(ClaimFlag::FeeMismatch);
            Fee::ZERO
        }
    };
    if !m.is_some_and(|m| m.approval.services.contains(&b.service)) {
        flags.push(ClaimFlag::UnknownCard);
    }
    if over_limit {
        flags.push(ClaimFlag::OverLimit);
    }
    let facility_service = directory.get(&b.facility).and_then(|f| f.service(b.service));
    let outside_age = match m.and_then(|m| m.birth) {
        Some(birth) => crate::rules::outside_age(
            program,
            facility_service,
            b.service,
            birth.date,
            b.first_day,
            b.units,
            b.reason.as_deref(),
        ),
        // The ward has no birth for her (a facility's report awaits its acceptance): not checkable.
        None => true,
    };
    if outside_age {
        flags.push(ClaimFlag::Age);
    }
    (fee, flags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Approval, ApprovalSource, Birth};
    use chrono::DateTime;
    use rust_decimal_macros::dec;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    /// The ward's record of a mother approved for day care, her baby born on 11/10.
    fn approved(card: &str, household: Household, babies: u8) -> MotherRecord {
        MotherRecord {
            approval: Approval {
                card: card.parse().unwrap(),
                approval_no: "A-1".parse().unwrap(),
                mother: "練馬 花子".parse().unwrap(),
                services: vec![Service::DayCare],
                household,
                postal: None,
                emergency: false,
                source: ApprovalSource::Ward,
                issued_on: None,
            },
            birth: Some(Birth { date: d(11, 10), babies }),
        }
    }

    /// A completed day-care day at つむぎ (生後3か月まで), charged as the program prices it for `household`.
    fn day_care(seq: u64, card: &str, day: NaiveDate, household: Household) -> Booking {
        let at =
            DateTime::parse_from_rfc3339("2026-11-20T10:00:00+09:00").unwrap() + chrono::Duration::minutes(seq as i64);
        Booking {
            id: format!("tsumugi-{seq}").parse().unwrap(),
            facility: "tsumugi".parse().unwrap(),
            card: card.parse().unwrap(),
            service: Service::DayCare,
            first_day: day,
            units: 1,
            status: BookingStatus::Completed,
            reason: None,
            fee: Program::builtin().fee(Service::DayCare, day, 1, household).unwrap(),
            cancel_by: at,
            booked_at: at,
            screening: None,
            payment: None,
        }
    }

    fn at_ward(month: &str, bookings: &[Booking], mothers: &[MotherRecord]) -> ClaimsReport {
        let program = Program::builtin();
        let mother = |card: &str| mothers.iter().find(|m| m.approval.card.as_str() == card).cloned();
        claims(month, bookings, mother, crate::directory::builtin(), Pricing::Ward { program: &program, all: bookings })
    }

    fn only_line(r: &ClaimsReport) -> &ClaimUse {
        assert_eq!(r.facilities.len(), 1);
        assert_eq!(r.facilities[0].lines.len(), 1);
        &r.facilities[0].lines[0]
    }

    #[test]
    fn a_use_in_order_is_priced_by_the_ward_and_carries_no_flag() {
        let b = day_care(1, "C-1", d(12, 8), Household::Standard);
        let r = at_ward("2026-12", std::slice::from_ref(&b), &[approved("C-1", Household::Standard, 1)]);
        let u = only_line(&r);
        assert_eq!(u.flags, vec![]);
        assert_eq!(u.stated, Some(b.fee));
        assert_eq!((u.total_cost, u.ward_amount), (b.fee.total_cost(), b.fee.ward_amount()));
        assert_eq!((r.totals.flagged, r.totals.flagged_ward_amount), (0, dec!(0)));
    }

    #[test]
    fn a_fee_the_facility_stated_otherwise_is_flagged_and_the_ward_pays_its_own_figure() {
        // Charged as for a standard household, but the ward approved her as 生活保護 (user pays nothing).
        let b = day_care(1, "C-1", d(12, 8), Household::Standard);
        let r = at_ward("2026-12", std::slice::from_ref(&b), &[approved("C-1", Household::Welfare, 1)]);
        let u = only_line(&r);
        assert_eq!(u.flags, vec![ClaimFlag::FeeMismatch]);
        let own = Program::builtin().fee(Service::DayCare, d(12, 8), 1, Household::Welfare).unwrap();
        assert_ne!(own, b.fee);
        assert_eq!((u.user_fee, u.ward_amount), (own.user_fee(), own.ward_amount()));
        assert_eq!(u.user_fee, dec!(0));
        assert_eq!(u.stated.unwrap().user_fee(), b.fee.user_fee());
        assert_eq!((r.totals.flagged, r.totals.flagged_ward_amount), (1, own.ward_amount()));
        // A forged ward amount (the total halved) too.
        let mut halved = day_care(2, "C-1", d(12, 10), Household::Standard);
        halved.fee = crate::money::Fee::new(b.fee.user_fee(), b.fee.ward_amount() / dec!(2)).unwrap();
        let r = at_ward("2026-12", &[halved], &[approved("C-1", Household::Standard, 1)]);
        assert_eq!(only_line(&r).flags, vec![ClaimFlag::FeeMismatch]);
        assert_eq!(only_line(&r).ward_amount, b.fee.ward_amount());
    }

    #[test]
    fn a_card_the_ward_never_approved_or_a_service_not_in_her_approval_is_flagged() {
        let b = day_care(1, "C-9", d(12, 8), Household::Standard);
        let r = at_ward("2026-12", &[b], &[approved("C-1", Household::Standard, 1)]);
        let u = only_line(&r);
        assert!(u.flags.contains(&ClaimFlag::UnknownCard), "{:?}", u.flags);
        // Approved, but not for day care.
        let mut m = approved("C-1", Household::Standard, 1);
        m.approval.services = vec![Service::HomeVisit];
        let r = at_ward("2026-12", &[day_care(2, "C-1", d(12, 8), Household::Standard)], &[m]);
        assert_eq!(only_line(&r).flags, vec![ClaimFlag::UnknownCard]);
    }

    #[test]
    fn the_uses_past_her_limit_over_every_facility_are_flagged() {
        // Day care: 12 days per birth. Thirteen days, the last booked at another facility.
        let mut uses: Vec<Booking> =
            (1..=12).map(|i| day_care(i, "C-1", d(12, i as u32 + 1), Household::Standard)).collect();
        let mut pao = day_care(13, "C-1", d(12, 20), Household::Standard);
        pao.id = "pao-13".parse().unwrap();
        pao.facility = "pao".parse().unwrap();
        uses.push(pao);
        let r = at_ward("2026-12", &uses, &[approved("C-1", Household::Standard, 1)]);
        let flagged: Vec<&str> = r
            .facilities
            .iter()
            .flat_map(|f| &f.lines)
            .filter(|u| u.flags.contains(&ClaimFlag::OverLimit))
            .map(|u| u.booking.as_str())
            .collect();
        assert_eq!(flagged, vec!["pao-13"]);
        // Twins: 18 days, none over.
        let r = at_ward("2026-12", &uses, &[approved("C-1", Household::Standard, 2)]);
        assert_eq!(r.totals.flagged, 0);
    }

    #[test]
    fn a_use_outside_the_babys_age_or_without_a_ward_birth_is_flagged() {
        // つむぎ's day care: 生後3か月まで. Born 11/10, 2027-03-12 is 4 months on; 2026-12-08 is not.
        let late = day_care(1, "C-1", NaiveDate::from_ymd_opt(2027, 3, 12).unwrap(), Household::Standard);
        let r = at_ward("2027-03", &[late], &[approved("C-1", Household::Standard, 1)]);
        assert_eq!(only_line(&r).flags, vec![ClaimFlag::Age]);
        // Before the birth the ward recorded.
        let early = day_care(2, "C-1", d(11, 5), Household::Standard);
        let r = at_ward("2026-11", &[early], &[approved("C-1", Household::Standard, 1)]);
        assert_eq!(only_line(&r).flags, vec![ClaimFlag::Age]);
        // No birth at the ward (a facility's report not yet accepted): cannot be checked.
        let mut m = approved("C-1", Household::Standard, 1);
        m.birth = None;
        let r = at_ward("2026-12", &[day_care(3, "C-1", d(12, 8), Household::Standard)], &[m]);
        assert_eq!(only_line(&r).flags, vec![ClaimFlag::Age]);
    }

    #[test]
    fn at_a_facility_the_lines_are_its_own_figures_without_flags() {
        let b = day_care(1, "C-9", d(12, 8), Household::Standard);
        let r = claims("2026-12", std::slice::from_ref(&b), |_| None, crate::directory::builtin(), Pricing::AsCharged);
        let u = only_line(&r);
        assert_eq!((u.flags.len(), u.stated, u.ward_amount), (0, None, b.fee.ward_amount()));
    }
}
