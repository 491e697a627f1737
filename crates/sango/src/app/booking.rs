//! Booking, rescheduling and cancelling: every rule asked of the rules engine, every change
//! through the one writer so that two desks racing for the last bed cannot both win.

use chrono::{DateTime, Datelike, Days, FixedOffset, NaiveDate};

use super::views::{BookResult, BookingView, CancelResult, DayCell, MonthView, Quote, WaitingView};
use super::{App, AppError, BookingRequest, ErrorCode};
use crate::calendar::{self, ClosedDays};
use crate::directory::FacilityService;
use crate::ledger::event::BookingChange;
use crate::ledger::{Actor, Booking, BookingStatus, Event, Mode, State, WaitEntry};
use crate::money::Fee;
use crate::program::Program;
use crate::rules::lifecycle;
use crate::rules::roles::UseCase;
use crate::rules::{self, Assessment, DateSpan};
use crate::types::{parse_date, BookingId, CardNumber, Household, PersonName, Service};

/// The fee of a use under the built-in program (`sango fee`: needs no store).
pub fn fee(service: Service, first_day: NaiveDate, units: u32, household: Household) -> Result<Fee, AppError> {
    fee_with(&Program::builtin(), service, first_day, units, household, 1)
}

/// The fee of a use under `program` for a birth of `babies` (`fee --program NAME|FILE --babies N`).
pub fn fee_with(
    program: &Program,
    service: Service,
    first_day: NaiveDate,
    units: u32,
    household: Household,
    babies: u8,
) -> Result<Fee, AppError> {
    let units = asked_units(program, service, Some(units))?;
    program.fee_for(service, first_day, units, household, babies).map_err(rule_error)
}

/// The days or visits asked for, within what any use of the program could be (`bad_units` outside:
/// a typing slip, not a rule), from either door and for a price alone: a visit at a time, and no
/// longer than the program's longest use. `None`: the program's shortest. The rules then judge it
/// (a one-day stay is `too_short`).
fn asked_units(program: &Program, service: Service, asked: Option<u32>) -> Result<u32, AppError> {
    if service == Service::HomeVisit {
        return match asked {
            None | Some(1) => Ok(1),
            Some(_) => Err(AppError::new(
                ErrorCode::BadUnits,
                "訪問は1回ずつ予約してください。",
                "Book home visits one visit at a time.",
            )),
        };
    }
    let units = asked.unwrap_or_else(|| program.min_units(service));
    let most = program.max_units(service).max(program.min_units(service));
    if units == 0 || units > most {
        return Err(AppError::new(
            ErrorCode::BadUnits,
            format!("日数は1〜{most}日で指定してください。"),
            format!("Days must be 1 to {most}."),
        ));
    }
    Ok(units)
}

/// A program question that cannot be answered: a rule's refusal (exit 3) with its violation
/// (`too_short`, `no_fee_schedule`, `program_incomplete`), an overflow a bad value.
pub(crate) fn rule_error(e: crate::program::RuleError) -> AppError {
    let unit = match &e {
        crate::program::RuleError::TooShort { service, .. } if *service == Service::HomeVisit => {
            crate::program::Unit::Visit
        }
        _ => crate::program::Unit::Day,
    };
    match rules::of_rule_error(&e, unit) {
        Some(v) => AppError::refused(vec![v]),
        None => AppError::new(ErrorCode::BadUnits, "金額が大きすぎます。日数・回数を確認してください。", e.to_string()),
    }
}

/// A booking request checked against the state: what it would be, and what it breaks.
struct Assessed {
    card: CardNumber,
    service: Service,
    first_day: NaiveDate,
    units: u32,
    reason: Option<String>,
    fee: Option<Fee>,
    cancel_by: DateTime<FixedOffset>,
    assessment: Assessment,
}

impl App {
    pub(crate) fn closed_days(&self) -> Result<ClosedDays, AppError> {
        Ok(ClosedDays::parse(&self.settings()?.closed)?)
    }

    /// The cancellation deadline of a use on `date` (`sango deadline`), of `service` where the
    /// program sets an hour per service.
    pub fn deadline(
        &self,
        actor: &Actor,
        date: NaiveDate,
        service: Option<Service>,
    ) -> Result<DateTime<FixedOffset>, AppError> {
        self.require(actor, UseCase::Booking)?;
        self.require_mode(Mode::Facility)?;
        let hour = service.map_or(self.program().cancel_hour(), |s| self.program().cancel_hour_of(s));
        let hour = hour.ok_or_else(|| {
            AppError::refused(vec![rules::program_incomplete("キャンセル期限の時刻", "the cancellation hour")])
        })?;
        Ok(calendar::cancel_by_hour(date, &self.closed_days()?, hour))
    }

    /// Whether `service` runs at this facility on `date` (offered, an offered weekday, not closed).
    fn service_runs_on(offer: Option<&FacilityService>, date: NaiveDate, closed: &ClosedDays) -> bool {
        offer.is_some_and(|o| o.runs_on_weekday(date)) && !closed.is_closed(date)
    }

    /// The next days with a free place for `service`, from `from` on.
    pub(crate) fn next_open_dates(
        &self,
        service: Service,
        from: NaiveDate,
        n: usize,
    ) -> Result<Vec<NaiveDate>, AppError> {
        let closed = self.closed_days()?;
        let capacity = self.settings()?.capacity.of(service);
        let facility = self.facility()?;
        let offer = facility.service(service);
        let mut out = Vec::new();
        for i in 0..120 {
            let d = from + Days::new(i);
            if App::service_runs_on(offer, d, &closed) && self.store.state().occupancy(service, d)? < capacity {
                out.push(d);
                if out.len() == n {
                    break;
                }
            }
        }
        Ok(out)
    }

    fn assess(
        &self,
        state: &State,
        now: DateTime<FixedOffset>,
        input: &BookingRequest,
        except: Option<&str>,
    ) -> Result<Assessed, AppError> {
        self.require_mode(Mode::Facility)?;
        let card = input.card.clone();
        let first_day = input.first_day;
        let service = input.service;
        let units = asked_units(&self.program(), service, input.units)?;
        let reason = input.reason.clone();
        let facility = self.facility()?;
        let settings = state.settings()?;
        let closed = ClosedDays::parse(&settings.closed)?;
        let mother = state.mother(&card)?;
        let (history, others, roster) = super::history::load(state, &card, except)?;
        let spans: Vec<DateSpan> = others
            .iter()
            .filter(|b| b.status.counts())
            .filter_map(|b| DateSpan::of_use(b.service, b.first_day, b.units))
            .chain(
                roster
                    .iter()
                    .filter(|u| u.status.counts())
                    .filter_map(|u| DateSpan::of_use(u.service, u.first_day, u.units)),
            )
            .collect();
        let new_user = !others.iter().any(|b| b.facility == facility.id && b.status.is_used());
        // Read before the rules ask: a failed read is an error, never "no place taken".
        let mut taken = std::collections::BTreeMap::new();
        for d in DateSpan::of_use(service, first_day, units).iter().flat_map(DateSpan::days) {
            taken.insert(d, state.occupancy_except(service, d, except)?);
        }
        let occupancy = |d: NaiveDate| -> u32 { taken.get(&d).copied().unwrap_or(0) };
        // The facility's own visit areas (設定) override the directory's inferred ones.
        let facility = match &settings.visit_areas {
            Some(areas) => {
                let mut f = facility.clone();
                f.services
                    .iter_mut()
                    .filter(|s| s.service == Service::HomeVisit)
                    .for_each(|s| s.visit_areas = areas.clone());
                std::borrow::Cow::Owned(f)
            }
            None => std::borrow::Cow::Borrowed(&facility),
        };
        let assessment = rules::check_use(
            &rules::UseRequest { service, first_day, units, reason: reason.as_deref() },
            &rules::UseContext {
                program: &self.program(),
                facility: &facility,
                closed: &closed,
                approval: mother.as_ref().map(|m| rules::ApprovalFacts {
                    services: &m.approval.services,
                    household: m.approval.household,
                    postal_code: m.approval.postal.as_ref(),
                    provisional: m.approval.provisional(),
                }),
                birth: mother
                    .as_ref()
                    .and_then(|m| m.birth)
                    .map(|b| rules::BirthFacts { date: b.date, babies: b.babies }),
                history: &history,
                other_uses: &spans,
                capacity: Some(settings.capacity.of(service)),
                taken: &occupancy,
                new_user,
                today: now.date_naive(),
            },
        );
        let household = mother.as_ref().map(|m| m.approval.household).unwrap_or(Household::Standard);
        let babies = history.babies;
        let fee = self.program().fee_for(service, first_day, units, household, babies).ok();
        let mut assessment = assessment;
        let hour = self.program().cancel_hour_of(service).unwrap_or_else(|| {
            // Not published: the booking is refused, so this deadline is never kept.
            assessment.violations.push(rules::program_incomplete("キャンセル期限の時刻", "the cancellation hour"));
            0
        });
        let cancel_by = calendar::cancel_by_hour(first_day, &closed, hour);
        Ok(Assessed { card, service, first_day, units, reason, fee, cancel_by, assessment })
    }

    /// A dry run of a booking: the fee, the deadline and every violation; nothing is written.
    pub fn quote(&self, now: DateTime<FixedOffset>, actor: &Actor, input: &BookingRequest) -> Result<Quote, AppError> {
        self.require(actor, UseCase::Booking)?;
        let a = self.assess(self.store.state(), now, input, None)?;
        let refused = !a.assessment.violations.is_empty();
        Ok(Quote {
            // A refused use has no price: the desk must not read a fee beside the refusal.
            fee: if refused { None } else { a.fee },
            last_day: DateSpan::of_use(a.service, a.first_day, a.units).map_or(a.first_day, |s| s.last),
            cancel_by: a.cancel_by,
            violations: a.assessment.violations,
            warnings: a.assessment.warnings,
            min_units: self.program().min_units(a.service),
            max_units: self.program().max_units(a.service).max(self.program().min_units(a.service)),
        })
    }

    /// Books a use, or refuses it with every rule it breaks.
    pub fn book(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        input: &BookingRequest,
    ) -> Result<BookResult, AppError> {
        self.require(actor, UseCase::Booking)?;
        let facility = self.facility()?.id.clone();
        self.write(now, actor, |state, seq| {
            let a = self.assess(state, now, input, None)?;
            if !a.assessment.violations.is_empty() {
                return Err(AppError::refused(a.assessment.violations));
            }
            let fee = a.fee.ok_or_else(|| {
                AppError::new(
                    ErrorCode::NoFeeSchedule,
                    "この日の料金表がありません。",
                    "No fee schedule covers that date.",
                )
            })?;
            let booking = Booking {
                id: BookingId::in_epoch(facility.clone(), state.epoch()?, seq),
                facility: facility.clone(),
                card: a.card,
                service: a.service,
                first_day: a.first_day,
                units: a.units,
                status: BookingStatus::Booked,
                reason: a.reason,
                fee,
                cancel_by: a.cancel_by,
                booked_at: now,
                screening: None,
                payment: None,
            };
            let out = BookResult { booking: booking.id.to_string(), warnings: a.assessment.warnings };
            Ok((Event::BookingSaved { change: BookingChange::Booked, booking }, out))
        })
    }

    /// Moves a booking to another date (or length), checked like a new one.
    pub fn reschedule(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        id: &crate::types::BookingId,
        date: &str,
        days: Option<u32>,
    ) -> Result<BookingView, AppError> {
        let id = &id.to_string();
        self.require(actor, UseCase::Booking)?;
        let first_day = parse_date(date)?;
        let booking = self.write(now, actor, |state, _| {
            let old = self.booking_by_id(state, id)?;
            lifecycle::reschedule(old.status).map_err(|r| super::lifecycle::refused(&old, r))?;
            let input = BookingRequest {
                card: old.card.clone(),
                service: old.service,
                first_day,
                units: days.or(Some(old.units)),
                reason: old.reason.clone(),
            };
            let a = self.assess(state, now, &input, Some(id))?;
            if !a.assessment.violations.is_empty() {
                return Err(AppError::refused(a.assessment.violations));
            }
            let fee = a.fee.ok_or_else(|| {
                AppError::new(
                    ErrorCode::NoFeeSchedule,
                    "この日の料金表がありません。",
                    "No fee schedule covers that date.",
                )
            })?;
            let booking = Booking { first_day: a.first_day, units: a.units, fee, cancel_by: a.cancel_by, ..old };
            Ok((Event::BookingSaved { change: BookingChange::Rescheduled, booking: booking.clone() }, booking))
        })?;
        self.booking_view(&booking, None)
    }

    /// A booking by its id, or `not_found`.
    pub(crate) fn booking_by_id(&self, state: &State, id: &str) -> Result<Booking, AppError> {
        state.booking(id)?.ok_or_else(|| AppError::not_found("予約", "booking", id))
    }

    /// What cancelling now would mean: late or not, and the charge.
    pub fn cancel_preview(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        id: &crate::types::BookingId,
    ) -> Result<CancelResult, AppError> {
        let id = &id.to_string();
        self.require(actor, UseCase::Cancel)?;
        let b = self.booking_by_id(self.store.state(), id)?;
        let (c, charge) = self.cancel_terms(&b, now)?;
        Ok(CancelResult { late: c.late, cancel_by: b.cancel_by, charge, offered_to: None })
    }

    /// The cancellation the rules allow now, and what it charges (a late one, the no-show fee).
    fn cancel_terms(
        &self,
        b: &Booking,
        now: DateTime<FixedOffset>,
    ) -> Result<(lifecycle::Cancellation, Fee), AppError> {
        let c = lifecycle::cancel(b.status, b.cancel_by, now).map_err(|r| super::lifecycle::refused(b, r))?;
        let household =
            self.store.state().mother(&b.card)?.map(|m| m.approval.household).unwrap_or(Household::Standard);
        let charge = if c.late {
            self.program().no_show_fee(b.service, b.first_day, b.units, household).map_err(rule_error)?
        } else {
            Fee::ZERO
        };
        Ok((c, charge))
    }

    /// Cancels: in time, the days come back; late (after 10:00 the open day before), the use is
    /// deemed to have happened (利用したものとみなし) and the user share is charged.
    pub fn cancel(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        id: &crate::types::BookingId,
    ) -> Result<CancelResult, AppError> {
        let id = &id.to_string();
        self.require(actor, UseCase::Cancel)?;
        let (late, b) = self.write(now, actor, |state, _| {
            let b = self.booking_by_id(state, id)?;
            let (c, charge) = self.cancel_terms(&b, now)?;
            // Late: deemed used and charged; in time: the days come back, the fee as it was.
            let fee = if c.late { charge } else { b.fee };
            let booking = Booking { status: c.step.status, fee, ..b };
            Ok((Event::BookingSaved { change: c.step.change, booking: booking.clone() }, (c.late, booking)))
        })?;
        let charge = if late { b.fee } else { Fee::ZERO };
        let offered_to = if late { None } else { self.first_waiting(&b, now)? };
        Ok(CancelResult { late, cancel_by: b.cancel_by, charge, offered_to })
    }

    /// The first waiting mother whose request the freed place can now take.
    fn first_waiting(&self, freed: &Booking, now: DateTime<FixedOffset>) -> Result<Option<WaitingView>, AppError> {
        let mut waits = self.store.state().waits()?;
        waits.sort_by(|a, b| a.1.since.cmp(&b.1.since).then(a.0.cmp(&b.0)));
        for (_, w) in waits {
            let overlaps = w.service == freed.service
                && DateSpan::of_use(w.service, w.first_day, w.units.max(1)).is_some_and(|s| s.overlaps(&freed.span()));
            if !overlaps {
                continue;
            }
            let input = BookingRequest {
                card: w.card.clone(),
                service: w.service,
                first_day: w.first_day,
                units: Some(w.units),
                reason: None,
            };
            let ok = self
                .assess(self.store.state(), now, &input, None)
                .map(|a| a.assessment.violations.is_empty())
                .unwrap_or(false);
            if ok {
                let mother = self
                    .store
                    .state()
                    .mother(&w.card)?
                    .map(|m| m.approval.mother.as_str().to_string())
                    .unwrap_or_default();
                return Ok(Some(WaitingView {
                    card: w.card.to_string(),
                    mother,
                    service: w.service,
                    date: w.first_day,
                    units: w.units,
                }));
            }
        }
        Ok(None)
    }

    /// Puts a mother refused for a full day on that day's waiting list (キャンセル待ち).
    pub fn wait_list_add(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        input: &BookingRequest,
    ) -> Result<u32, AppError> {
        self.require(actor, UseCase::Booking)?;
        self.write(now, actor, |state, seq| {
            let a = self.assess(state, now, input, None)?;
            let only_full = a.assessment.violations.iter().all(|v| v.code == rules::ViolationCode::FacilityFull);
            if a.assessment.violations.is_empty() || !only_full {
                return Err(AppError::new(
                    ErrorCode::NotWaitable,
                    "キャンセル待ちは、満員のみが理由で予約できない場合に登録できます。",
                    "The waiting list is for requests refused only because the day is full.",
                ));
            }
            let position =
                state.waits()?.iter().filter(|(_, w)| w.service == a.service && w.first_day == a.first_day).count()
                    as u32
                    + 1;
            let key = format!("{}:{:020}", a.first_day, seq);
            let entry =
                WaitEntry { card: a.card, service: a.service, first_day: a.first_day, units: a.units, since: now };
            Ok((Event::WaitListed { key, entry }, position))
        })
    }

    /// A month of one service: free places, closed days and holidays (予約カレンダー).
    pub fn calendar_month(
        &self,
        actor: &Actor,
        service: Service,
        month: crate::types::YearMonth,
    ) -> Result<MonthView, AppError> {
        self.require(actor, UseCase::Booking)?;
        let first = month.first_day();
        let closed = self.closed_days()?;
        let capacity = self.settings()?.capacity.of(service);
        let waits = self.store.state().waits()?;
        let facility = self.facility()?;
        let offer = facility.service(service);
        let mut days = Vec::new();
        let mut d = first;
        while d.month() == first.month() {
            let runs = App::service_runs_on(offer, d, &closed);
            let taken = self.store.state().occupancy(service, d)?;
            days.push(DayCell {
                date: d,
                weekday: d.weekday().num_days_from_monday() as u8,
                closed: !runs,
                holiday: calendar::holiday_name(d).map(str::to_string),
                capacity,
                taken,
                free: if runs { capacity.saturating_sub(taken) } else { 0 },
                waiting: waits.iter().filter(|(_, w)| w.service == service && w.first_day == d).count() as u32,
            });
            d = d + Days::new(1);
        }
        Ok(MonthView { service, month: month.to_string(), days })
    }

    /// A use as the screens list it. A failed read of her name or screenings is an error, not a blank.
    pub(crate) fn booking_view(&self, b: &Booking, mother: Option<&PersonName>) -> Result<BookingView, AppError> {
        let mother = match mother {
            Some(m) => m.as_str().to_string(),
            // A booking of a mother this install holds no approval for (a roster not yet received).
            None => {
                self.store.state().mother(&b.card)?.map(|m| m.approval.mother.as_str().to_string()).unwrap_or_default()
            }
        };
        Ok(BookingView {
            id: b.id.to_string(),
            facility: b.facility.to_string(),
            card: b.card.to_string(),
            mother,
            service: b.service,
            first_day: b.first_day,
            last_day: b.last_day(),
            units: b.units,
            status: b.status,
            fee: b.fee,
            cancel_by: b.cancel_by,
            paid: b.payment.is_some(),
            reason: b.reason.clone(),
            high_need: self.high_need(self.store.state(), &b.card)?,
        })
    }
}

pub(crate) fn status_ja(s: BookingStatus) -> &'static str {
    s.name_ja()
}
