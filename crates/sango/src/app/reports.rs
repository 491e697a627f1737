//! The ward's reports through the application layer.

use super::{App, AppError};
use crate::ledger::Booking;
use crate::report::{self, ClaimsReport, Overrun};
use crate::types::YearMonth;

impl App {
    /// A month's claims per facility (`sango claims`): a facility sees its own, the ward all.
    pub fn claims(&self, actor: &crate::ledger::Actor, month: YearMonth) -> Result<ClaimsReport, AppError> {
        self.require(actor, crate::rules::roles::UseCase::Claims)?;
        self.claims_report(&month.to_string())
    }

    /// At the ward, a closed month's claims are those recorded when it was closed, and the first
    /// open month's carry the adjustments to closed months (`app::closing`).
    /// `month` as `YearMonth` writes it (`2026-12`).
    pub(crate) fn claims_report(&self, month: &str) -> Result<ClaimsReport, AppError> {
        if self.mode()? == crate::ledger::Mode::Ward {
            return self.ward_claims(month);
        }
        self.claims_afresh(month)
    }

    /// A month's claims from its uses as they stand now.
    pub(crate) fn claims_afresh(&self, month: &str) -> Result<ClaimsReport, AppError> {
        let bookings = self.store.state().bookings_in_month(month)?;
        let state = self.store.state();
        let mothers = mothers_of(state, &bookings)?;
        let mother = |card: &str| mothers.get(card).cloned().flatten();
        // The ward pays: it prices every use itself, and counts the limits over every use it
        // holds of the month's mothers, at every facility and in every month.
        let all: Vec<Booking>;
        let pricing = if self.mode()? == crate::ledger::Mode::Ward {
            let cards: std::collections::BTreeSet<&crate::types::CardNumber> =
                bookings.iter().filter(|b| b.status.is_used()).map(|b| &b.card).collect();
            let mut of_cards = Vec::new();
            for card in cards {
                of_cards.extend(state.bookings_of(card)?);
            }
            all = of_cards;
            report::Pricing::Ward { program: &self.program(), all: &all }
        } else {
            report::Pricing::AsCharged
        };
        Ok(report::claims(month, &bookings, mother, &self.directory(), pricing))
    }

    /// Every mother over a limit across facilities (`sango overruns`).
    pub fn overruns(&self, actor: &crate::ledger::Actor) -> Result<Vec<Overrun>, AppError> {
        self.require(actor, crate::rules::roles::UseCase::Claims)?;
        self.require_mode(crate::ledger::Mode::Ward)?;
        let state = self.store.state();
        let bookings: Vec<Booking> = state.bookings().collect::<Result<_, _>>()?;
        let mothers = mothers_of(state, &bookings)?;
        Ok(report::overruns(&bookings, |card| mothers.get(card).cloned().flatten(), &self.program()))
    }
}

/// Each mother of `bookings`, read once and before the report asks: a failed read fails the
/// report, never prices her as a standard household. `None`: no approval on record.
fn mothers_of(
    state: &crate::ledger::State,
    bookings: &[Booking],
) -> Result<std::collections::HashMap<String, Option<crate::ledger::MotherRecord>>, AppError> {
    let mut out = std::collections::HashMap::new();
    for b in bookings {
        if !out.contains_key(b.card.as_str()) {
            out.insert(b.card.to_string(), state.mother(&b.card)?);
        }
    }
    Ok(out)
}
