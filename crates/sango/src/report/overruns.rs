//! Mothers over a per-birth limit, summed over every facility: only the ward sees them all.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::calendar::fiscal_year_of;
use crate::ledger::{Booking, MotherRecord};
use crate::program::Program;
use crate::program::{Counts, Limit};
use crate::rules::Quota;
use crate::types::{BookingId, Service};

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct OverrunUse {
    pub booking: String,
    pub facility: String,
    #[ts(type = "string")]
    pub first_day: NaiveDate,
    pub units: u32,
    #[ts(type = "string")]
    pub booked_at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Overrun {
    pub card: String,
    /// The service over its limit (for a pool, its first service).
    pub service: Service,
    /// The pool over its limit, by the program's word for it (中野区's one count), if a pool.
    pub pool: Option<String>,
    pub limit: u32,
    /// Days or visits counted against her: used, no-shows and future bookings.
    pub used: u32,
    pub facilities: Vec<String>,
    /// Who booked what when, oldest first.
    pub uses: Vec<OverrunUse>,
}

/// One limit the program counts: the services it counts, the limit, and the pool's name.
struct Counted<'a> {
    card: String,
    service: Service,
    pool: Option<String>,
    limit: Limit,
    babies: u8,
    /// Her uses under this limit, in the order they were booked.
    uses: Vec<&'a Booking>,
}

/// Each mother's counted uses under each limit the program has (each service's own, each pool;
/// a fiscal-year limit once per year), in the order they were booked.
fn counted_by_mother<'a>(
    bookings: &'a [Booking],
    mother: impl Fn(&str) -> Option<MotherRecord>,
    program: &Program,
) -> Vec<Counted<'a>> {
    let mut by_card: BTreeMap<String, Vec<&Booking>> = BTreeMap::new();
    for b in bookings.iter().filter(|b| b.status.counts()) {
        by_card.entry(b.card.to_string()).or_default().push(b);
    }
    let mut limits: Vec<(Vec<Service>, Limit, Option<String>)> =
        program.services().filter_map(|s| s.limit.map(|l| (vec![s.service], l, None))).collect();
    limits.extend(program.pools().iter().map(|p| (p.services.clone(), p.limit, Some(p.name_ja.clone()))));
    let mut out = Vec::new();
    for (card, mut uses) in by_card {
        let babies = mother(&card).and_then(|m| m.birth).map(|b| b.babies).unwrap_or(1);
        uses.sort_by(|a, b| a.booked_at.cmp(&b.booked_at).then(a.id.cmp(&b.id)));
        for (services, limit, pool) in &limits {
            let mut scopes: BTreeMap<i32, Vec<&Booking>> = BTreeMap::new();
            for b in uses.iter().filter(|b| services.contains(&b.service)) {
                let scope = if limit.counts == Counts::FiscalYear { fiscal_year_of(b.first_day) } else { 0 };
                scopes.entry(scope).or_default().push(b);
            }
            for (_, uses) in scopes {
                out.push(Counted {
                    card: card.clone(),
                    service: services[0],
                    pool: pool.clone(),
                    limit: *limit,
                    babies,
                    uses,
                });
            }
        }
    }
    out
}

/// The units a use counts: a no-show or late cancellation as the program says.
fn units(program: &Program, b: &Booking) -> u32 {
    if b.status == crate::ledger::BookingStatus::NoShow {
        program.late_units(b.units)
    } else {
        b.units
    }
}

/// Every (mother, limit) whose counted units exceed the program's limit (a limit not published
/// is never an overrun: nothing is guessed).
pub fn overruns(
    bookings: &[Booking],
    mother: impl Fn(&str) -> Option<MotherRecord>,
    program: &Program,
) -> Vec<Overrun> {
    let mut out = Vec::new();
    for c in counted_by_mother(bookings, mother, program) {
        let Some(limit) = c.limit.units(c.babies) else { continue };
        let used: u32 = c.uses.iter().map(|b| units(program, b)).sum();
        let too_many_uses = c.limit.uses().is_some_and(|most| c.uses.len() as u32 > most);
        if Quota::new(limit, used, 0).overrun() == 0 && !too_many_uses {
            continue;
        }
        let mut facilities: Vec<String> = c.uses.iter().map(|b| b.facility.to_string()).collect();
        facilities.sort();
        facilities.dedup();
        let uses = c
            .uses
            .iter()
            .map(|b| OverrunUse {
                booking: b.id.to_string(),
                facility: b.facility.to_string(),
                first_day: b.first_day,
                units: b.units,
                booked_at: b.booked_at,
            })
            .collect();
        out.push(Overrun { card: c.card, service: c.service, pool: c.pool, limit, used, facilities, uses });
    }
    out
}

/// The uses that take a mother past a limit: counting her uses at every facility in the order
/// they were booked (as each desk's quota check did), each use from the one that crosses the
/// limit on. The ward's claims flag them (`over_limit`).
pub fn beyond_limit(
    bookings: &[Booking],
    mother: impl Fn(&str) -> Option<MotherRecord>,
    program: &Program,
) -> BTreeSet<BookingId> {
    let mut out = BTreeSet::new();
    for c in counted_by_mother(bookings, mother, program) {
        let Some(limit) = c.limit.units(c.babies) else { continue };
        let most_uses = c.limit.uses();
        let mut counted = 0u32;
        for (i, b) in c.uses.into_iter().enumerate() {
            counted = counted.saturating_add(units(program, b));
            if Quota::new(limit, counted, 0).overrun() > 0 || most_uses.is_some_and(|m| i as u32 >= m) {
                out.insert(b.id.clone());
            }
        }
    }
    out
}
