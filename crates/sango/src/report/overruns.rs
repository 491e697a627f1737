//! Mothers over a per-birth limit, summed over every facility: only the ward sees them all.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::ledger::{Booking, MotherRecord};
use crate::program::Program;
use crate::types::Service;

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

/// Every (mother, service) whose counted units exceed the program's limit.
pub fn overruns(bookings: &[Booking], mother: impl Fn(&str) -> Option<MotherRecord>, program: &Program) -> Vec<Overrun> {
    let mut groups: BTreeMap<(String, Service), Vec<&Booking>> = BTreeMap::new();
    for b in bookings.iter().filter(|b| b.status.counts()) {
        groups.entry((b.card.to_string(), b.service)).or_default().push(b);
    }
    let mut out = Vec::new();
    for ((card, service), mut uses) in groups {
        let babies = mother(&card).and_then(|m| m.birth).map(|b| b.babies).unwrap_or(1);
        let limit = program.limit(service, babies);
        let used: u32 = uses.iter().map(|b| b.units).sum();
        if used <= limit {
            continue;
        }
        uses.sort_by(|a, b| a.booked_at.cmp(&b.booked_at).then(a.id.cmp(&b.id)));
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
