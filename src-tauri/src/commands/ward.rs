use tauri::State;

use super::Result;
use crate::DeskState;
use sango::app::ExportResult;
use sango::report::{ClaimsReport, Overrun};

/// 請求: a month's claims per facility.
#[tauri::command]
pub fn claims(desk: State<'_, DeskState>, month: String) -> Result<ClaimsReport> {
    let (app, me) = desk.signed_in()?;
    app.claims(&me, month.parse()?)
}

/// 請求: the month's claims as CSV (UTF-8 with BOM) in the folder the user chose.
#[tauri::command(async)]
pub fn claims_csv(desk: State<'_, DeskState>, month: String, folder: String) -> Result<ExportResult> {
    let (app, me) = desk.signed_in()?;
    app.claims_csv_file(&me, month.parse()?, std::path::Path::new(folder.trim()))
}

/// 集計: every mother over a limit across facilities.
#[tauri::command]
pub fn overruns(desk: State<'_, DeskState>) -> Result<Vec<Overrun>> {
    let (app, me) = desk.signed_in()?;
    app.overruns(&me)
}

/// 承認: approvals and births facilities reported that the ward has not recorded.
#[tauri::command]
pub fn facility_reports(desk: State<'_, DeskState>) -> Result<sango::app::FacilityReports> {
    let (app, me) = desk.signed_in()?;
    app.facility_reports(&me)
}

/// 集計: usage per month, service and facility for a year.
#[tauri::command]
pub fn usage_stats(desk: State<'_, DeskState>, year: i32) -> Result<sango::app::UsageStats> {
    let (app, me) = desk.signed_in()?;
    app.usage_stats(&me, year)
}

/// 請求 「この月を締める」: what closing would record, and whether it can be closed now.
#[tauri::command]
pub fn close_preview(desk: State<'_, DeskState>, month: String) -> Result<sango::app::ClosePreview> {
    let (app, me) = desk.signed_in()?;
    app.close_preview(super::now(), &me, month.parse()?)
}

/// 請求: closes the month (`anyway`: although facilities have not exported since it ended).
#[tauri::command]
pub fn close_month(desk: State<'_, DeskState>, month: String, anyway: bool) -> Result<sango::app::CloseResult> {
    let (app, me) = desk.signed_in()?;
    app.close_month(super::now(), &me, month.parse()?, anyway)
}

/// 実績: the fiscal year's report.
#[tauri::command]
pub fn fiscal_report(desk: State<'_, DeskState>, fiscal_year: String) -> Result<sango::report::FiscalReport> {
    let (app, me) = desk.signed_in()?;
    app.fiscal_report(&me, sango::app::parse_fiscal_year(&fiscal_year)?)
}

/// 実績: the uses behind one figure.
#[tauri::command]
pub fn fiscal_uses(desk: State<'_, DeskState>, fiscal_year: String, key: String) -> Result<Vec<sango::app::FiscalUse>> {
    let (app, me) = desk.signed_in()?;
    app.fiscal_uses(super::now(), &me, sango::app::parse_fiscal_year(&fiscal_year)?, &key)
}

/// 実績 「エクセルで保存」: the workbook in the folder the officer chose.
#[tauri::command(async)]
pub fn fiscal_xlsx(
    desk: State<'_, DeskState>,
    fiscal_year: String,
    folder: String,
) -> Result<sango::app::WorkbookView> {
    let (app, me) = desk.signed_in()?;
    app.fiscal_workbook_file(
        super::now(),
        &me,
        sango::app::parse_fiscal_year(&fiscal_year)?,
        std::path::Path::new(folder.trim()),
    )
}

/// 請求: one facility's 委託料請求書 for the month, to print on A4.
#[tauri::command]
pub fn claim_invoice(desk: State<'_, DeskState>, month: String, facility: String) -> Result<sango::app::InvoicePrint> {
    let (app, me) = desk.signed_in()?;
    app.claim_invoice(super::now(), &me, month.parse()?, facility.trim())
}
