//! The ward's fiscal year (年度): the 実績 report, the uses behind each of its figures, and the
//! workbook with the year's tables and every month's claims. The counting is `report::fiscal`'s.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::{files, App, AppError, ErrorCode};
use crate::ledger::event::OpenedWhat;
use crate::ledger::{Actor, Booking, BookingStatus, Mode, MotherRecord};
use crate::report::{self, FiscalReport};
use crate::rules::roles::UseCase;
use crate::types::{Household, ParseError, Service};

/// One use behind a figure, as the 実績 screen lists it: the card, never the name.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FiscalUse {
    pub booking: String,
    pub facility_id: String,
    pub facility_name: String,
    pub card: String,
    pub service: Service,
    #[ts(type = "string")]
    pub first_day: NaiveDate,
    #[ts(type = "string")]
    pub last_day: NaiveDate,
    pub units: u32,
    pub status: BookingStatus,
    pub household: Option<Household>,
    /// 4か月未満, 4か月以上, or that the ward has no birth for her.
    pub age_band: String,
}

/// What `report --xlsx` wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct WorkbookView {
    pub out: String,
    pub sheets: u32,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// A fiscal year as the door typed it: 2000–2099.
pub fn parse_fiscal_year(s: &str) -> Result<i32, AppError> {
    let t = crate::types::normalise(s);
    let t = t.trim_end_matches("年度");
    t.parse::<i32>()
        .ok()
        .filter(|y| (2000..=2099).contains(y))
        .ok_or_else(|| ParseError::new("fiscal year", s, "YYYY").into())
}

impl App {
    /// The uses of fiscal year `fy` at the ward (every facility's), and the ward's record of
    /// each of their mothers.
    fn year_uses(&self, fy: i32) -> Result<(Vec<Booking>, HashMap<String, Option<MotherRecord>>), AppError> {
        let state = self.store.state();
        let mut bookings = Vec::new();
        for month in crate::calendar::fiscal_months(fy) {
            bookings.extend(state.bookings_in_month(&month)?);
        }
        let mut mothers = HashMap::new();
        for b in &bookings {
            if !mothers.contains_key(b.card.as_str()) {
                mothers.insert(b.card.to_string(), state.mother(&b.card)?);
            }
        }
        Ok((bookings, mothers))
    }

    /// The 実績 of fiscal year `fy` (`sango report --fiscal-year`).
    pub fn fiscal_report(&self, actor: &Actor, fy: i32) -> Result<FiscalReport, AppError> {
        self.require(actor, UseCase::FiscalReport)?;
        self.require_mode(Mode::Ward)?;
        let (bookings, mothers) = self.year_uses(fy)?;
        let births: Vec<NaiveDate> = self
            .store
            .state()
            .mothers()
            .filter_map(|m| m.map(|m| m.birth.map(|b| b.date)).transpose())
            .collect::<Result<_, _>>()?;
        let report = report::fiscal_report(fy, &bookings, |c| mothers.get(c).cloned().flatten(), &births);
        let care = self.care_tally(actor, report.from, report.to)?;
        Ok(report.with_care(&care))
    }

    /// The uses behind one figure of the year's 実績 (its `key`); the opening is audited.
    pub fn fiscal_uses(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        fy: i32,
        key: &str,
    ) -> Result<Vec<FiscalUse>, AppError> {
        self.require(actor, UseCase::FiscalReport)?;
        self.require_mode(Mode::Ward)?;
        let (bookings, mothers) = self.year_uses(fy)?;
        let known = report::fiscal_report(fy, &[], |_| None, &[])
            .tables
            .iter()
            .flat_map(|t| t.rows.iter().map(|r| r.key.clone()).collect::<Vec<_>>())
            .any(|k| k == key);
        if !known {
            return Err(ParseError::new("figure", key, "a figure's key").into());
        }
        let mother = |c: &str| mothers.get(c).cloned().flatten();
        let out = report::uses_behind(fy, key, &bookings, mother)
            .into_iter()
            .map(|b| {
                let m = mother(b.card.as_str());
                FiscalUse {
                    booking: b.id.to_string(),
                    facility_id: b.facility.to_string(),
                    facility_name: self.facility_name(&b.facility),
                    card: b.card.to_string(),
                    service: b.service,
                    first_day: b.first_day,
                    last_day: b.last_day(),
                    units: b.units,
                    status: b.status,
                    household: m.as_ref().map(|m| m.approval.household),
                    age_band: report::age_band_ja(m.as_ref(), b.first_day).to_string(),
                }
            })
            .collect();
        self.opened(now, actor, OpenedWhat::FiscalUses, None)?;
        Ok(out)
    }

    /// Writes the year's workbook to `out` (0600, whole or not at all): the 実績's tables and
    /// each month's claims as the ward sees them (closed months as recorded). Audited: its
    /// claims sheets list cards.
    pub fn fiscal_workbook(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        fy: i32,
        out: &Path,
    ) -> Result<WorkbookView, AppError> {
        let report = self.fiscal_report(actor, fy)?;
        let months =
            crate::calendar::fiscal_months(fy).iter().map(|m| self.ward_claims(m)).collect::<Result<Vec<_>, _>>()?;
        let bytes = report::fiscal_workbook(&report, &months).map_err(|e| {
            AppError::new(
                ErrorCode::WorkbookFailed,
                "集計表(エクセル)を作れませんでした。",
                format!("The workbook could not be made: {e}"),
            )
        })?;
        files::write_atomic(out, &bytes)?;
        self.opened(now, actor, OpenedWhat::Workbook, None)?;
        Ok(WorkbookView {
            out: out.display().to_string(),
            sheets: (1 + report.tables.len() + months.len()) as u32,
            bytes: bytes.len() as u64,
        })
    }

    /// The window's 実績 「エクセルで保存」: the workbook in the folder the officer chose.
    pub fn fiscal_workbook_file(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        fy: i32,
        folder: &Path,
    ) -> Result<WorkbookView, AppError> {
        self.require(actor, UseCase::FiscalReport)?;
        if !folder.is_dir() {
            return Err(AppError::new(
                ErrorCode::BadFolder,
                format!("保存先のフォルダ {} が見つかりません。", folder.display()),
                format!("No folder {} to save the workbook in.", folder.display()),
            ));
        }
        self.fiscal_workbook(now, actor, fy, &folder.join(format!("産後ケア実績-{fy}年度.xlsx")))
    }
}
