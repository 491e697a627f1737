//! The first-run screen: set up this install, or restore it from a backup.

use base64::Engine;
use tauri::State;

use super::{now, Result};
use crate::DeskState;
use sango::app::{backup, App, AppError, AppInfo, ErrorCode, FacilitySetup, RecoverySheet};
use sango::ledger::Capacity;

fn already() -> AppError {
    AppError::of(ErrorCode::AlreadyInitialized)
}

/// What set-up answers: the install, and its recovery sheet — shown this once, never stored.
#[derive(serde::Serialize)]
pub struct SetupResult {
    pub info: AppInfo,
    pub recovery: RecoverySheet,
}

/// Sets this machine up as a facility: its directory entry and the ward's card (pasted or read
/// from the file the ward handed over).
#[tauri::command(async)]
pub fn setup_facility(
    desk: State<'_, DeskState>,
    facility: String,
    ward_card: String,
    closed: String,
    capacity: String,
) -> Result<SetupResult> {
    if desk.is_open() {
        return Err(already());
    }
    let setup = FacilitySetup {
        facility: facility.parse()?,
        ward_card_json: ward_card,
        closed,
        capacity: Capacity::parse(&capacity, Capacity::default())?,
        program_toml: None,
    };
    let (app, view) = App::init_facility(&desk.data_dir, now(), setup)?;
    let info = app.info(now())?;
    desk.set(app);
    Ok(SetupResult { info, recovery: RecoverySheet::of(&view) })
}

/// The ward card the first run was given, read but not installed: whose it is and its fingerprint,
/// for the facility to compare with what the ward reads out before setting up.
#[tauri::command]
pub fn ward_card_check(ward_card: String) -> Result<sango::app::WardCardInfo> {
    sango::app::ward_card_info(&ward_card)
}

/// Sets this machine up as the ward's.
#[tauri::command(async)]
pub fn setup_ward(desk: State<'_, DeskState>) -> Result<SetupResult> {
    if desk.is_open() {
        return Err(already());
    }
    let (app, view) = App::init_ward(&desk.data_dir, now())?;
    let info = app.info(now())?;
    desk.set(app);
    Ok(SetupResult { info, recovery: RecoverySheet::of(&view) })
}

/// Restores a whole install on a new machine from a backup file the user picked, with the 24
/// words of its recovery sheet.
#[tauri::command(async)]
pub fn restore_backup(desk: State<'_, DeskState>, data_base64: String, recovery_key: String) -> Result<AppInfo> {
    if desk.is_open() {
        return Err(already());
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data_base64.as_bytes())
        .map_err(|_| AppError::of(ErrorCode::NotABackup))?;
    let key = backup::parse_recovery_key(&recovery_key)?;
    backup::restore_bytes(now(), &bytes, &desk.data_dir, &key)?;
    let app = App::open(&desk.data_dir)?;
    let info = app.info(now())?;
    desk.set(app);
    Ok(info)
}

/// 承認 (ward): the notice to print, with its signed code as a QR image.
#[tauri::command(async)]
pub fn approval_notice(desk: State<'_, DeskState>, card: String) -> Result<sango::app::NoticePrint> {
    let (app, me) = desk.signed_in()?;
    app.approval_notice_print(now(), &me, &card.parse()?)
}
