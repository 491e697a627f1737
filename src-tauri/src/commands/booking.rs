use tauri::State;

use super::{now, Result};
use crate::DeskState;
use sango::app::{BookResult, BookingInput, BookingRequest, BookingView, CancelResult, MonthView, Quote};
use sango::types::Service;

/// 予約: a dry run while the form is filled in (fee, deadline, every violation).
#[tauri::command]
pub fn quote(desk: State<'_, DeskState>, input: BookingInput) -> Result<Quote> {
    let (app, me) = desk.signed_in()?;
    app.quote(now(), &me, &BookingRequest::try_from(&input)?)
}

#[tauri::command(async)]
pub fn book(desk: State<'_, DeskState>, input: BookingInput) -> Result<BookResult> {
    let (app, me) = desk.signed_in()?;
    app.book(now(), &me, &BookingRequest::try_from(&input)?)
}

#[tauri::command(async)]
pub fn reschedule(desk: State<'_, DeskState>, booking: String, date: String, days: Option<u32>) -> Result<BookingView> {
    let (app, me) = desk.signed_in()?;
    app.reschedule(now(), &me, &booking.parse()?, &date, days)
}

/// 予約: before cancelling, whether it is late and what will be charged.
#[tauri::command]
pub fn cancel_preview(desk: State<'_, DeskState>, booking: String) -> Result<CancelResult> {
    let (app, me) = desk.signed_in()?;
    app.cancel_preview(now(), &me, &booking.parse()?)
}

#[tauri::command(async)]
pub fn cancel(desk: State<'_, DeskState>, booking: String) -> Result<CancelResult> {
    let (app, me) = desk.signed_in()?;
    app.cancel(now(), &me, &booking.parse()?)
}

#[derive(serde::Serialize)]
pub struct Position {
    position: u32,
}

/// 予約: a full day's waiting list (キャンセル待ち).
#[tauri::command(async)]
pub fn wait_list_add(desk: State<'_, DeskState>, input: BookingInput) -> Result<Position> {
    let (app, me) = desk.signed_in()?;
    Ok(Position { position: app.wait_list_add(now(), &me, &BookingRequest::try_from(&input)?)? })
}

#[tauri::command]
pub fn calendar_month(desk: State<'_, DeskState>, service: Service, month: String) -> Result<MonthView> {
    let (app, me) = desk.signed_in()?;
    app.calendar_month(&me, service, month.parse()?)
}
