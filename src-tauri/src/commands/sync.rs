//! 連携: files travel through two folders of the data folder (outbox/, inbox/), so the web view
//! never needs file-system permissions.

use tauri::State;

use super::{now, Result};
use crate::DeskState;
use sango::app::{CardView, ExportResult, FacilityKeyView, FacilitySender, ImportResult, SyncStatus};
use sango::ledger::Mode;

#[tauri::command]
pub fn sync_status(desk: State<'_, DeskState>) -> Result<SyncStatus> {
    let (app, me) = desk.signed_in()?;
    app.sync_status(&me)
}

/// A facility's export for the ward, or the ward's roster, written to outbox/.
#[tauri::command(async)]
pub fn export_bundle(desk: State<'_, DeskState>) -> Result<ExportResult> {
    let (app, me) = desk.signed_in()?;
    let t = now();
    match app.mode()? {
        Mode::Facility => {
            let out = app.outbox_path(&format!("export-{}", t.format("%Y%m%d-%H%M%S")))?;
            app.export(t, &me, &out)
        }
        Mode::Ward => {
            let out = app.outbox_path(&format!("roster-{}", t.format("%Y%m%d-%H%M%S")))?;
            app.roster(t, &me, &out)
        }
    }
}

/// The files waiting in inbox/, for the window to import one by one with its progress shown.
#[tauri::command]
pub fn inbox_files(desk: State<'_, DeskState>) -> Result<Vec<sango::app::InboxFile>> {
    let (app, me) = desk.signed_in()?;
    app.inbox_files(&me)
}

/// Imports one file of inbox/ (a file already imported changes nothing).
#[tauri::command(async)]
pub fn import_file(desk: State<'_, DeskState>, name: String) -> Result<ImportResult> {
    let (app, me) = desk.signed_in()?;
    app.import_inbox_file(now(), &me, &name)
}

/// This install's public card into outbox/ (a facility's, for the ward to register).
#[tauri::command(async)]
pub fn card_export(desk: State<'_, DeskState>) -> Result<CardView> {
    let (app, me) = desk.signed_in()?;
    app.card_to_outbox(&me)
}

/// Ward: every facility key registered, current and revoked.
#[tauri::command]
pub fn facility_list(desk: State<'_, DeskState>) -> Result<Vec<FacilityKeyView>> {
    let (app, me) = desk.signed_in()?;
    app.facility_list(&me)
}

/// Ward: the facility that signed an export in inbox/, its fingerprint to read back.
#[tauri::command(async)]
pub fn inbox_sender(desk: State<'_, DeskState>, name: String) -> Result<FacilitySender> {
    let (app, me) = desk.signed_in()?;
    app.inbox_sender(&me, &name)
}

/// Ward: registers the facility that signed an export in inbox/, once its fingerprint was compared.
#[tauri::command(async)]
pub fn facility_register(desk: State<'_, DeskState>, name: String) -> Result<FacilityKeyView> {
    let (app, me) = desk.signed_in()?;
    app.register_inbox_sender(now(), &me, &name)
}

/// Ward: revokes a facility's current key.
#[tauri::command(async)]
pub fn facility_revoke(desk: State<'_, DeskState>, facility: String) -> Result<FacilityKeyView> {
    let (app, me) = desk.signed_in()?;
    app.facility_revoke(now(), &me, &facility.parse()?)
}
