use tauri::State;

use super::{actor, now, Result};
use crate::DeskState;
use sango::app::{BookResult, BookingInput, BookingView, CancelResult, MonthView, Quote};
use sango::ledger::Role;
use sango::types::Service;

/// 予約: a dry run while the form is filled in (fee, deadline, every violation).
#[tauri::command]
pub fn quote(desk: State<'_, DeskState>, input: BookingInput) -> Result<Quote> {
    desk.app()?.quote(now(), &input)
}

#[tauri::command(async)]
pub fn book(desk: State<'_, DeskState>, input: BookingInput) -> Result<BookResult> {
    desk.app()?.book(now(), &actor(Role::Reception), &input)
}

#[tauri::command(async)]
pub fn reschedule(desk: State<'_, DeskState>, booking: String, date: String, days: Option<u32>) -> Result<BookingView> {
    desk.app()?.reschedule(now(), &actor(Role::Reception), &booking, &date, days)
}

/// 予約: before cancelling, whether it is late and what will be charged.
#[tauri::command]
pub fn cancel_preview(desk: State<'_, DeskState>, booking: String) -> Result<CancelResult> {
    desk.app()?.cancel_preview(now(), &booking)
}

#[tauri::command(async)]
pub fn cancel(desk: State<'_, DeskState>, booking: String) -> Result<CancelResult> {
    desk.app()?.cancel(now(), &actor(Role::Reception), &booking)
}

#[derive(serde::Serialize)]
pub struct Position {
    position: u32,
}

/// 予約: a full day's waiting list (キャンセル待ち).
#[tauri::command(async)]
pub fn wait_list_add(desk: State<'_, DeskState>, input: BookingInput) -> Result<Position> {
    Ok(Position { position: desk.app()?.wait_list_add(now(), &actor(Role::Reception), &input)? })
}

#[tauri::command]
pub fn calendar_month(desk: State<'_, DeskState>, service: Service, month: String) -> Result<MonthView> {
    desk.app()?.calendar_month(service, &month)
}
