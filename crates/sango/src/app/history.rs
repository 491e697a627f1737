//! A mother's history for the quota rules ([`MotherHistory`]), loaded once from the state: her
//! birth's babies, this install's own bookings of hers and, at a facility, the ward roster's
//! uses at the others. The booking check, the desk's lines and the ward's overruns ask it.

use crate::ledger::{BookingHead, BookingStatus, RosterUse, State};
use crate::rules::{CountedUse, MotherHistory};
use crate::types::{CardNumber, Service};

use super::AppError;

/// One use as the quota counts it; `None` for a status that does not count (cancelled in time).
pub(crate) fn counted(
    service: Service,
    facility: &str,
    from_roster: bool,
    first_day: chrono::NaiveDate,
    units: u32,
    status: BookingStatus,
) -> Option<CountedUse> {
    status.counts().then(|| CountedUse {
        service,
        facility: facility.to_string(),
        from_roster,
        first_day,
        units,
        used: status.is_used(),
        late: status == BookingStatus::NoShow,
    })
}

/// What the state knows of her, with her own bookings' heads and the roster's uses (the booking
/// check reads their spans too). `except`: a booking being rescheduled, not counted.
pub(crate) fn load(
    state: &State,
    card: &CardNumber,
    except: Option<&str>,
) -> Result<(MotherHistory, Vec<BookingHead>, Vec<RosterUse>), AppError> {
    let babies = state.mother(card)?.and_then(|m| m.birth).map_or(1, |b| b.babies);
    let own: Vec<BookingHead> =
        state.booking_heads_of(card)?.into_iter().filter(|b| except.is_none_or(|id| b.id.to_string() != id)).collect();
    let roster = state.roster_uses_of(card)?;
    let uses = own
        .iter()
        .filter_map(|b| counted(b.service, b.facility.as_str(), false, b.first_day, b.units, b.status))
        .chain(
            roster.iter().filter_map(|u| counted(u.service, u.facility.as_str(), true, u.first_day, u.units, u.status)),
        )
        .collect();
    Ok((MotherHistory { babies, uses }, own, roster))
}
