use tauri::State;

use super::{now, Result};
use crate::DeskState;
use sango::app::{backup, AppInfo, SettingsForm, SettingsView};
use sango::directory::Facility;

/// At start-up and after set-up: which install this is, for the status line and the sidebar.
/// Works signed out (the sign-in screen names the install).
#[tauri::command]
pub fn app_info(desk: State<'_, DeskState>) -> Result<AppInfo> {
    if let Some(e) = desk.open_error() {
        return Err(e.clone());
    }
    let mut info = if desk.is_open() { desk.app()?.info(now())? } else { AppInfo::first_run(now()) };
    // The deployment rule (README): a PC holding records has full-disk encryption.
    info.notices.extend(desk.disk_notice().cloned());
    Ok(info)
}

/// The facility list in force: the store's (the ward's, as its card or roster carried it), else
/// the built-in one (first run).
#[tauri::command]
pub fn directory(desk: State<'_, DeskState>) -> Vec<Facility> {
    match desk.app() {
        Ok(app) => app.directory().facilities().to_vec(),
        _ => sango::directory::builtin().facilities().to_vec(),
    }
}

/// 設定: the program and the facility directory in force.
#[tauri::command]
pub fn in_force(desk: State<'_, DeskState>) -> Result<sango::app::InForceView> {
    let (app, me) = desk.signed_in()?;
    app.in_force(&me)
}

/// Ward 設定: replaces the facility directory from the JSON the clerk edited (every problem listed).
#[tauri::command(async)]
pub fn directory_set(desk: State<'_, DeskState>, text: String) -> Result<sango::app::DirectorySetView> {
    let (app, me) = desk.signed_in()?;
    app.directory_set(now(), &me, &text)
}

/// 設定: the facility's details and how it runs.
#[tauri::command]
pub fn settings_get(desk: State<'_, DeskState>) -> Result<SettingsView> {
    let (app, me) = desk.signed_in()?;
    app.settings_view(&me)
}

/// 設定: save closed days, places, visit areas and the idle lock (admin).
#[tauri::command(async)]
pub fn settings_set(desk: State<'_, DeskState>, settings: SettingsForm) -> Result<SettingsView> {
    let (app, me) = desk.signed_in()?;
    app.settings_set(now(), &me, &settings)
}

/// 設定: the store's size and the last backup, with the week-old reminder.
#[tauri::command]
pub fn store_info(desk: State<'_, DeskState>) -> Result<sango::app::StoreInfo> {
    let (app, me) = desk.signed_in()?;
    app.store_info(now(), &me)
}

/// 請求: where a CSV is saved unless the user picks another folder: their documents folder
/// (`$XDG_DOCUMENTS_DIR`, else ~/Documents, else home).
#[tauri::command]
pub fn default_save_folder() -> String {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let home = env("HOME").unwrap_or_default();
    env("XDG_DOCUMENTS_DIR")
        .or_else(|| Some(format!("{home}/Documents")).filter(|d| std::path::Path::new(d).is_dir()))
        .unwrap_or(home)
}

/// 設定: the removable drives (USB sticks) mounted now, to back up onto.
#[tauri::command]
pub fn removable_media() -> Vec<String> {
    let user = std::env::var("USER").unwrap_or_default();
    let roots = [format!("/media/{user}"), format!("/run/media/{user}"), "/media".to_string(), "/mnt".to_string()];
    let mut out: Vec<String> = roots
        .iter()
        .filter_map(|r| std::fs::read_dir(r).ok())
        .flat_map(|d| d.flatten())
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !p.ends_with(&user))
        .map(|p| p.display().to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// 設定: a backup onto a chosen folder (a USB stick).
#[tauri::command(async)]
pub fn backup_to(desk: State<'_, DeskState>, folder: String) -> Result<backup::BackupView> {
    let (app, me) = desk.signed_in()?;
    app.backup_to(now(), &me, std::path::Path::new(folder.trim()))
}

/// 設定: a backup now, into the data folder's rotating backups (encrypted to the recovery key).
#[tauri::command(async)]
pub fn backup_now(desk: State<'_, DeskState>) -> Result<backup::BackupView> {
    let (app, me) = desk.signed_in()?;
    app.backup_rotating(now(), &me)
}
