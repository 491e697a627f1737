//! Sign-in, staff accounts and the audit view (issue 17). The session is the window's: who signed
//! in here acts in every later command until `lock` (or the idle lock, which calls it).

use tauri::State;

use super::{now, Result};
use crate::DeskState;
use sango::app::{AuditFilter, AuditLine, ExportResult, SessionView, StaffView};
use sango::ledger::Role;
use sango::types::parse_date;

/// Who is signed in now (`null`: the window shows the sign-in screen). A session whose account
/// was disabled since is ended and answers `null`.
#[tauri::command]
pub fn session(desk: State<'_, DeskState>) -> Result<Option<SessionView>> {
    let Some(actor) = desk.session() else { return Ok(None) };
    let app = desk.app()?;
    if app.check_session(&actor).is_err() {
        desk.set_session(None);
        return Ok(None);
    }
    Ok(Some(app.session_view(&actor)?))
}

/// The sign-in screen's list: names, roles, active; never a hash. Needs no session.
#[tauri::command]
pub fn staff_list(desk: State<'_, DeskState>) -> Result<Vec<StaffView>> {
    desk.app()?.staff_list()
}

/// The first admin of a new install (only while it has no staff at all), signed in.
#[tauri::command(async)]
pub fn staff_add_first(desk: State<'_, DeskState>, name: String, pin: String) -> Result<SessionView> {
    let app = desk.app()?;
    let actor = app.staff_add_first(now(), &name, &pin)?;
    let view = app.session_view(&actor)?;
    desk.set_session(Some(actor));
    Ok(view)
}

/// Signs a staff member in (over whoever was signed in): `sign_in_failed`, `sign_in_locked`,
/// `staff_disabled` as `App::sign_in` refuses.
#[tauri::command(async)]
pub fn sign_in(desk: State<'_, DeskState>, name: String, pin: String) -> Result<SessionView> {
    let app = desk.app()?;
    let actor = app.sign_in(now(), &name, &pin)?;
    let view = app.session_view(&actor)?;
    desk.set_session(Some(actor));
    Ok(view)
}

/// Ends the session: the window shows the sign-in screen.
#[tauri::command]
pub fn lock(desk: State<'_, DeskState>) {
    desk.set_session(None);
}

#[tauri::command(async)]
pub fn staff_add(desk: State<'_, DeskState>, name: String, role: Role, pin: String) -> Result<StaffView> {
    let (app, me) = desk.signed_in()?;
    app.staff_add(now(), &me, &name, role, &pin)
}

#[tauri::command(async)]
pub fn staff_disable(desk: State<'_, DeskState>, name: String) -> Result<StaffView> {
    let (app, me) = desk.signed_in()?;
    app.staff_disable(now(), &me, &name)
}

#[tauri::command(async)]
pub fn staff_enable(desk: State<'_, DeskState>, name: String) -> Result<StaffView> {
    let (app, me) = desk.signed_in()?;
    app.staff_enable(now(), &me, &name)
}

#[tauri::command(async)]
pub fn staff_reset_pin(desk: State<'_, DeskState>, name: String, pin: String) -> Result<StaffView> {
    let (app, me) = desk.signed_in()?;
    app.staff_reset_pin(now(), &me, &name, &pin)
}

fn filter(
    card: Option<String>,
    staff: Option<String>,
    from: Option<String>,
    to: Option<String>,
    kind: Option<String>,
) -> Result<AuditFilter> {
    let given = |s: Option<String>| s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(AuditFilter {
        card: given(card).map(|c| c.parse()).transpose()?,
        staff: given(staff).map(|s| sango::app::parse_staff_name(&s)).transpose()?,
        from: given(from).map(|d| parse_date(&d)).transpose()?,
        to: given(to).map(|d| parse_date(&d)).transpose()?,
        kind: given(kind),
    })
}

/// 記録の確認 (admin): every change and opening, oldest first, filtered.
#[tauri::command(async)]
pub fn audit(
    desk: State<'_, DeskState>,
    card: Option<String>,
    staff: Option<String>,
    from: Option<String>,
    to: Option<String>,
    kind: Option<String>,
) -> Result<Vec<AuditLine>> {
    let (app, me) = desk.signed_in()?;
    app.audit(&me, &filter(card, staff, from, to, kind)?)
}

/// 記録の確認 (admin): the same lines as a CSV for Excel, in the folder the user chose.
#[tauri::command(async)]
pub fn audit_csv(
    desk: State<'_, DeskState>,
    card: Option<String>,
    staff: Option<String>,
    from: Option<String>,
    to: Option<String>,
    kind: Option<String>,
    folder: String,
) -> Result<ExportResult> {
    let (app, me) = desk.signed_in()?;
    app.audit_csv_file(now(), &me, &filter(card, staff, from, to, kind)?, std::path::Path::new(folder.trim()))
}
