use tauri::State;

use super::Result;
use crate::DeskState;
use sango::app::ExportResult;
use sango::report::{ClaimsReport, Overrun};

/// 請求: a month's claims per facility.
#[tauri::command]
pub fn claims(desk: State<'_, DeskState>, month: String) -> Result<ClaimsReport> {
    desk.app()?.claims(&super::actor(sango::ledger::Role::Ward), &month)
}

/// 請求: the month's claims as CSV (UTF-8 with BOM) in the folder the user chose.
#[tauri::command(async)]
pub fn claims_csv(desk: State<'_, DeskState>, month: String, folder: String) -> Result<ExportResult> {
    desk.app()?.claims_csv_file(&super::actor(sango::ledger::Role::Ward), &month, std::path::Path::new(folder.trim()))
}

/// 集計: every mother over a limit across facilities.
#[tauri::command]
pub fn overruns(desk: State<'_, DeskState>) -> Result<Vec<Overrun>> {
    desk.app()?.overruns(&super::actor(sango::ledger::Role::Ward))
}

/// 承認: approvals and births facilities reported that the ward has not recorded.
#[tauri::command]
pub fn facility_reports(desk: State<'_, DeskState>) -> Result<sango::app::FacilityReports> {
    desk.app()?.facility_reports(&super::actor(sango::ledger::Role::Ward))
}

/// 集計: usage per month, service and facility for a year.
#[tauri::command]
pub fn usage_stats(desk: State<'_, DeskState>, year: i32) -> Result<sango::app::UsageStats> {
    desk.app()?.usage_stats(&super::actor(sango::ledger::Role::Ward), year)
}
