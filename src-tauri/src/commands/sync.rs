//! 連携: files travel through two folders of the data folder (outbox/, inbox/), so the web view
//! never needs file-system permissions.

use tauri::State;

use super::{actor, now, Result};
use crate::DeskState;
use sango::app::{ExportResult, ImportResult, SyncStatus};
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
            app.roster(t, &out)
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
