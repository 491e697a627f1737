use tauri::State;

use super::{now, Result};
use crate::DeskState;
use sango::app::{BookingView, CheckInInput, DayRecordForm, Receipt, TodayView};
use sango::types::parse_date;

/// 今日の利用: the day's check-ins, stays, day care and visits.
#[tauri::command]
pub fn today(desk: State<'_, DeskState>, date: Option<String>) -> Result<TodayView> {
    let date = match date {
        Some(d) => parse_date(&d)?,
        None => now().date_naive(),
    };
    let (app, me) = desk.signed_in()?;
    app.today(&me, date)
}

#[tauri::command(async)]
pub fn check_in(desk: State<'_, DeskState>, input: CheckInInput) -> Result<BookingView> {
    let (app, me) = desk.signed_in()?;
    app.check_in(now(), &me, &input)
}

#[tauri::command(async)]
pub fn care_log(desk: State<'_, DeskState>, input: DayRecordForm) -> Result<DayRecordForm> {
    let (app, me) = desk.signed_in()?;
    app.care_log(now(), &me, &input)
}

/// The care log of a use as recorded so far, when the midwife opens it (an opening the audit lists).
#[tauri::command(async)]
pub fn care_entries(desk: State<'_, DeskState>, booking: String) -> Result<Vec<DayRecordForm>> {
    let (app, me) = desk.signed_in()?;
    app.care_of(now(), &me, &booking.parse()?)
}

#[tauri::command(async)]
pub fn complete(desk: State<'_, DeskState>, booking: String, days: Option<u32>) -> Result<BookingView> {
    let (app, me) = desk.signed_in()?;
    app.complete(now(), &me, &booking.parse()?, days)
}

/// 精算: take the user share; returns the receipt to print.
#[tauri::command(async)]
pub fn payment_record(desk: State<'_, DeskState>, booking: String) -> Result<Receipt> {
    let (app, me) = desk.signed_in()?;
    app.payment_record(now(), &me, &booking.parse()?)
}

#[tauri::command]
pub fn receipt(desk: State<'_, DeskState>, booking: String) -> Result<Receipt> {
    let (app, me) = desk.signed_in()?;
    app.receipt(now(), &me, &booking.parse()?)
}

#[tauri::command]
pub fn unpaid(desk: State<'_, DeskState>) -> Result<Vec<BookingView>> {
    let (app, me) = desk.signed_in()?;
    app.unpaid(&me)
}
