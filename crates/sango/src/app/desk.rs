//! The desk's use cases: approvals, births, a mother's quota and the one-screen answer for a card.

use super::ErrorCode;
use chrono::{DateTime, FixedOffset, NaiveDate};

use super::views::{
    AgeView, BirthView, CardRef, DeskView, NextOpen, PoolQuota, QuotaLine, QuotaMap, QuotaSource, UnitFee,
};
use super::{App, AppError};
use crate::calendar;
use crate::ledger::event::OpenedWhat;
use crate::ledger::{Actor, Approval, ApprovalSource, Birth, Event, Mode, MotherRecord, Orientation};
use crate::rules::roles::UseCase;
use crate::rules::{Violation, ViolationCode};
use crate::types::{ApprovalNumber, CardNumber, Household, ParseError, PersonName, PostalCode, Service};

/// An approval as the desk types it from the notice (利用承認通知書).
#[derive(Debug, Clone)]
pub struct ApprovalInput {
    pub card: CardNumber,
    pub approval_no: ApprovalNumber,
    pub mother: PersonName,
    pub services: Vec<Service>,
    pub household: Household,
    pub postal: Option<PostalCode>,
    pub emergency: bool,
}

/// Parses `short-stay,day-care`: at least one service, none twice.
pub fn parse_services(s: &str) -> Result<Vec<Service>, ParseError> {
    let mut out: Vec<Service> = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let service: Service = part.parse()?;
        if !out.contains(&service) {
            out.push(service);
        }
    }
    if out.is_empty() {
        return Err(ParseError::new("services", s, "one or more of short-stay, day-care, home-visit"));
    }
    out.sort();
    Ok(out)
}

pub(crate) fn unknown_card(card: &CardNumber) -> AppError {
    AppError::refused(vec![Violation {
        code: ViolationCode::UnknownCard,
        message_ja: format!("利用者カード番号「{card}」の承認が登録されていません。承認通知書を確認してください。"),
        message_en: format!("No approval is recorded for card {card}. Check the approval notice."),
    }])
}

impl App {
    /// Records an approval from the notice. At a facility it is provisional until the ward's
    /// roster (or its signed code) confirms it; a confirmed approval is never overwritten by hand.
    pub fn approval_add(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        input: ApprovalInput,
    ) -> Result<CardRef, AppError> {
        self.require(actor, UseCase::ApprovalAdd)?;
        let source = match self.mode()? {
            Mode::Ward => ApprovalSource::Ward,
            Mode::Facility => ApprovalSource::Desk,
        };
        let approval = Approval {
            card: input.card.clone(),
            approval_no: input.approval_no,
            mother: input.mother,
            services: input.services,
            household: input.household,
            postal: input.postal,
            emergency: input.emergency,
            source,
            issued_on: None,
        };
        self.write(now, actor, |state, _| {
            if let Some(existing) = state.mother(&approval.card)? {
                if existing.approval.source > source {
                    return Err(AppError::new(
                        ErrorCode::AlreadyConfirmed,
                        "この承認は区によって確認済みのため、手入力では変更できません。変更は区に連絡してください。",
                        "This approval is confirmed by the ward and cannot be changed by hand; ask the ward.",
                    ));
                }
            }
            Ok((Event::ApprovalRecorded { approval: approval.clone() }, ()))
        })?;
        Ok(CardRef { card: input.card.to_string() })
    }

    /// Registers the birth, which opens booking (産前に利用予約をすることはできません).
    pub fn birth_record(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        card: &CardNumber,
        date: NaiveDate,
        babies: u32,
    ) -> Result<CardRef, AppError> {
        self.require(actor, UseCase::ApprovalAdd)?;
        if !(1..=5).contains(&babies) {
            return Err(ParseError::new("babies", &babies.to_string(), "1 to 5").into());
        }
        if date > now.date_naive() {
            return Err(AppError::new(
                ErrorCode::BirthInFuture,
                format!("出生日 {date} は今日より後です。出産後に登録してください。"),
                format!("The birth date {date} is after today: register the birth once it has happened."),
            ));
        }
        self.write(now, actor, |state, _| {
            state.mother(card)?.ok_or_else(|| unknown_card(card))?;
            Ok((Event::BirthRecorded { card: card.clone(), birth: Birth { date, babies: babies as u8 } }, ()))
        })?;
        Ok(CardRef { card: card.to_string() })
    }

    /// Records an orientation visit during pregnancy (encouraged by the ward before any booking).
    pub fn orientation_record(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        card: &CardNumber,
        date: NaiveDate,
        notes: &str,
    ) -> Result<Vec<Orientation>, AppError> {
        self.require(actor, UseCase::Orientation)?;
        self.require_mode(Mode::Facility)?;
        if date > now.date_naive() || notes.chars().count() > 2000 {
            return Err(AppError::new(
                ErrorCode::BadOrientation,
                "オリエンテーションの日付は今日以前で入力してください(メモは2000字まで)。",
                "The orientation date must be today or earlier (notes up to 2000 characters).",
            ));
        }
        let orientation = Orientation { card: card.clone(), date, notes: notes.trim().to_string() };
        self.write(now, actor, |_, _| Ok((Event::OrientationRecorded { orientation }, ())))?;
        Ok(self.store.state().orientations_of(card)?)
    }

    pub(crate) fn mother(&self, card: &CardNumber) -> Result<MotherRecord, AppError> {
        self.store.state().mother(card)?.ok_or_else(|| unknown_card(card))
    }

    /// Her limit, used, booked and remaining per service, summed over every facility:
    /// this install's own records plus, at a facility, the ward's roster for the others. A
    /// pooled service's line carries the pool's one count over its services; `remaining` is
    /// the least of its own and the pool's.
    pub fn quota(&self, card: &CardNumber, today: NaiveDate) -> Result<Vec<QuotaLine>, AppError> {
        let mother = self.mother(card)?;
        let (history, _, _) = super::history::load(self.store.state(), card, None)?;
        let program = self.program();
        let mut lines = Vec::new();
        for service in Service::ALL {
            let mut sources: Vec<QuotaSource> = Vec::new();
            for u in history.uses.iter().filter(|u| u.service == service) {
                let source = if u.from_roster { "roster" } else { "own" };
                let i = match sources.iter().position(|s| s.facility == u.facility && s.source == source) {
                    Some(i) => i,
                    None => {
                        sources.push(QuotaSource {
                            facility: u.facility.clone(),
                            used: 0,
                            booked: 0,
                            source: source.into(),
                        });
                        sources.len() - 1
                    }
                };
                let n = crate::rules::MotherHistory::counted_units(&program, u);
                if u.used {
                    sources[i].used += n;
                } else {
                    sources[i].booked += n;
                }
            }
            let (own, pool) = history.standing(&program, service, today);
            // The line's own numbers: the service's limit, else (pooled, no cap) the pool's.
            let line = own.or(pool.map(|(_, t)| t));
            let used: u32 = sources.iter().map(|s| s.used).sum();
            let booked: u32 = sources.iter().map(|s| s.booked).sum();
            let remaining = history.remaining(&program, service, today);
            lines.push(QuotaLine {
                service,
                approved: mother.approval.services.contains(&service),
                limit: line.and_then(|t| t.limit).unwrap_or(0),
                used,
                booked,
                remaining: remaining.unwrap_or(0),
                limit_unknown: program.service(service).is_some() && remaining.is_none(),
                pool: pool.map(|(p, t)| PoolQuota {
                    name_ja: p.name_ja.clone(),
                    services: p.services.clone(),
                    limit: t.limit.unwrap_or(0),
                    used: t.used,
                    booked: t.booked,
                    remaining: t.remaining().unwrap_or(0),
                }),
                by_facility: sources,
            });
        }
        Ok(lines)
    }

    /// `sango quota`: the lines keyed by the service's spelling; the opening is journaled.
    pub fn quota_map(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        card: &CardNumber,
    ) -> Result<QuotaMap, AppError> {
        self.require(actor, UseCase::DeskLookup)?;
        let lines = self.quota(card, now.date_naive())?;
        self.opened(now, actor, OpenedWhat::DeskLookup, Some(card))?;
        Ok(lines.into_iter().map(|l| (l.service.code().to_string(), l)).collect())
    }

    /// The desk's one-screen answer for a card number.
    /// Opening her record is journaled (`Event::Opened`, card only) for the audit view.
    pub fn desk_lookup(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        card: &CardNumber,
    ) -> Result<DeskView, AppError> {
        self.require(actor, UseCase::DeskLookup)?;
        let today = now.date_naive();
        let m = self.mother(card)?;
        self.opened(now, actor, OpenedWhat::DeskLookup, Some(card))?;
        let a = &m.approval;
        let age = m.birth.filter(|b| b.date <= today).map(|b| AgeView {
            months: calendar::completed_months(b.date, today),
            weeks: calendar::completed_weeks(b.date, today),
            days: (today - b.date).num_days(),
        });
        let household = a.household;
        let mut next_open = Vec::new();
        let mut unit_fees = Vec::new();
        for &service in &a.services {
            if self.mode()? == Mode::Facility {
                next_open.push(NextOpen { service, dates: self.next_open_dates(service, today, 5)? });
            }
            let units = self.program().min_units(service);
            if let Ok(fee) = self.program().fee(service, today, units, household) {
                let (per_ja, per_en) = (self.program().unit_words_ja(service), self.program().unit_words_en(service));
                unit_fees.push(UnitFee { service, fee, per_ja, per_en });
            }
        }
        let bookings = self
            .store
            .state()
            .bookings_of(card)?
            .iter()
            .map(|b| self.booking_view(b, Some(&a.mother)))
            .collect::<Result<_, _>>()?;
        Ok(DeskView {
            card: card.to_string(),
            approval_no: a.approval_no.to_string(),
            mother: a.mother.as_str().into(),
            household: (self.mode()? == Mode::Ward || a.source == ApprovalSource::Desk).then_some(household),
            fee_band: self.program().fee_band(household),
            postal: a.postal.as_ref().map(|p| p.formatted()),
            provisional: a.provisional(),
            emergency: a.emergency,
            ward_confirmed: !a.provisional(),
            services: a.services.clone(),
            birth: m.birth.map(|b| BirthView { date: b.date, babies: b.babies }),
            age,
            quota: self.quota(card, today)?,
            bookings,
            next_open,
            unit_fees,
            roster_as_of: self.store.state().roster()?.map(|r| r.created_at),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_parse_sorted_without_repeats() {
        assert_eq!(
            parse_services("home-visit, short-stay,home-visit").unwrap(),
            vec![Service::ShortStay, Service::HomeVisit]
        );
        assert!(parse_services("").is_err());
        assert!(parse_services("spa").is_err());
    }
}
