//! The midwife's record (issue 18): the day's record as a whole, screening, consent, 連絡票 and
//! the ward's answers, the printouts. One line of delegation each.

use tauri::State;

use super::{now, Result};
use crate::DeskState;
use sango::app::{
    CareRecordView, ConsentInput, ReferralForm, ReferralInput, ReferralView, ScreeningInput, UseReport, UseReportLine,
};
use sango::ledger::{Consent, ReferralStatus};
use sango::program::CareProgram;
use sango::rules::screening::ScreeningResult;

/// The program's care table: ranges (plausible and normal), thresholds, health centres.
#[tauri::command]
pub fn care_program(desk: State<'_, DeskState>) -> Result<CareProgram> {
    let (app, me) = desk.signed_in()?;
    app.care_program(&me)
}

/// A use's whole record, opened (audited).
#[tauri::command(async)]
pub fn care_record(desk: State<'_, DeskState>, booking: String) -> Result<CareRecordView> {
    let (app, me) = desk.signed_in()?;
    app.care_record(now(), &me, &booking.parse()?)
}

#[tauri::command(async)]
pub fn screening_record(desk: State<'_, DeskState>, input: ScreeningInput) -> Result<ScreeningResult> {
    let (app, me) = desk.signed_in()?;
    app.screening(now(), &me, &input)
}

#[tauri::command(async)]
pub fn consent_record(desk: State<'_, DeskState>, input: ConsentInput) -> Result<Consent> {
    let (app, me) = desk.signed_in()?;
    app.consent_record(now(), &me, &input)
}

#[tauri::command(async)]
pub fn referral_add(desk: State<'_, DeskState>, input: ReferralInput) -> Result<ReferralView> {
    let (app, me) = desk.signed_in()?;
    app.referral_add(now(), &me, &input)
}

#[tauri::command(async)]
pub fn referrals(desk: State<'_, DeskState>) -> Result<Vec<ReferralView>> {
    let (app, me) = desk.signed_in()?;
    app.referrals(now(), &me)
}

#[tauri::command(async)]
pub fn referral_reply(
    desk: State<'_, DeskState>,
    referral: String,
    status: ReferralStatus,
    note: String,
) -> Result<ReferralView> {
    let (app, me) = desk.signed_in()?;
    app.referral_reply(now(), &me, &referral.parse()?, status, &note)
}

#[tauri::command(async)]
pub fn referral_form(desk: State<'_, DeskState>, referral: String) -> Result<ReferralForm> {
    let (app, me) = desk.signed_in()?;
    app.referral_form(now(), &me, &referral.parse()?)
}

#[tauri::command(async)]
pub fn use_report(desk: State<'_, DeskState>, booking: String) -> Result<UseReport> {
    let (app, me) = desk.signed_in()?;
    app.use_report(now(), &me, &booking.parse()?)
}

#[tauri::command(async)]
pub fn use_reports(desk: State<'_, DeskState>, month: String) -> Result<Vec<UseReportLine>> {
    let (app, me) = desk.signed_in()?;
    app.use_reports(now(), &me, month.parse()?)
}
