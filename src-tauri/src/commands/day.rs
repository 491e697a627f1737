use tauri::State;

use super::{actor, now, Result};
use crate::DeskState;
use sango::app::{BookingView, CheckInInput, Receipt, TodayView};
use sango::ledger::{CareEntry, Role};
use sango::types::parse_date;

/// 今日の利用: the day's check-ins, stays, day care and visits.
#[tauri::command]
pub fn today(desk: State<'_, DeskState>, date: Option<String>) -> Result<TodayView> {
    let date = match date {
        Some(d) => parse_date(&d)?,
        None => now().date_naive(),
    };
    desk.app()?.today(&actor(Role::Midwife), date)
}

#[tauri::command(async)]
pub fn check_in(desk: State<'_, DeskState>, input: CheckInInput) -> Result<BookingView> {
    desk.app()?.check_in(now(), &actor(Role::Midwife), &input)
}

#[tauri::command(async)]
pub fn care_log(desk: State<'_, DeskState>, input: CareEntry) -> Result<CareEntry> {
    desk.app()?.care_log(now(), &actor(Role::Midwife), input)
}

#[tauri::command(async)]
pub fn complete(desk: State<'_, DeskState>, booking: String, days: Option<u32>) -> Result<BookingView> {
    desk.app()?.complete(now(), &actor(Role::Midwife), &booking, days)
}

/// 精算: take the user share; returns the receipt to print.
#[tauri::command(async)]
pub fn payment_record(desk: State<'_, DeskState>, booking: String) -> Result<Receipt> {
    desk.app()?.payment_record(now(), &actor(Role::Reception), &booking)
}

#[tauri::command]
pub fn receipt(desk: State<'_, DeskState>, booking: String) -> Result<Receipt> {
    desk.app()?.receipt(now(), &actor(Role::Reception), &booking)
}

#[tauri::command]
pub fn unpaid(desk: State<'_, DeskState>) -> Result<Vec<BookingView>> {
    desk.app()?.unpaid(&actor(Role::Reception))
}
