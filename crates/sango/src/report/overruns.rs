//! Mothers over a per-birth limit, summed over every facility: only the ward sees them all.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::ledger::{Booking, MotherRecord};
use crate::program::Program;
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
    pub service: Service,
    pub limit: u32,
    /// Days or visits counted against her: used, no-shows and future bookings.
    pub used: u32,
    pub facilities: Vec<String>,
    /// Who booked what when, oldest first.
    pub uses: Vec<OverrunUse>,
}

/// Each (mother, service)'s counted uses at every facility, in the order they were booked, with
/// her limit (by the birth the ward recorded; one baby if none).
fn counted_by_mother<'a>(bookings: &'a [Booking], mother: impl Fn(&str) -> Option<MotherRecord>, program: &Program) -> Vec<(String, Service, u32, Vec<&'a Booking>)> {
    let mut groups: BTreeMap<(String, Service), Vec<&Booking>> = BTreeMap::new();
    for b in bookings.iter().filter(|b| b.status.counts()) {
        groups.entry((b.card.to_string(), b.service)).or_default().push(b);
    }
    groups
        .into_iter()
        .map(|((card, service), mut uses)| {
            let babies = mother(&card).and_then(|m| m.birth).map(|b| b.babies).unwrap_or(1);
            uses.sort_by(|a, b| a.booked_at.cmp(&b.booked_at).then(a.id.cmp(&b.id)));
            (card, service, program.limit(service, babies), uses)
        })
        .collect()
}

/// Every (mother, service) whose counted units exceed the program's limit.
pub fn overruns(bookings: &[Booking], mother: impl Fn(&str) -> Option<MotherRecord>, program: &Program) -> Vec<Overrun> {
    let mut out = Vec::new();
    for (card, service, limit, uses) in counted_by_mother(bookings, mother, program) {
        let used: u32 = uses.iter().map(|b| b.units).sum();
        if Quota::new(limit, used, 0).overrun() == 0 {
            continue;
        }
        let mut facilities: Vec<String> = uses.iter().map(|b| b.facility.to_string()).collect();
        facilities.sort();
        facilities.dedup();
        let uses = uses
            .iter()
            .map(|b| OverrunUse { booking: b.id.to_string(), facility: b.facility.to_string(), first_day: b.first_day, units: b.units, booked_at: b.booked_at })
            .collect();
        out.push(Overrun { card, service, limit, used, facilities, uses });
    }
    out
}

/// The uses that take a mother past her limit: counting her uses at every facility in the order
/// they were booked (as each desk's quota check did), each use from the one that crosses the
/// limit on. The ward's claims flag them (`over_limit`).
pub fn beyond_limit(bookings: &[Booking], mother: impl Fn(&str) -> Option<MotherRecord>, program: &Program) -> BTreeSet<BookingId> {
    let mut out = BTreeSet::new();
    for (_, _, limit, uses) in counted_by_mother(bookings, mother, program) {
        let mut counted = 0u32;
        for b in uses {
            counted = counted.saturating_add(b.units);
            if Quota::new(limit, counted, 0).overrun() > 0 {
                out.insert(b.id.clone());
            }
        }
    }
    out
}
