//! The day of use and after: today's list, check-in screening, the day's record (care log), completing a use,
//! and taking the user share with a receipt (領収書).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;
use ts_rs::TS;

use super::booking::rule_error;
use super::lifecycle::refused;
use super::views::{BookingView, FacilityContact, Receipt, TodayView};
use super::{App, AppError, DayRecordForm, ErrorCode};
use crate::calendar;
use crate::ledger::event::OpenedWhat;
use crate::ledger::{Actor, Booking, BookingStatus, CareEntry, Event, Mode, Payment, Screening};
use crate::money::Fee;
use crate::rules::lifecycle;
use crate::rules::roles::UseCase;
use crate::types::{Household, Service};

/// Check-in screening as the midwife records it.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct CheckInInput {
    pub booking: String,
    pub temperature: Option<String>,
    pub acute_infection: bool,
    pub notes: String,
}

impl App {
    /// The day's list for the midwives (今日の利用).
    pub fn today(&self, actor: &Actor, date: NaiveDate) -> Result<TodayView, AppError> {
        self.require(actor, UseCase::Today)?;
        self.require_mode(Mode::Facility)?;
        let state = self.store.state();
        let mut view = TodayView { date, check_ins: vec![], in_stay: vec![], day_care: vec![], visits: vec![] };
        let mut day: Vec<Booking> = Vec::new();
        for service in Service::ALL {
            for id in state.booking_ids_on(service, date)? {
                day.extend(state.booking(&id)?);
            }
        }
        // Turned away at screening today: no longer occupying a place, still on the midwife's list.
        let month = date.format("%Y-%m").to_string();
        day.extend(
            state
                .bookings_in_month(&month)?
                .into_iter()
                .filter(|b| b.status == BookingStatus::Refused && b.first_day == date),
        );
        for b in day {
            let v = self.booking_view(&b, None)?;
            match b.service {
                Service::ShortStay if b.first_day == date => view.check_ins.push(v),
                Service::ShortStay => view.in_stay.push(v),
                Service::DayCare => view.day_care.push(v),
                Service::HomeVisit => view.visits.push(v),
            }
        }
        Ok(view)
    }

    /// Check-in screening: an acute infection refuses the day (not charged, the place released);
    /// otherwise the use begins.
    pub fn check_in(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        input: &CheckInInput,
    ) -> Result<BookingView, AppError> {
        self.require(actor, UseCase::CheckIn)?;
        let b = self.write(now, actor, |state, _| {
            let b = self.booking_by_id(state, &input.booking)?;
            let step = lifecycle::check_in(b.status, b.first_day, now.date_naive(), input.acute_infection).map_err(|r| refused(&b, r))?;
            if self.consent_missing(state, &b.card, b.service)? {
                return Err(AppError::new(
                    ErrorCode::ConsentMissing,
                    format!("{}の説明と同意がまだ記録されていません。先に説明と同意を記録してください。", b.service.name_ja()),
                    "Consent (説明と同意) for this service is not recorded yet; the setting asks for it before check-in.",
                ));
            }
            let screening = Screening { temperature: input.temperature.clone(), acute_infection: input.acute_infection, notes: input.notes.clone() };
            // Turned away: not charged.
            let fee = if step.status == BookingStatus::Refused { Fee::ZERO } else { b.fee };
            let booking = Booking { status: step.status, fee, screening: Some(screening), ..b };
            Ok((Event::BookingSaved { change: step.change, booking: booking.clone() }, booking))
        })?;
        self.booking_view(&b, None)
    }

    /// Records one day of a use (ケア内容 and the mother's and baby's condition); a second save
    /// of the same day corrects it. Values outside the program's plausible ranges are refused.
    pub fn care_log(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        form: &DayRecordForm,
    ) -> Result<DayRecordForm, AppError> {
        self.require(actor, UseCase::CareLog)?;
        let mut entry = CareEntry::try_from(form)?;
        self.write(now, actor, |state, _| {
            let b = state
                .booking(&entry.booking.to_string())?
                .ok_or_else(|| AppError::not_found("予約", "booking", &entry.booking.to_string()))?;
            // Refused whole, naming every field wrong: nothing is written.
            let meals = self.program().service(b.service).map_or(0, |s| s.meals_per_day);
            let program = self.program();
            let care = program.care();
            let problems = crate::rules::care::problems(&entry, care, meals);
            if !problems.is_empty() {
                let ja = problems.iter().map(|p| p.message_ja(care)).collect::<Vec<_>>().join("");
                return Err(AppError::new(
                    ErrorCode::BadCareEntry,
                    ja,
                    format!("The day's record has {} value(s) out of range: {problems:?}", problems.len()),
                ));
            }
            lifecycle::record_day(b.status).map_err(|r| refused(&b, r))?;
            if entry.date < b.first_day || entry.date > b.last_day() {
                return Err(AppError::of(ErrorCode::DateOutsideUse));
            }
            // A correction of the day keeps what the form does not carry (an older entry's follow-up flag).
            let date = entry.date;
            entry.follow_up = state.care_of(&entry.booking.to_string())?.iter().any(|e| e.date == date && e.follow_up);
            Ok((Event::CareLogged { entry: entry.clone() }, DayRecordForm::from(&entry)))
        })
    }

    /// The care log of a use; opening it is journaled for the audit view (card only).
    pub fn care_of(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        booking: &crate::types::BookingId,
    ) -> Result<Vec<DayRecordForm>, AppError> {
        let booking = &booking.to_string();
        self.require(actor, UseCase::CareLog)?;
        let card = self.store.state().booking(booking)?.map(|b| b.card);
        self.opened(now, actor, OpenedWhat::CareLog, card.as_ref())?;
        Ok(self.store.state().care_of(booking)?.iter().map(DayRecordForm::from).collect())
    }

    /// Completes a use: the actual days for a stay (a stay may end early, never below 1泊2日),
    /// priced by the schedule in force on its first day.
    pub fn complete(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        id: &crate::types::BookingId,
        days: Option<u32>,
    ) -> Result<BookingView, AppError> {
        let id = &id.to_string();
        self.require(actor, UseCase::Complete)?;
        let b = self.write(now, actor, |state, _| {
            let b = self.booking_by_id(state, id)?;
            let (step, units) =
                lifecycle::complete(b.status, b.service, b.units, days, self.program().min_units(b.service))
                    .map_err(|r| refused(&b, r))?;
            let household = state.mother(&b.card)?.map(|m| m.approval.household).unwrap_or(Household::Standard);
            let fee = self.program().fee(b.service, b.first_day, units, household).map_err(rule_error)?;
            let booking = Booking { status: step.status, units, fee, ..b };
            Ok((Event::BookingSaved { change: step.change, booking: booking.clone() }, booking))
        })?;
        self.booking_view(&b, None)
    }

    /// Uses whose user share is still to take.
    pub fn unpaid(&self, actor: &Actor) -> Result<Vec<BookingView>, AppError> {
        self.require(actor, UseCase::Payment)?;
        let mut out = Vec::new();
        for b in self.store.state().bookings() {
            let b = b?;
            if b.status.is_used() && b.payment.is_none() && !b.fee.user_fee().is_zero() {
                out.push(self.booking_view(&b, None)?);
            }
        }
        out.sort_by_key(|b| b.first_day);
        Ok(out)
    }

    /// Records the user share as paid and issues the receipt number.
    pub fn payment_record(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        id: &crate::types::BookingId,
    ) -> Result<Receipt, AppError> {
        self.require(actor, UseCase::Payment)?;
        self.write(now, actor, |state, seq| {
            let b = self.booking_by_id(state, &id.to_string())?;
            let step = lifecycle::pay(b.status, b.payment.is_some()).map_err(|r| refused(&b, r))?;
            let payment =
                Payment { receipt_no: format!("R{}-{seq:06}", now.format("%Y")), amount: b.fee.user_fee(), at: now };
            let booking = Booking { payment: Some(payment), ..b };
            Ok((Event::BookingSaved { change: step.change, booking }, ()))
        })?;
        self.receipt(now, actor, id)
    }

    /// The receipt (領収書) of a paid use, dates in 和暦 and 西暦.
    /// Printing it is journaled for the audit view (card only).
    pub fn receipt(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        id: &crate::types::BookingId,
    ) -> Result<Receipt, AppError> {
        let id = &id.to_string();
        self.require(actor, UseCase::Receipt)?;
        let b = self.booking_by_id(self.store.state(), id)?;
        self.opened(now, actor, OpenedWhat::Receipt, Some(&b.card))?;
        let payment = lifecycle::receipt(b.payment.clone()).map_err(|r| refused(&b, r))?;
        let directory = self.directory();
        let f =
            directory.get(&b.facility).ok_or_else(|| AppError::not_found("施設", "facility", b.facility.as_str()))?;
        let mother =
            self.store.state().mother(&b.card)?.map(|m| m.approval.mother.as_str().to_string()).unwrap_or_default();
        let issued_on = payment.at.date_naive();
        Ok(Receipt {
            receipt_no: payment.receipt_no,
            issued_on,
            issued_on_wareki: calendar::wareki(issued_on),
            facility: FacilityContact { name: f.name.clone(), address: f.address.clone(), phone: f.phone.clone() },
            mother,
            card: b.card.to_string(),
            service: b.service,
            first_day: b.first_day,
            last_day: b.last_day(),
            period_wareki: format!("{} 〜 {}", calendar::wareki(b.first_day), calendar::wareki(b.last_day())),
            units: b.units,
            fee: b.fee,
            amount_paid: payment.amount,
            no_show: b.status == BookingStatus::NoShow,
        })
    }
}
