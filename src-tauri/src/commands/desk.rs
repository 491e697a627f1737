use tauri::State;

use super::{now, Result};
use crate::DeskState;
use sango::app::{ApprovalForm, ApprovalInput, CardRef, DeskRead, DeskView, ScanView};
use sango::types::{parse_date, CardNumber};

/// 受付: a card number in, the one-screen answer out.
#[tauri::command]
pub fn desk_lookup(desk: State<'_, DeskState>, card: String) -> Result<DeskView> {
    let (app, me) = desk.signed_in()?;
    app.desk_lookup(now(), &me, &card.parse::<CardNumber>()?)
}

/// 受付: whatever arrived in the desk's one field (a card typed, a notice's code from a reader);
/// the core tells which by its form. `composed`: the field saw input-method composition.
#[tauri::command(async)]
pub fn desk_read(desk: State<'_, DeskState>, text: String, composed: bool) -> Result<DeskRead> {
    let (app, me) = desk.signed_in()?;
    app.desk_read(now(), &me, &text, composed)
}

/// 受付・承認: record an approval typed from the notice.
#[tauri::command(async)]
pub fn approval_add(desk: State<'_, DeskState>, input: ApprovalForm) -> Result<CardRef> {
    let input = ApprovalInput::try_from(&input)?;
    let (app, me) = desk.signed_in()?;
    app.approval_add(now(), &me, input)
}

/// 受付: the text of a notice's code, from a 2D-code reader or a paste.
#[tauri::command(async)]
pub fn approval_scan(desk: State<'_, DeskState>, payload: String) -> Result<ScanView> {
    let (app, me) = desk.signed_in()?;
    app.approval_scan(now(), &me, &payload)
}

/// 受付: register the birth.
#[tauri::command(async)]
pub fn birth_record(desk: State<'_, DeskState>, card: String, date: String, babies: u32) -> Result<CardRef> {
    let (app, me) = desk.signed_in()?;
    app.birth_record(now(), &me, &card.parse()?, parse_date(&date)?, babies)
}
