//! 連携: files travel through two folders of the data folder (outbox/, inbox/), so the web view
//! never needs file-system permissions.

use tauri::State;

use super::{actor, now, Result};
use crate::DeskState;
use sango::app::{CardView, ExportResult, FacilityKeyView, FacilitySender, ImportResult, SyncStatus};
use sango::ledger::{Mode, Role};

#[tauri::command]
pub fn sync_status(desk: State<'_, DeskState>) -> Result<SyncStatus> {
    desk.app()?.sync_status()
}

/// A facility's export for the ward, or the ward's roster, written to outbox/.
#[tauri::command(async)]
pub fn export_bundle(desk: State<'_, DeskState>) -> Result<ExportResult> {
    let app = desk.app()?;
    let t = now();
    match app.mode()? {
        Mode::Facility => {
            let out = app.outbox_path(&format!("export-{}", t.format("%Y%m%d-%H%M%S")))?;
            app.export(t, &actor(Role::Admin), &out)
        }
        Mode::Ward => {
            let out = app.outbox_path(&format!("roster-{}", t.format("%Y%m%d-%H%M%S")))?;
            app.roster(t, &super::actor(sango::ledger::Role::Ward), &out)
        }
    }
}

/// The files waiting in inbox/, for the window to import one by one with its progress shown.
#[tauri::command]
pub fn inbox_files(desk: State<'_, DeskState>) -> Result<Vec<sango::app::InboxFile>> {
    desk.app()?.inbox_files()
}

/// Imports one file of inbox/ (a file already imported changes nothing).
#[tauri::command(async)]
pub fn import_file(desk: State<'_, DeskState>, name: String) -> Result<ImportResult> {
    desk.app()?.import_inbox_file(now(), &actor(Role::Admin), &name)
}

/// This install's public card into outbox/ (a facility's, for the ward to register).
#[tauri::command(async)]
pub fn card_export(desk: State<'_, DeskState>) -> Result<CardView> {
    desk.app()?.card_to_outbox()
}

/// Ward: every facility key registered, current and revoked.
#[tauri::command]
pub fn facility_list(desk: State<'_, DeskState>) -> Result<Vec<FacilityKeyView>> {
    desk.app()?.facility_list()
}

/// Ward: the facility that signed an export in inbox/, its fingerprint to read back.
#[tauri::command(async)]
pub fn inbox_sender(desk: State<'_, DeskState>, name: String) -> Result<FacilitySender> {
    desk.app()?.inbox_sender(&name)
}

/// Ward: registers the facility that signed an export in inbox/, once its fingerprint was compared.
#[tauri::command(async)]
pub fn facility_register(desk: State<'_, DeskState>, name: String) -> Result<FacilityKeyView> {
    desk.app()?.register_inbox_sender(now(), &actor(Role::Admin), &name)
}

/// Ward: revokes a facility's current key.
#[tauri::command(async)]
pub fn facility_revoke(desk: State<'_, DeskState>, facility: String) -> Result<FacilityKeyView> {
    desk.app()?.facility_revoke(now(), &actor(Role::Admin), &facility.parse()?)
}
