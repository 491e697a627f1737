//! [`check_use`]: every rule of a use, each adding its violations and warnings.

use chrono::NaiveDate;

use super::messages::{self as m, AgeFailure, LimitSource};
use super::{Assessment, DateSpan, QuotaFailure, UseContext, UseRequest, Violation};
use crate::calendar::last_permitted_day;
use crate::directory::FacilityService;
use crate::program::{Program, RuleError, Unit};
use crate::types::{AgeLimit, Household, Service};

/// Checks a use against every rule of the program and the facility, and returns every violation
/// and warning (see the module documentation for the decisions taken).
///
/// # Example
/// A 3-day stay whose last day crosses the facility's 「生後2か月未満」:
/// ```
/// use chrono::NaiveDate;
/// use sango::{calendar::ClosedDays, program::Program, rules::*, types::*};
/// use sango::directory::{Facility, FacilityService};
///
/// let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
/// let program = Program::builtin();
/// let facility = Facility {
///     id: "seibo".parse().unwrap(), name: "聖母病院".into(), short_name: "聖母病院".into(),
///     address: String::new(), phone: String::new(),
///     services: vec![FacilityService {
///         service: Service::ShortStay,
///         age_limit: Some(AgeLimit { unit: AgeUnit::Months, n: 2, bound: AgeBound::Under, soft: false }),
///         weekdays: None, must_follow_delivery: false, visit_areas: vec![],
///         new_user_postal_codes: None, note_ja: String::new(),
///         max_stay_days: None, visit_areas_inferred: false, lead_midwife: None,
///     }],
/// };
/// let services = [Service::ShortStay];
/// let ctx = UseContext {
///     program: &program, facility: &facility, closed: &ClosedDays::default(),
///     approval: Some(ApprovalFacts { services: &services, household: Household::Standard, postal_code: None, provisional: false }),
///     birth: Some(BirthFacts { date: d(1, 10), babies: 1 }),
///     history: &MotherHistory::default(), other_uses: &[], capacity: None, taken: &|_| 0, new_user: true, today: d(3, 1),
/// };
/// // 3/8–3/10: two months are complete on 3/10.
/// let stay = UseRequest { service: Service::ShortStay, first_day: d(3, 8), units: 3, reason: None };
/// let a = check_use(&stay, &ctx);
/// assert_eq!(a.violation_codes(), [ViolationCode::ChildTooOld]);
/// assert!(a.violations[0].message_ja.contains("利用最終日"));
/// // One day shorter fits.
/// assert!(check_use(&UseRequest { units: 2, ..stay }, &ctx).is_ok());
/// ```
pub fn check_use(req: &UseRequest, ctx: &UseContext) -> Assessment {
    let mut out = Out::default();
    let service = req.service;
    let program_rule = ctx.program.service(service);
    let facility_service = ctx.facility.services.iter().find(|s| s.service == service);
    let unit = program_rule.map_or(Unit::Day, |r| r.unit);
    // Capped: a longer use is over every limit, and the days need not all be walked.
    let span = DateSpan::of_use(service, req.first_day, req.units.min(super::MAX_USE_DAYS));

    // Who she is: approval and birth.
    match &ctx.approval {
        None => out.refuse(m::unknown_card()),
        Some(a) => {
            if !a.services.contains(&service) {
                out.refuse(m::not_approved(service));
            }
            if a.provisional {
                out.warn(m::provisional_approval());
            }
        }
    }
    match ctx.birth {
        None => out.refuse(m::birth_not_registered()),
        Some(b) if req.first_day < b.date => out.refuse(m::before_birth(req.first_day, b.date)),
        Some(_) => {}
    }

    // What is offered.
    if program_rule.is_none() {
        out.refuse(m::not_in_program(service, ctx.program.name_ja(), ctx.program.name_en()));
    }
    if facility_service.is_none() {
        out.refuse(m::not_offered(service, &ctx.facility.short_name));
    }

    // How much and when.
    let min_units = ctx.program.min_units(service);
    if req.units == 0 || req.units < min_units {
        out.refuse(m::too_short(service, unit, req.units, min_units.max(1)));
    }
    if service == Service::HomeVisit && req.units > 1 {
        out.refuse(m::one_visit_per_booking(req.units));
    }
    if req.first_day < ctx.today {
        out.refuse(m::date_in_past(req.first_day, ctx.today));
    }

    if let Some(span) = span {
        check_ages(req, ctx, facility_service, &span, &mut out);
        if let Some(other) = ctx.other_uses.iter().find(|o| o.overlaps(&span)) {
            out.refuse(m::overlapping_use(other));
        }
        check_calendar(req, ctx, facility_service, &span, &mut out);
    }

    check_quota(req, ctx, unit, &mut out);
    if let Some(fs) = facility_service {
        check_visit_area(ctx, fs, &mut out);
        if fs.must_follow_delivery {
            out.warn(m::must_follow_delivery(&ctx.facility.short_name));
        }
    }

    let household = ctx.approval.as_ref().map_or(Household::Standard, |a| a.household);
    let babies = ctx.birth.map_or(1, |b| b.babies);
    let fee = match ctx.program.fee_for(service, req.first_day, req.units, household, babies) {
        Ok(fee) => Some(fee),
        Err(RuleError::NoFeeSchedule { service, day }) => {
            out.refuse(m::no_fee_schedule(service, day));
            None
        }
        Err(RuleError::Incomplete { what_ja, what_en }) => {
            out.refuse(m::program_incomplete(&what_ja, &what_en));
            None
        }
        // Too short and not in the program are reported above; an overflow is over the quota.
        Err(_) => None,
    };

    Assessment { violations: out.violations, warnings: out.warnings, fee }
}

#[derive(Default)]
struct Out {
    violations: Vec<Violation>,
    warnings: Vec<Violation>,
}

impl Out {
    fn refuse(&mut self, v: Violation) {
        self.violations.push(v);
    }

    fn warn(&mut self, v: Violation) {
        self.warnings.push(v);
    }
}

/// Every day of the use (on or after the birth) against every age limit, program and facility.
/// Each failing limit is reported once, on its first failing day.
fn check_ages(req: &UseRequest, ctx: &UseContext, fs: Option<&FacilityService>, span: &DateSpan, out: &mut Out) {
    let Some(birth) = ctx.birth else { return };
    let days: Vec<NaiveDate> = span.days().collect();
    let reason = req.reason.map(str::trim).filter(|r| !r.is_empty());
    for (limit, source, i, day) in failing_age_limits(ctx.program, fs, req.service, birth.date, &days) {
        let failure = AgeFailure {
            limit,
            source,
            day,
            nth: i + 1,
            total: days.len(),
            last_permitted: last_permitted_day(limit, birth.date),
        };
        match (limit.soft, reason) {
            (false, _) => out.refuse(m::child_too_old(&failure)),
            (true, None) => out.refuse(m::over_recommended_age(&failure, None)),
            (true, Some(r)) => out.warn(m::over_recommended_age(&failure, Some(r))),
        }
    }
}

/// Each age limit (the program's, then the facility's) that some day of `days` on or after the
/// birth breaks, with the first such day and its index.
fn failing_age_limits<'a>(
    program: &'a Program,
    fs: Option<&'a FacilityService>,
    service: Service,
    born: NaiveDate,
    days: &'a [NaiveDate],
) -> impl Iterator<Item = (&'a AgeLimit, LimitSource, usize, NaiveDate)> + 'a {
    program
        .age_limits(service)
        .iter()
        .map(|l| (l, LimitSource::Program))
        .chain(fs.and_then(|f| f.age_limit.as_ref()).map(|l| (l, LimitSource::Facility)))
        .filter_map(move |(limit, source)| {
            let (i, day) = days.iter().enumerate().find(|(_, d)| **d >= born && !limit.permits(born, **d))?;
            Some((limit, source, i, *day))
        })
}

/// Whether a use, as it was recorded, lies outside the baby's age on some day: before the birth,
/// past a hard limit, or past a soft one with no reason recorded (what [`check_use`] refuses).
/// The ward's claims ask it of every use a facility claims.
pub fn outside_age(
    program: &Program,
    fs: Option<&FacilityService>,
    service: Service,
    born: NaiveDate,
    first_day: NaiveDate,
    units: u32,
    reason: Option<&str>,
) -> bool {
    let Some(span) = DateSpan::of_use(service, first_day, units.min(super::MAX_USE_DAYS)) else { return false };
    if span.first < born {
        return true;
    }
    let days: Vec<NaiveDate> = span.days().collect();
    let reason = reason.map(str::trim).is_some_and(|r| !r.is_empty());
    let outside = failing_age_limits(program, fs, service, born, &days).any(|(limit, ..)| !limit.soft || !reason);
    outside
}

/// Closed days, weekdays and room. A stay needs an open check-in day (once begun it runs through
/// closed days); day care and visits need every day open. Room is needed on every day.
fn check_calendar(req: &UseRequest, ctx: &UseContext, fs: Option<&FacilityService>, span: &DateSpan, out: &mut Out) {
    let must_be_open: Vec<NaiveDate> = match req.service {
        Service::ShortStay | Service::HomeVisit => vec![span.first],
        Service::DayCare => span.days().collect(),
    };
    let closed: Vec<NaiveDate> = must_be_open.iter().copied().filter(|d| ctx.closed.is_closed(*d)).collect();
    if !closed.is_empty() {
        out.refuse(m::facility_closed(req.service, &closed));
    }
    if let (Some(f), Some(weekdays)) = (fs, fs.and_then(|f| f.weekdays.as_deref())) {
        let off: Vec<NaiveDate> = must_be_open.iter().copied().filter(|d| !f.runs_on_weekday(*d)).collect();
        if !off.is_empty() {
            out.refuse(m::not_offered_that_weekday(req.service, weekdays, &off));
        }
    }
    if let (Some(capacity), Some(_)) = (ctx.capacity, fs) {
        let full: Vec<NaiveDate> = span.days().filter(|d| (ctx.taken)(*d) >= capacity).collect();
        if !full.is_empty() {
            out.refuse(m::facility_full(capacity, &full));
        }
    }
}

/// Her own limit for the service and its pool's, by [`super::MotherHistory`].
fn check_quota(req: &UseRequest, ctx: &UseContext, unit: Unit, out: &mut Out) {
    if ctx.program.service(req.service).is_none() {
        return;
    }
    let babies = ctx.birth.map_or(1, |b| b.babies);
    for failure in ctx.history.failures(ctx.program, req.service, req.first_day, req.units) {
        out.refuse(match failure {
            QuotaFailure::Unknown { pool: Some(pool) } => {
                m::program_incomplete(&format!("{pool}の利用上限"), "the pooled limit")
            }
            QuotaFailure::Unknown { pool: None } => {
                m::program_incomplete(&format!("{}の利用上限", req.service.name_ja()), "the limit")
            }
            QuotaFailure::Over { limit, counted, pool: Some(pool) } => {
                m::pool_exceeded(&pool, unit, limit, counted, req.units)
            }
            QuotaFailure::Over { limit, counted, pool: None } => {
                m::quota_exceeded(req.service, unit, limit, counted, req.units, babies >= 2)
            }
            QuotaFailure::OnceUsed => m::once_used(req.service),
        });
    }
}

/// Visit areas by postal district; a new user's neighbourhoods by 7-digit code.
fn check_visit_area(ctx: &UseContext, fs: &FacilityService, out: &mut Out) {
    let new_user_codes = fs.new_user_postal_codes.as_deref().filter(|_| ctx.new_user);
    if fs.visit_areas.is_empty() && new_user_codes.is_none() {
        return;
    }
    let Some(postal) = ctx.approval.as_ref().and_then(|a| a.postal_code) else {
        if ctx.approval.is_some() {
            out.warn(m::address_unconfirmed("郵便番号が登録されていないため、", "No postal code is on record, so"));
        }
        return;
    };
    if !fs.visit_areas.is_empty() && !fs.visit_areas.iter().any(|a| a == postal.district()) {
        out.refuse(m::outside_visit_area(postal.district(), &fs.visit_areas));
        return;
    }
    let Some(codes) = new_user_codes else { return };
    let normalize = |c: &String| c.chars().filter(char::is_ascii_digit).collect::<String>();
    match postal.full() {
        Some(full) if !codes.iter().any(|c| normalize(c) == full) => out.refuse(m::outside_new_user_area(full)),
        Some(_) => {}
        None if codes.iter().any(|c| normalize(c).starts_with(postal.district())) => out.warn(m::address_unconfirmed(
            "郵便番号が3桁のみのため、新規の方の",
            "Only the postal district is known, so for a new user",
        )),
        None => out.refuse(m::outside_new_user_area(postal.district())),
    }
}
