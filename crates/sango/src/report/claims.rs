//! A month's claims per facility: every use and no-show whose first day falls in the month
//! (the schedule in force on that day priced it).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::directory::Directory;
use crate::ledger::{Booking, BookingStatus, MotherRecord};
use crate::types::{Household, Service, Yen};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
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
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
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
}

impl ClaimTotals {
    fn add(&mut self, u: &ClaimUse) {
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

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClaimLine {
    pub facility_id: String,
    pub facility_name: String,
    #[serde(flatten)]
    #[ts(flatten)]
    pub totals: ClaimTotals,
    /// Every use claimed, no-shows included and flagged for the ward to decide.
    pub lines: Vec<ClaimUse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ClaimsReport {
    pub month: String,
    pub facilities: Vec<ClaimLine>,
    pub totals: ClaimTotals,
}

/// The claims of `month` from the month's bookings and the mothers they belong to.
pub fn claims(month: &str, bookings: &[Booking], mother: impl Fn(&str) -> Option<MotherRecord>, directory: &Directory) -> ClaimsReport {
    let mut by_facility: BTreeMap<String, Vec<ClaimUse>> = BTreeMap::new();
    for b in bookings.iter().filter(|b| b.status.is_used() && b.claim_month() == month) {
        let m = mother(b.card.as_str());
        by_facility.entry(b.facility.to_string()).or_default().push(ClaimUse {
            booking: b.id.to_string(),
            card: b.card.to_string(),
            approval_no: m.as_ref().map(|m| m.approval.approval_no.to_string()).unwrap_or_default(),
            service: b.service,
            first_day: b.first_day,
            last_day: b.last_day(),
            units: b.units,
            total_cost: b.fee.total_cost(),
            user_fee: b.fee.user_fee(),
            ward_amount: b.fee.ward_amount(),
            household: m.map(|m| m.approval.household).unwrap_or(Household::Standard),
            no_show: b.status == BookingStatus::NoShow,
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
            let facility_name = id.parse().ok().and_then(|fid| directory.get(&fid)).map(|f| f.short_name.clone()).unwrap_or_else(|| id.clone());
            ClaimLine { facility_id: id, facility_name, totals: t, lines }
        })
        .collect();
    ClaimsReport { month: month.into(), facilities, totals }
}
