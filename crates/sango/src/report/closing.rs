//! Closing a month's claims (締め) and what changes after it (過誤調整), as pure functions over
//! the closed months' recorded claims and the same months' claims as they stand now.
//!
//! A closed month's lines never change: the ward has paid them. What the ward has paid for a use
//! of a closed month is its closed line plus every adjustment later closes recorded for it; when
//! the use as it stands now differs from that, the difference is an adjustment in the first open
//! month's claims, naming the month the use belongs to and why. Summed over every close and the
//! pending adjustments, the ward pays exactly what the claims computed afresh say
//! (`tests::closed_lines_plus_adjustments_equal_the_claims_from_scratch`).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::claims::{ClaimLine, ClaimTotals, ClaimUse, ClaimsReport};
use crate::types::{Service, Yen};

/// The money of a claim line, or of a difference between two (then signed).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LineMoney {
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub total_cost: Yen,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub user_fee: Yen,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub ward_amount: Yen,
}

impl LineMoney {
    pub fn of(u: &ClaimUse) -> LineMoney {
        LineMoney { total_cost: u.total_cost, user_fee: u.user_fee, ward_amount: u.ward_amount }
    }

    fn plus(self, o: LineMoney) -> LineMoney {
        LineMoney {
            total_cost: self.total_cost + o.total_cost,
            user_fee: self.user_fee + o.user_fee,
            ward_amount: self.ward_amount + o.ward_amount,
        }
    }

    fn minus(self, o: LineMoney) -> LineMoney {
        LineMoney {
            total_cost: self.total_cost - o.total_cost,
            user_fee: self.user_fee - o.user_fee,
            ward_amount: self.ward_amount - o.ward_amount,
        }
    }
}

/// Why a use of a closed month is adjusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AdjustmentReason {
    /// Not in the month's claim when it was closed (a late import): claimed now.
    Late,
    /// Its figures changed since (a correction, a cancellation priced differently, the ward's
    /// household for her corrected).
    Corrected,
    /// No longer a use of that month (cancelled in time, refused, moved to another month): what
    /// was paid for it is taken back.
    Withdrawn,
}

impl AdjustmentReason {
    /// As the clerk reads it in 請求, on the printed claim and in the workbook.
    pub fn label_ja(self) -> &'static str {
        match self {
            AdjustmentReason::Late => "締め後の追加",
            AdjustmentReason::Corrected => "金額の訂正",
            AdjustmentReason::Withdrawn => "取消・変更による戻し",
        }
    }
}

/// One 過誤調整 line: the difference between what the ward paid for a use of a closed month and
/// the use as it stands now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Adjustment {
    pub facility_id: String,
    pub booking: String,
    pub card: String,
    pub service: Service,
    /// The closed month the use belongs to.
    pub month: String,
    pub reason: AdjustmentReason,
    /// What the ward had paid for it (none: nothing yet).
    pub was: Option<LineMoney>,
    /// The use as it stands now (none: no longer a use of that month).
    pub now: Option<LineMoney>,
    /// `now − was`, signed.
    pub difference: LineMoney,
}

/// Who closed a month and when, and whether facilities had not yet exported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Closed {
    #[ts(type = "string")]
    pub at: DateTime<FixedOffset>,
    pub by: String,
    /// Closed although `missing_exports` had not exported since the month ended (the officer said so).
    pub anyway: bool,
    pub missing_exports: Vec<String>,
}

/// One use as far as paying for it goes.
#[derive(Debug, Clone, PartialEq)]
struct Paid {
    facility_id: String,
    card: String,
    service: Service,
    money: LineMoney,
    /// Whether the ward counts it a use of the month (a withdrawn one is not).
    present: bool,
}

fn key(month: &str, booking: &str) -> (String, String) {
    (month.to_string(), booking.to_string())
}

/// What the ward has paid, per (month, booking), after the recorded `closes` (in the order they
/// were closed): each closed line, plus the adjustments later closes carried for it.
fn paid(closes: &[ClaimsReport]) -> BTreeMap<(String, String), Paid> {
    let mut paid = BTreeMap::new();
    for close in closes {
        for f in &close.facilities {
            for u in &f.lines {
                paid.insert(
                    key(&close.month, &u.booking),
                    Paid {
                        facility_id: f.facility_id.clone(),
                        card: u.card.clone(),
                        service: u.service,
                        money: LineMoney::of(u),
                        present: true,
                    },
                );
            }
            for a in &f.adjustments {
                let p = paid.entry(key(&a.month, &a.booking)).or_insert_with(|| Paid {
                    facility_id: a.facility_id.clone(),
                    card: a.card.clone(),
                    service: a.service,
                    money: LineMoney::default(),
                    present: false,
                });
                p.money = p.money.plus(a.difference);
                p.present = a.now.is_some();
            }
        }
    }
    paid
}

/// The adjustments the first open month carries: for every use of a closed month, the difference
/// between what the ward paid (`closes`, in closing order) and the same months' claims as they
/// stand now (`current`, one report per closed month). In facility, month and booking order.
pub fn adjustments(closes: &[ClaimsReport], current: &[ClaimsReport]) -> Vec<Adjustment> {
    let paid = paid(closes);
    let mut now: BTreeMap<(String, String), (String, &ClaimUse)> = BTreeMap::new();
    for r in current {
        for f in &r.facilities {
            for u in &f.lines {
                now.insert(key(&r.month, &u.booking), (f.facility_id.clone(), u));
            }
        }
    }
    let mut out = Vec::new();
    for (k, (facility_id, u)) in &now {
        let money = LineMoney::of(u);
        let (reason, was) = match paid.get(k).filter(|p| p.present) {
            None => (AdjustmentReason::Late, None),
            Some(p) if p.money != money => (AdjustmentReason::Corrected, Some(p.money)),
            Some(_) => continue,
        };
        let difference = money.minus(was.unwrap_or_default());
        out.push(Adjustment {
            facility_id: facility_id.clone(),
            booking: u.booking.clone(),
            card: u.card.clone(),
            service: u.service,
            month: k.0.clone(),
            reason,
            was,
            now: Some(money),
            difference,
        });
    }
    for (k, p) in paid.iter().filter(|(k, p)| p.present && !now.contains_key(*k)) {
        let difference = LineMoney::default().minus(p.money);
        out.push(Adjustment {
            facility_id: p.facility_id.clone(),
            booking: k.1.clone(),
            card: p.card.clone(),
            service: p.service,
            month: k.0.clone(),
            reason: AdjustmentReason::Withdrawn,
            was: Some(p.money),
            now: None,
            difference,
        });
    }
    out.sort_by(|a, b| (&a.facility_id, &a.month, &a.booking).cmp(&(&b.facility_id, &b.month, &b.booking)));
    out
}

/// The month's claims with `adjustments` carried in: each facility's adjustments and their sum,
/// and what the ward pays (a facility with adjustments only gets a claim of its own).
pub fn with_adjustments(
    mut report: ClaimsReport,
    adjustments: Vec<Adjustment>,
    facility_name: impl Fn(&str) -> String,
) -> ClaimsReport {
    for a in adjustments {
        let i = match report.facilities.iter().position(|f| f.facility_id == a.facility_id) {
            Some(i) => i,
            None => {
                report.facilities.push(ClaimLine {
                    facility_name: facility_name(&a.facility_id),
                    facility_id: a.facility_id.clone(),
                    totals: ClaimTotals::default(),
                    lines: vec![],
                    adjustments: vec![],
                    adjusted: LineMoney::default(),
                    payable_ward_amount: Yen::ZERO,
                });
                report.facilities.len() - 1
            }
        };
        report.facilities[i].adjustments.push(a);
    }
    report.facilities.sort_by(|a, b| a.facility_id.cmp(&b.facility_id));
    report.adjusted = LineMoney::default();
    for f in &mut report.facilities {
        f.adjusted = f.adjustments.iter().fold(LineMoney::default(), |m, a| m.plus(a.difference));
        f.payable_ward_amount = f.totals.ward_amount + f.adjusted.ward_amount;
        report.adjusted = report.adjusted.plus(f.adjusted);
    }
    report.payable_ward_amount = report.totals.ward_amount + report.adjusted.ward_amount;
    report
}

/// The month after `month` (`YYYY-MM`), or none when it is not a month.
pub fn next_month(month: &str) -> Option<String> {
    let (y, m) = month.split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    if !(1..=12).contains(&m) {
        return None;
    }
    Some(if m == 12 { format!("{:04}-01", y + 1) } else { format!("{y:04}-{:02}", m + 1) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Booking, BookingStatus};
    use crate::program::Program;
    use crate::report::{claims, Pricing};
    use crate::types::Household;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn booking(seq: u64, facility: &str, first_day: NaiveDate, units: u32, status: BookingStatus) -> Booking {
        let at = DateTime::parse_from_rfc3339("2026-04-01T10:00:00+09:00").unwrap();
        let fee = Program::builtin().fee(Service::DayCare, first_day, units, Household::Standard).unwrap();
        Booking {
            id: format!("{facility}-{seq}").parse().unwrap(),
            facility: facility.parse().unwrap(),
            card: format!("C-{}", seq % 5).parse().unwrap(),
            service: Service::DayCare,
            first_day,
            units,
            status,
            reason: None,
            fee,
            cancel_by: at,
            booked_at: at,
            screening: None,
            payment: None,
        }
    }

    fn month_claims(month: &str, bookings: &[Booking]) -> ClaimsReport {
        claims(month, bookings, |_| None, crate::directory::builtin(), Pricing::AsCharged)
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn a_use_imported_after_its_month_closed_is_a_late_adjustment_in_the_next_month() {
        let first = booking(1, "tsumugi", d(5, 12), 1, BookingStatus::Completed);
        let closed = month_claims("2026-05", std::slice::from_ref(&first));
        let late = booking(2, "pao", d(5, 20), 2, BookingStatus::Completed);
        let now = month_claims("2026-05", &[first, late.clone()]);
        let adj = adjustments(&[closed], &[now]);
        assert_eq!(adj.len(), 1);
        assert_eq!(
            (adj[0].reason, adj[0].month.as_str(), adj[0].booking.as_str(), adj[0].was),
            (AdjustmentReason::Late, "2026-05", "pao-2", None)
        );
        assert_eq!(adj[0].difference.ward_amount, late.fee.ward_amount());
    }

    #[test]
    fn a_use_cancelled_or_repriced_after_closing_is_withdrawn_or_corrected_by_the_difference() {
        let a = booking(1, "tsumugi", d(5, 12), 2, BookingStatus::Completed);
        let b = booking(2, "tsumugi", d(5, 13), 1, BookingStatus::Completed);
        let closed = month_claims("2026-05", &[a.clone(), b.clone()]);
        let mut one_day = a.clone();
        one_day.units = 1;
        one_day.fee = b.fee;
        let mut cancelled = b.clone();
        cancelled.status = BookingStatus::Cancelled;
        let adj = adjustments(&[closed], &[month_claims("2026-05", &[one_day, cancelled])]);
        let reasons: Vec<_> = adj.iter().map(|a| (a.booking.as_str(), a.reason, a.difference.ward_amount)).collect();
        assert_eq!(
            reasons,
            vec![
                ("tsumugi-1", AdjustmentReason::Corrected, b.fee.ward_amount() - a.fee.ward_amount()),
                ("tsumugi-2", AdjustmentReason::Withdrawn, -b.fee.ward_amount())
            ]
        );
    }

    #[test]
    fn an_adjustment_recorded_by_a_later_close_is_not_carried_again() {
        let a = booking(1, "tsumugi", d(5, 12), 1, BookingStatus::Completed);
        let may = month_claims("2026-05", &[]);
        let now = month_claims("2026-05", &[a]);
        let pending = adjustments(std::slice::from_ref(&may), std::slice::from_ref(&now));
        let june = with_adjustments(month_claims("2026-06", &[]), pending, |f| f.to_string());
        assert_eq!(june.facilities.len(), 1, "a facility with adjustments only has a claim");
        assert_eq!(june.payable_ward_amount, june.adjusted.ward_amount);
        assert!(adjustments(&[may, june], &[now]).is_empty());
    }

    #[test]
    fn the_month_after_december_is_january() {
        assert_eq!(next_month("2026-12").as_deref(), Some("2027-01"));
        assert_eq!(next_month("2027-03").as_deref(), Some("2027-04"));
        assert_eq!(next_month("2027-13"), None);
    }

    /// One step of the model: a use arrives (or is imported late), changes, is cancelled, or the
    /// first open month is closed.
    #[derive(Debug, Clone)]
    enum Step {
        Add { month: u32, day: u32, units: u32, facility: bool },
        Change { which: usize, units: u32 },
        Move { which: usize, month: u32 },
        Cancel { which: usize },
        NoShow { which: usize },
        Close,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            3 => (4u32..10, 1u32..28, 1u32..4, any::<bool>()).prop_map(|(month, day, units, facility)| Step::Add { month, day, units, facility }),
            1 => (any::<usize>(), 1u32..4).prop_map(|(which, units)| Step::Change { which, units }),
            1 => (any::<usize>(), 4u32..10).prop_map(|(which, month)| Step::Move { which, month }),
            1 => any::<usize>().prop_map(|which| Step::Cancel { which }),
            1 => any::<usize>().prop_map(|which| Step::NoShow { which }),
            2 => Just(Step::Close),
        ]
    }

    fn month_of(m: u32) -> String {
        format!("2026-{m:02}")
    }

    proptest! {
        #[test]
        fn closed_lines_plus_adjustments_equal_the_claims_from_scratch(steps in proptest::collection::vec(step(), 1..60)) {
            let mut bookings: Vec<Booking> = Vec::new();
            let mut closes: Vec<ClaimsReport> = Vec::new();
            let mut next_open = 4u32;
            for s in steps {
                let n = bookings.len();
                match s {
                    Step::Add { month, day, units, facility } => {
                        let f = if facility { "pao" } else { "tsumugi" };
                        bookings.push(booking(n as u64 + 1, f, d(month, day), units, BookingStatus::Completed));
                    }
                    Step::Change { which, units } if n > 0 => {
                        let b = &mut bookings[which % n];
                        b.units = units;
                        b.fee = Program::builtin().fee(Service::DayCare, b.first_day, units, Household::Standard).unwrap();
                    }
                    Step::Move { which, month } if n > 0 => {
                        let b = &mut bookings[which % n];
                        b.first_day = d(month, 1);
                    }
                    Step::Cancel { which } if n > 0 => bookings[which % n].status = BookingStatus::Cancelled,
                    Step::NoShow { which } if n > 0 => {
                        let b = &mut bookings[which % n];
                        b.status = BookingStatus::NoShow;
                        b.fee = Program::builtin().no_show_fee(Service::DayCare, b.first_day, b.units, Household::Standard).unwrap();
                    }
                    Step::Close if next_open < 10 => {
                        let current: Vec<ClaimsReport> = closes.iter().map(|c| month_claims(&c.month, &bookings)).collect();
                        let pending = adjustments(&closes, &current);
                        closes.push(with_adjustments(month_claims(&month_of(next_open), &bookings), pending, |f| f.to_string()));
                        next_open += 1;
                    }
                    _ => {}
                }
            }
            // What the first open month would carry now.
            let current: Vec<ClaimsReport> = closes.iter().map(|c| month_claims(&c.month, &bookings)).collect();
            let pending = adjustments(&closes, &current);
            // Per closed month and use: closed line + every adjustment for it = the claim from scratch.
            let mut paid: BTreeMap<(String, String), LineMoney> = BTreeMap::new();
            for c in &closes {
                for f in &c.facilities {
                    for u in &f.lines {
                        let e = paid.entry(key(&c.month, &u.booking)).or_default();
                        *e = e.plus(LineMoney::of(u));
                    }
                }
            }
            for a in closes.iter().flat_map(|c| c.facilities.iter().flat_map(|f| f.adjustments.iter())).chain(pending.iter()) {
                let e = paid.entry(key(&a.month, &a.booking)).or_default();
                *e = e.plus(a.difference);
            }
            let mut scratch: BTreeMap<(String, String), LineMoney> = BTreeMap::new();
            for r in &current {
                for f in &r.facilities {
                    for u in &f.lines {
                        scratch.insert(key(&r.month, &u.booking), LineMoney::of(u));
                    }
                }
            }
            paid.retain(|_, m| *m != LineMoney::default() );
            scratch.retain(|_, m| *m != LineMoney::default());
            prop_assert_eq!(&paid, &scratch);
            // And the ward's totals: every close's payable amount plus the pending adjustments.
            let paid_total: Yen = closes.iter().map(|c| c.payable_ward_amount).sum::<Yen>() + pending.iter().map(|a| a.difference.ward_amount).sum::<Yen>();
            let scratch_total: Yen = current.iter().map(|r| r.totals.ward_amount).sum();
            prop_assert_eq!(paid_total, scratch_total);
        }
    }
}
