use serde::Serialize;
use tauri::State;

use super::{now, Result};
use crate::DeskState;
use sango::app::{backup, AppInfo};
use sango::directory::Facility;
use sango::ledger::Settings;

/// At start-up and after set-up: which install this is, for the status line and the sidebar.
#[tauri::command]
pub fn app_info(desk: State<'_, DeskState>) -> Result<AppInfo> {
    if !desk.is_open() {
        return Ok(AppInfo::first_run(now()));
    }
    desk.app()?.info(now())
}

/// The built-in facility list (設定, first run).
#[tauri::command]
pub fn directory() -> Vec<Facility> {
    sango::directory::builtin().facilities().to_vec()
}

#[derive(Serialize)]
pub struct SettingsView {
    facility_id: Option<String>,
    facility_name: String,
    settings: Settings,
}

/// 設定: the facility's details and how it runs.
#[tauri::command]
pub fn settings_get(desk: State<'_, DeskState>) -> Result<SettingsView> {
    let app = desk.app()?;
    let facility = app.facility().ok();
    Ok(SettingsView {
        facility_id: facility.map(|f| f.id.to_string()),
        facility_name: facility.map(|f| f.name.clone()).unwrap_or_else(|| sango::app::WARD_NAME.into()),
        settings: app.settings()?,
    })
}

/// 設定: the store's size and the last backup, with the week-old reminder.
#[tauri::command]
pub fn store_info(desk: State<'_, DeskState>) -> Result<sango::app::StoreInfo> {
    desk.app()?.store_info(now())
}

/// 設定: a backup now, into the data folder's rotating backups.
#[tauri::command(async)]
pub fn backup_now(desk: State<'_, DeskState>) -> Result<backup::BackupView> {
    let app = desk.app()?;
    app.backup_rotating(now())
}
