use tauri::State;

use super::Result;
use crate::DeskState;
use sango::app::ExportResult;
use sango::report::{ClaimsReport, Overrun};

/// 請求: a month's claims per facility.
#[tauri::command]
pub fn claims(desk: State<'_, DeskState>, month: String) -> Result<ClaimsReport> {
    let (app, me) = desk.signed_in()?;
    app.claims(&me, &month)
}

/// 請求: the month's claims as CSV (UTF-8 with BOM) in the folder the user chose.
#[tauri::command(async)]
pub fn claims_csv(desk: State<'_, DeskState>, month: String, folder: String) -> Result<ExportResult> {
    let (app, me) = desk.signed_in()?;
    app.claims_csv_file(&me, &month, std::path::Path::new(folder.trim()))
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
