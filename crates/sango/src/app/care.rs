//! The midwife's record (issue 18): screening, consent, referrals (連絡票) and the ward's replies,
//! the record of a use as the window opens it, and the printouts (連絡票, 実施報告書).
//! The day's record itself is `day::care_log`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::views::FacilityContact;
use super::{App, AppError, ErrorCode};
use crate::calendar;
use crate::ledger::event::OpenedWhat;
use crate::ledger::{
    Actor, Booking, BookingStatus, CareEntry, Consent, Event, Mode, Referral, ReferralReply, ReferralStatus,
    ScreeningRecord, State, Urgency,
};
use crate::program::{CareField, CareProgram};
use crate::rules::care::{outside_normal, weight_changes, WeightChange};
use crate::rules::roles::UseCase;
use crate::rules::screening::{self, ScreeningResult};
use crate::types::{BookingId, CardNumber, ParseError, ReferralId, Service};

/// A screening as the midwife enters it: each questionnaire's ten item scores, or none.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ScreeningInput {
    pub booking: String,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub epds: Option<Vec<u8>>,
    pub bonding: Option<Vec<u8>>,
}

/// Parses `0,1,0,2,…` (ten scores; full-width digits and 、 allowed) as the CLI takes them.
pub fn parse_scores(s: &str) -> Result<Vec<u8>, ParseError> {
    let bad = || ParseError::new("scores", s, "ten scores 0-3, comma separated");
    let t = crate::types::normalise_token(s).replace('、', ",");
    let items: Vec<u8> = t.split(',').map(|x| x.parse::<u8>().map_err(|_| bad())).collect::<Result<_, _>>()?;
    screening::check_items(&items).map_err(|_| bad())?;
    Ok(items)
}

pub fn parse_urgency(s: &str) -> Result<Urgency, ParseError> {
    match crate::types::normalise_token(s).as_str() {
        "normal" => Ok(Urgency::Normal),
        "urgent" => Ok(Urgency::Urgent),
        _ => Err(ParseError::new("urgency", s, "normal or urgent")),
    }
}

pub fn parse_referral_status(s: &str) -> Result<ReferralStatus, ParseError> {
    match crate::types::normalise_token(s).as_str() {
        "received" => Ok(ReferralStatus::Received),
        "in-progress" => Ok(ReferralStatus::InProgress),
        "done" => Ok(ReferralStatus::Done),
        _ => Err(ParseError::new("referral status", s, "received, in-progress or done")),
    }
}

/// 説明と同意 as the midwife records it.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ConsentInput {
    pub booking: String,
    pub explained: String,
    pub consented_by: String,
}

/// A 連絡票 as the midwife writes it, from a day of the use.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ReferralInput {
    pub booking: String,
    /// The day record it is made from (default: the last day recorded, else the first day).
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    pub reason: String,
    /// What of the day the ward should see (vitals, words): only this leaves the facility.
    pub observations: String,
    pub urgency: Urgency,
}

/// One day of a use's record, with what the rules say of it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CareDayView {
    pub entry: super::DayRecordForm,
    pub weight: WeightChange,
    /// Fields outside their normal range: highlighted.
    pub outside_normal: Vec<CareField>,
}

/// A referral with where it stands.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReferralView {
    #[ts(type = "string")]
    pub referral: ReferralId,
    pub card: String,
    pub facility: String,
    pub facility_name: String,
    pub mother: String,
    pub booking: String,
    pub urgency: Urgency,
    pub status: ReferralStatus,
    pub reply: Option<ReferralReply>,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub reason: String,
    pub observations: String,
    pub epds_total: Option<u8>,
    pub bonding_total: Option<u8>,
    pub high_need: bool,
    #[ts(type = "string")]
    pub made_at: DateTime<FixedOffset>,
}

/// A use's whole record as the window opens it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CareRecordView {
    pub booking: String,
    pub card: String,
    pub mother: String,
    pub service: Service,
    pub days: Vec<CareDayView>,
    pub screenings: Vec<ScreeningRecord>,
    pub consent: Option<Consent>,
    pub referrals: Vec<ReferralView>,
    /// The latest screening says high need: propose a 連絡票.
    pub high_need: bool,
}

/// The printed 連絡票 (A4, 和暦).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReferralForm {
    pub referral: ReferralView,
    pub facility: FacilityContact,
    pub mother: String,
    pub card: String,
    pub approval_no: String,
    pub birth_wareki: Option<String>,
    pub service: Service,
    pub period_wareki: String,
    pub made_on_wareki: String,
    pub date_wareki: String,
    pub screening_reasons_ja: Vec<String>,
}

/// One day in the 実施報告書.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReportDay {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub wareki: String,
    /// The care given, in the program's words.
    pub care_ja: Vec<String>,
    pub meals: u8,
}

/// The 実施報告書 of one use.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UseReport {
    pub booking: String,
    pub facility: FacilityContact,
    pub mother: String,
    pub card: String,
    pub service: Service,
    pub period_wareki: String,
    pub units: u32,
    pub days: Vec<ReportDay>,
    pub epds_total: Option<u8>,
    pub bonding_total: Option<u8>,
    pub high_need: bool,
    pub referrals: Vec<String>,
}

/// One line of the monthly list of 実施報告書 (per facility).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UseReportLine {
    pub booking: String,
    pub mother: String,
    pub card: String,
    pub service: Service,
    pub period_wareki: String,
    pub units: u32,
    pub days_recorded: u32,
    pub screened: bool,
    pub high_need: bool,
    pub referrals: u32,
}

/// The care given of a day, in the program's words.
pub fn care_given_ja(e: &CareEntry) -> Vec<String> {
    [
        (e.breast_care, "乳房ケア"),
        (e.feeding_consultation, "授乳相談"),
        (e.parenting_consultation, "育児相談"),
        (e.baby_health_check, "乳児の健康チェック"),
        (e.bathing, "沐浴"),
        (e.bathing_practice, "沐浴指導"),
        (e.formula, "ミルクの提供"),
    ]
    .into_iter()
    .filter(|(done, _)| *done)
    .map(|(_, w)| w.to_string())
    .collect()
}

fn wrong_status(b: &Booking) -> AppError {
    AppError::new(
        ErrorCode::WrongStatus,
        format!(
            "予約 {} は「{}」のため、記録できません。受け入れ後に記録してください。",
            b.id,
            super::booking::status_ja(b.status)
        ),
        format!("Booking {} is {:?}: nothing can be recorded of it.", b.id, b.status),
    )
}

/// The latest screening of a use on or before `date` (any, without one).
fn latest_screening(
    state: &State,
    booking: &str,
    date: Option<NaiveDate>,
) -> Result<Option<ScreeningRecord>, AppError> {
    Ok(state.screenings_of(booking)?.into_iter().filter(|s| date.is_none_or(|d| s.date <= d)).max_by_key(|s| s.date))
}

impl App {
    /// The program's care table: ranges, thresholds, health centres (the window's form reads it).
    pub fn care_program(&self, actor: &Actor) -> Result<CareProgram, AppError> {
        self.require(actor, UseCase::Status)?;
        Ok(self.program().care().clone())
    }

    fn recordable(&self, state: &State, booking: &str, date: Option<NaiveDate>) -> Result<Booking, AppError> {
        let b = state.booking(booking)?.ok_or_else(|| AppError::not_found("予約", "booking", booking))?;
        crate::rules::lifecycle::record_day(b.status).map_err(|r| super::lifecycle::refused(&b, r))?;
        if date.is_some_and(|d| d < b.first_day || d > b.last_day()) {
            return Err(AppError::of(ErrorCode::DateOutsideUse));
        }
        Ok(b)
    }

    /// Records a screening of one day of a use; a second one of the same day corrects it.
    pub fn screening(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        input: &ScreeningInput,
    ) -> Result<ScreeningResult, AppError> {
        self.require(actor, UseCase::Screening)?;
        self.require_mode(Mode::Facility)?;
        let check = |items: &Option<Vec<u8>>| -> Result<Option<[u8; screening::ITEMS]>, AppError> {
            items
                .as_deref()
                .map(|i| {
                    screening::check_items(i)
                        .map_err(|_| AppError::from(ParseError::new("scores", &format!("{i:?}"), "ten scores 0-3")))
                })
                .transpose()
        };
        let (epds, bonding) = (check(&input.epds)?, check(&input.bonding)?);
        if epds.is_none() && bonding.is_none() {
            return Err(AppError::new(
                ErrorCode::NoScores,
                "エジンバラ産後うつ病質問票か赤ちゃんへの気持ち質問票の点数を入力してください。",
                "Give the EPDS or the bonding questionnaire's scores.",
            ));
        }
        let result = screening::score(epds.as_ref(), bonding.as_ref(), &self.program().care().screening);
        self.write(now, actor, |state, _| {
            let b = self.recordable(state, &input.booking, Some(input.date))?;
            let record = ScreeningRecord {
                booking: b.id,
                card: b.card,
                date: input.date,
                epds: epds.map(|a| a.to_vec()),
                bonding: bonding.map(|a| a.to_vec()),
                epds_total: result.epds_total,
                bonding_total: result.bonding_total,
                high_need: result.high_need,
                reasons: result.reasons.clone(),
            };
            Ok((Event::ScreeningRecorded { screening: record }, result.clone()))
        })
    }

    /// Records 説明と同意 for a mother's use of a service (at its first use; again corrects it).
    pub fn consent_record(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        input: &ConsentInput,
    ) -> Result<Consent, AppError> {
        self.require(actor, UseCase::Consent)?;
        self.require_mode(Mode::Facility)?;
        let explained = input.explained.trim().to_string();
        let by = input.consented_by.trim().to_string();
        if explained.is_empty() || by.is_empty() || explained.chars().count() > 2000 || by.chars().count() > 100 {
            return Err(AppError::new(
                ErrorCode::BadConsent,
                "説明した内容と、同意した方(本人・家族の氏名)を入力してください。",
                "Say what was explained and who consented.",
            ));
        }
        self.write(now, actor, |state, _| {
            let b =
                state.booking(&input.booking)?.ok_or_else(|| AppError::not_found("予約", "booking", &input.booking))?;
            if !matches!(b.status, BookingStatus::Booked | BookingStatus::CheckedIn) {
                return Err(wrong_status(&b));
            }
            let consent = Consent {
                card: b.card,
                service: b.service,
                booking: b.id,
                explained: explained.clone(),
                consented_by: by.clone(),
                at: now,
            };
            Ok((Event::ConsentRecorded { consent: consent.clone() }, consent))
        })
    }

    /// Whether check-in must wait for consent: the setting asks for it and she has none for the service.
    pub(crate) fn consent_missing(&self, state: &State, card: &CardNumber, service: Service) -> Result<bool, AppError> {
        Ok(state.settings()?.consent_required && state.consent(card, service)?.is_none())
    }

    /// Makes a 連絡票 from a use's day record, with the latest screening's totals: it travels in
    /// the next export.
    pub fn referral_add(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        input: &ReferralInput,
    ) -> Result<ReferralView, AppError> {
        self.require(actor, UseCase::ReferralAdd)?;
        self.require_mode(Mode::Facility)?;
        let reason = input.reason.trim().to_string();
        if reason.is_empty() || reason.chars().count() > 2000 || input.observations.chars().count() > 4000 {
            return Err(AppError::new(
                ErrorCode::BadReferral,
                "連絡の理由を入力してください(2000文字まで、所見は4000文字まで)。",
                "Give the reason (up to 2000 characters; observations up to 4000).",
            ));
        }
        let facility = self.facility()?.id.clone();
        let referral = self.write(now, actor, |state, seq| {
            let b = self.recordable(state, &input.booking, input.date)?;
            let id = b.id.to_string();
            let date = input
                .date
                .or_else(|| state.care_of(&id).ok().and_then(|c| c.last().map(|e| e.date)))
                .unwrap_or(b.first_day);
            let s = latest_screening(state, &id, Some(date))?;
            let referral = Referral {
                id: ReferralId(BookingId::in_epoch(facility.clone(), state.epoch()?, seq)),
                booking: b.id,
                facility: facility.clone(),
                card: b.card,
                date,
                reason: reason.clone(),
                observations: input.observations.trim().to_string(),
                epds_total: s.as_ref().and_then(|s| s.epds_total),
                bonding_total: s.as_ref().and_then(|s| s.bonding_total),
                high_need: s.as_ref().is_some_and(|s| s.high_need),
                urgency: input.urgency,
                made_at: now,
            };
            Ok((Event::ReferralMade { referral: referral.clone() }, referral))
        })?;
        self.referral_view(self.store.state(), referral)
    }

    fn referral_view(&self, state: &State, r: Referral) -> Result<ReferralView, AppError> {
        let reply = state.referral_reply(&r.id)?;
        let mother = state.mother(&r.card)?.map(|m| m.approval.mother.as_str().to_string()).unwrap_or_default();
        Ok(ReferralView {
            referral: r.id,
            card: r.card.to_string(),
            facility_name: self.facility_name(&r.facility),
            facility: r.facility.to_string(),
            mother,
            booking: r.booking.to_string(),
            urgency: r.urgency,
            status: reply.as_ref().map_or(ReferralStatus::Unread, |x| x.status),
            reply,
            date: r.date,
            reason: r.reason,
            observations: r.observations,
            epds_total: r.epds_total,
            bonding_total: r.bonding_total,
            high_need: r.high_need,
            made_at: r.made_at,
        })
    }

    /// The referrals this install holds (a facility's own; at the ward, every facility's): urgent
    /// first, then the newest. Opening the list is audited.
    pub fn referrals(&self, now: DateTime<FixedOffset>, actor: &Actor) -> Result<Vec<ReferralView>, AppError> {
        self.require(actor, UseCase::Referrals)?;
        let state = self.store.state();
        let mut out = Vec::new();
        for r in state.referrals() {
            out.push(self.referral_view(state, r?)?);
        }
        out.sort_by(|a, b| {
            (b.urgency == Urgency::Urgent).cmp(&(a.urgency == Urgency::Urgent)).then(b.made_at.cmp(&a.made_at))
        });
        self.opened(now, actor, OpenedWhat::Referral, None)?;
        Ok(out)
    }

    /// Ward: answers a referral; the answer goes back to that facility only, in its next roster.
    pub fn referral_reply(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        id: &ReferralId,
        status: ReferralStatus,
        note: &str,
    ) -> Result<ReferralView, AppError> {
        self.require(actor, UseCase::ReferralReply)?;
        self.require_mode(Mode::Ward)?;
        if note.chars().count() > 2000 {
            return Err(AppError::new(
                ErrorCode::BadNote,
                "返信は2000文字までで入力してください。",
                "The note is at most 2000 characters.",
            ));
        }
        if status == ReferralStatus::Unread {
            return Err(AppError::new(
                ErrorCode::BadStatus,
                "対応状況は受理・対応中・対応済みのいずれかです。",
                "The status is received, in-progress or done.",
            ));
        }
        let r = self.write(now, actor, |state, _| {
            let r = state.referral(id)?.ok_or_else(|| AppError::not_found("連絡票", "referral", &id.to_string()))?;
            let reply = ReferralReply { referral: id.clone(), status, note: note.trim().to_string(), at: now };
            Ok((Event::ReferralReplied { reply }, r))
        })?;
        self.referral_view(self.store.state(), r)
    }

    /// The printed 連絡票: the referral with the facility's and the mother's details, in 和暦.
    pub fn referral_form(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        id: &ReferralId,
    ) -> Result<ReferralForm, AppError> {
        self.require(actor, UseCase::Referrals)?;
        let state = self.store.state();
        let r = state.referral(id)?.ok_or_else(|| AppError::not_found("連絡票", "referral", &id.to_string()))?;
        self.opened(now, actor, OpenedWhat::Referral, Some(&r.card))?;
        let directory = self.directory();
        let f =
            directory.get(&r.facility).ok_or_else(|| AppError::not_found("施設", "facility", r.facility.as_str()))?;
        let m = state.mother(&r.card)?;
        let b = state.booking(&r.booking.to_string())?;
        let reasons =
            latest_screening(state, &r.booking.to_string(), Some(r.date))?.map(|s| s.reasons).unwrap_or_default();
        let view = self.referral_view(state, r.clone())?;
        Ok(ReferralForm {
            facility: FacilityContact { name: f.name.clone(), address: f.address.clone(), phone: f.phone.clone() },
            mother: view.mother.clone(),
            card: view.card.clone(),
            approval_no: m.as_ref().map(|m| m.approval.approval_no.to_string()).unwrap_or_default(),
            birth_wareki: m.and_then(|m| m.birth).map(|b| calendar::wareki(b.date)),
            service: b.as_ref().map_or(Service::ShortStay, |b| b.service),
            period_wareki: b
                .as_ref()
                .map(|b| format!("{} 〜 {}", calendar::wareki(b.first_day), calendar::wareki(b.last_day())))
                .unwrap_or_default(),
            made_on_wareki: calendar::wareki(r.made_at.date_naive()),
            date_wareki: calendar::wareki(r.date),
            screening_reasons_ja: reasons
                .iter()
                .map(|c| screening::reason_ja(c, &self.program().care().screening))
                .collect(),
            referral: view,
        })
    }

    /// A use's whole record (days with weight changes and highlights, screenings, consent,
    /// referrals with replies). Opening it is audited.
    pub fn care_record(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        booking: &crate::types::BookingId,
    ) -> Result<CareRecordView, AppError> {
        let booking = &booking.to_string();
        self.require(actor, UseCase::CareLog)?;
        let state = self.store.state();
        let b = state.booking(booking)?.ok_or_else(|| AppError::not_found("予約", "booking", booking))?;
        self.opened(now, actor, OpenedWhat::CareRecord, Some(&b.card))?;
        let entries = state.care_of(booking)?;
        let program = self.program();
        let care = program.care();
        let days = entries
            .iter()
            .zip(weight_changes(&entries))
            .map(|(e, w)| CareDayView { outside_normal: outside_normal(e, &w, care), entry: e.into(), weight: w })
            .collect();
        let screenings = state.screenings_of(booking)?;
        let mut referrals = Vec::new();
        for r in state.referrals() {
            let r = r?;
            if r.booking == b.id {
                referrals.push(self.referral_view(state, r)?);
            }
        }
        Ok(CareRecordView {
            booking: b.id.to_string(),
            card: b.card.to_string(),
            mother: state.mother(&b.card)?.map(|m| m.approval.mother.as_str().to_string()).unwrap_or_default(),
            service: b.service,
            days,
            high_need: screenings.iter().max_by_key(|s| s.date).is_some_and(|s| s.high_need),
            screenings,
            consent: state.consent(&b.card, b.service)?,
            referrals,
        })
    }

    /// Whether a mother's latest screening at this install says high need (the desk's flag,
    /// without the scores).
    /// A read that fails says so: a desk told "no need" because a read failed would miss the flag.
    pub(crate) fn high_need(&self, state: &State, card: &CardNumber) -> Result<bool, AppError> {
        let mut latest: Option<crate::ledger::ScreeningRecord> = None;
        for b in state.booking_heads_of(card)? {
            for s in state.screenings_of(&b.id.to_string())? {
                if latest.as_ref().is_none_or(|l| s.date >= l.date) {
                    latest = Some(s);
                }
            }
        }
        Ok(latest.is_some_and(|s| s.high_need))
    }

    /// The 実施報告書 of one use: each day's care, the screening totals, the referrals made.
    pub fn use_report(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        booking: &crate::types::BookingId,
    ) -> Result<UseReport, AppError> {
        let booking = &booking.to_string();
        self.require(actor, UseCase::CareLog)?;
        let state = self.store.state();
        let b = state.booking(booking)?.ok_or_else(|| AppError::not_found("予約", "booking", booking))?;
        self.opened(now, actor, OpenedWhat::CareRecord, Some(&b.card))?;
        let directory = self.directory();
        let f =
            directory.get(&b.facility).ok_or_else(|| AppError::not_found("施設", "facility", b.facility.as_str()))?;
        let s = latest_screening(state, booking, None)?;
        let referrals =
            state.referrals().filter_map(Result::ok).filter(|r| r.booking == b.id).map(|r| r.id.to_string()).collect();
        Ok(UseReport {
            booking: b.id.to_string(),
            facility: FacilityContact { name: f.name.clone(), address: f.address.clone(), phone: f.phone.clone() },
            mother: state.mother(&b.card)?.map(|m| m.approval.mother.as_str().to_string()).unwrap_or_default(),
            card: b.card.to_string(),
            service: b.service,
            period_wareki: format!("{} 〜 {}", calendar::wareki(b.first_day), calendar::wareki(b.last_day())),
            units: b.units,
            days: state
                .care_of(booking)?
                .iter()
                .map(|e| ReportDay {
                    date: e.date,
                    wareki: calendar::wareki(e.date),
                    care_ja: care_given_ja(e),
                    meals: e.meals_served,
                })
                .collect(),
            epds_total: s.as_ref().and_then(|s| s.epds_total),
            bonding_total: s.as_ref().and_then(|s| s.bonding_total),
            high_need: s.is_some_and(|s| s.high_need),
            referrals,
        })
    }

    /// The month's list of uses with their records (実施報告書の一覧), at a facility.
    /// Listing the month's mothers is an opening (audited, no card: many).
    pub fn use_reports(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        month: crate::types::YearMonth,
    ) -> Result<Vec<UseReportLine>, AppError> {
        self.require(actor, UseCase::CareLog)?;
        self.require_mode(Mode::Facility)?;
        let month = &month.to_string();
        let state = self.store.state();
        let mut out = Vec::new();
        for b in state.bookings_in_month(month)? {
            if !matches!(b.status, BookingStatus::CheckedIn | BookingStatus::Completed) {
                continue;
            }
            let id = b.id.to_string();
            let screenings = state.screenings_of(&id)?;
            out.push(UseReportLine {
                mother: state.mother(&b.card)?.map(|m| m.approval.mother.as_str().to_string()).unwrap_or_default(),
                card: b.card.to_string(),
                service: b.service,
                period_wareki: format!("{} 〜 {}", calendar::wareki(b.first_day), calendar::wareki(b.last_day())),
                units: b.units,
                days_recorded: state.care_of(&id)?.len() as u32,
                screened: !screenings.is_empty(),
                high_need: screenings.iter().max_by_key(|s| s.date).is_some_and(|s| s.high_need),
                referrals: state.referrals().filter_map(Result::ok).filter(|r| r.booking == b.id).count() as u32,
                booking: id,
            });
        }
        out.sort_by(|a, b| a.period_wareki.cmp(&b.period_wareki).then(a.booking.cmp(&b.booking)));
        self.opened(now, actor, OpenedWhat::CareRecord, None)?;
        Ok(out)
    }

    /// Screenings and referrals of a period from the working state, for the fiscal-year report
    /// (issue 20): see [`crate::report::care::tally`].
    pub fn care_tally(
        &self,
        actor: &Actor,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<crate::report::care::CareTally, AppError> {
        self.require(actor, UseCase::Claims)?;
        let state = self.store.state();
        let screenings = state.screenings().collect::<Result<Vec<_>, _>>()?;
        let mut referrals = Vec::new();
        for r in state.referrals() {
            let r = r?;
            let reply = state.referral_reply(&r.id)?;
            referrals.push((r, reply));
        }
        Ok(crate::report::care::tally(&screenings, &referrals, from, to, &self.program().care().screening))
    }
}
