//! 委託料請求書: one facility's claim for one month, as the ward prints it on A4 — its lines, the
//! adjustments the month carries, the totals, the ward's and the facility's names, dates in 和暦.
//! The figures are the ward's claims (`App::claims`): a closed month's as recorded.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::{App, AppError};
use crate::calendar::wareki;
use crate::ledger::event::OpenedWhat;
use crate::ledger::{Actor, Mode};
use crate::report::{ClaimTotals, Closed, LineMoney};
use crate::rules::roles::UseCase;
use crate::types::{Service, Yen};

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InvoiceLine {
    pub booking: String,
    pub card: String,
    pub approval_no: String,
    pub service: Service,
    /// 「令和8年10月6日」
    pub first_day: String,
    pub last_day: String,
    pub units: u32,
    /// The line's money, flat beside its other fields (`total_cost`, `user_fee`, `ward_amount`).
    #[serde(flatten)]
    #[ts(flatten)]
    pub money: LineMoney,
    pub no_show: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InvoiceAdjustment {
    pub booking: String,
    pub card: String,
    pub service: Service,
    /// The month the use belongs to, 「令和8年9月分」.
    pub month: String,
    /// Why, in words.
    pub reason: String,
    pub difference: LineMoney,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InvoicePrint {
    pub month: String,
    /// 「令和8年10月分」
    pub month_ja: String,
    pub issued_on: String,
    pub ward_name: String,
    pub facility_id: String,
    pub facility_name: String,
    pub facility_address: String,
    pub closed: Option<Closed>,
    /// When it was closed, in 和暦.
    pub closed_on: Option<String>,
    pub lines: Vec<InvoiceLine>,
    pub adjustments: Vec<InvoiceAdjustment>,
    pub totals: ClaimTotals,
    pub adjusted: LineMoney,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub payable_ward_amount: Yen,
}

/// 「令和8年10月分」 for `YYYY-MM`.
fn month_ja(month: &str) -> String {
    match NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d") {
        Ok(d) => {
            let w = wareki(d);
            format!("{}分", &w[..w.find('月').map(|i| i + '月'.len_utf8()).unwrap_or(w.len())])
        }
        Err(_) => month.to_string(),
    }
}

impl App {
    /// Ward: the printable claim of `facility` for `month` (audited: it lists cards).
    pub fn claim_invoice(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        month: crate::types::YearMonth,
        facility: &str,
    ) -> Result<InvoicePrint, AppError> {
        self.require(actor, UseCase::Claims)?;
        self.require_mode(Mode::Ward)?;
        let month = &month.to_string();
        let claims = self.claims_report(month)?;
        let line =
            claims.facilities.into_iter().find(|f| f.facility_id == facility).ok_or_else(|| {
                AppError::not_found("この月の請求の施設", "facility in this month's claims", facility)
            })?;
        let directory = self.directory();
        let directory = facility.parse().ok().and_then(|id| directory.get(&id));
        let invoice = InvoicePrint {
            month: month.to_string(),
            month_ja: month_ja(month),
            issued_on: wareki(now.date_naive()),
            ward_name: self.program().ward_office().to_string(),
            facility_id: line.facility_id.clone(),
            facility_name: directory.map(|f| f.name.clone()).unwrap_or(line.facility_name.clone()),
            facility_address: directory.map(|f| f.address.clone()).unwrap_or_default(),
            closed_on: claims.closed.as_ref().map(|c| wareki(c.at.date_naive())),
            closed: claims.closed,
            lines: line
                .lines
                .iter()
                .map(|u| InvoiceLine {
                    booking: u.booking.clone(),
                    card: u.card.clone(),
                    approval_no: u.approval_no.clone(),
                    service: u.service,
                    first_day: wareki(u.first_day),
                    last_day: wareki(u.last_day),
                    units: u.units,
                    money: LineMoney::of(u),
                    no_show: u.no_show,
                })
                .collect(),
            adjustments: line
                .adjustments
                .iter()
                .map(|a| InvoiceAdjustment {
                    booking: a.booking.clone(),
                    card: a.card.clone(),
                    service: a.service,
                    month: month_ja(&a.month),
                    reason: a.reason.label_ja().to_string(),
                    difference: a.difference,
                })
                .collect(),
            totals: line.totals,
            adjusted: line.adjusted,
            payable_ward_amount: line.payable_ward_amount,
        };
        self.opened(now, actor, OpenedWhat::Invoice, None)?;
        Ok(invoice)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_claim_month_is_written_in_the_era() {
        assert_eq!(super::month_ja("2026-10"), "令和8年10月分");
        assert_eq!(super::month_ja("2019-05"), "令和元年5月分");
    }
}
