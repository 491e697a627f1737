//! The rules engine: may this mother use this service at this facility on these days?
//!
//! [`check_use`] is pure: everything it needs (the program, the facility and its calendar, the
//! approval, the birth, the counts and spans of her other uses, the facility's occupancy, `today`)
//! is passed in as plain borrowed data; it reads no store and no clock. It returns **every**
//! violation, not the first, and the warnings the desk must see (a soft age limit passed with a
//! reason, a provisional approval, a stay that must follow a delivery, an address that cannot be
//! checked).
//!
//! Decisions where the page is loose:
//! - A stay that must follow a delivery (練馬光が丘病院, 荻窪病院) is a **warning**: the ledger does
//!   not know whether she is still in the maternity ward, so the desk confirms it.
//! - A neighbourhood limit for new users (つむぎ: 石神井台・上石神井・南大泉・東大泉) with only the
//!   3-digit district known is a warning when the district holds one of those neighbourhoods,
//!   and a violation when it holds none.
//! - An age limit's `soft` flag is honoured wherever it is set (the program's 「概ね生後4か月まで」);
//!   the directory writes facility limits as hard.
//! - A day before the birth is reported once as `before_birth`, not again as an age violation.
//! - Occupancy is counted on every day of a use, check-out day included, as the days are counted.

pub mod care;
mod check;
pub mod lifecycle;
mod messages;
mod quota;
pub mod roles;
pub mod screening;

#[cfg(test)]
mod tests;

use std::fmt;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use check::{check_use, outside_age};
pub use messages::{of_rule_error, program_incomplete};
pub use quota::{remaining, CountedUse, MotherHistory, Quota, QuotaFailure, Tally};

use crate::calendar::ClosedDays;
use crate::directory::Facility;
use crate::money::Fee;
use crate::program::Program;
use crate::types::{Household, PostalCode, Service};

/// The stable code of a rule, as the CLI and the UI branch on it. Never renamed.
///
/// Most codes only ever refuse a use. Four are also, or only, warnings: `over_recommended_age`
/// (a warning once a reason is recorded), `provisional_approval`, `address_unconfirmed` and
/// `must_follow_delivery`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ViolationCode {
    /// No approval is on record for the card.
    UnknownCard,
    /// The approval does not mark this service with ○.
    NotApproved,
    /// The approval was recorded by a desk from a phone call and is not yet on the ward roster
    /// (a warning).
    ProvisionalApproval,
    /// The birth is not registered: no booking before the birth.
    BirthNotRegistered,
    /// The use begins before the birth date.
    BeforeBirth,
    /// A hard age limit (program or facility) fails on some day of the use.
    ChildTooOld,
    /// The soft program limit (概ね生後4か月まで) fails: a violation without a reason, a warning with one.
    OverRecommendedAge,
    /// Used + no-shows + booked + this use exceed the limit per birth.
    QuotaExceeded,
    /// The facility (or the program) does not offer the service.
    ServiceNotOffered,
    /// Check-in day, a day-care day or a visit day is one of the facility's closed days.
    FacilityClosed,
    /// The facility offers the service only on other weekdays (つむぎ day care: Tue/Thu/Fri).
    NotOfferedThatWeekday,
    /// No room on some day of the use.
    FacilityFull,
    /// The home is outside the midwife's visit area (or a new user outside the allowed neighbourhoods).
    OutsideVisitArea,
    /// The postal code is not precise enough to check a visit area (a warning).
    AddressUnconfirmed,
    /// A short stay under the minimum (1泊2日), or zero units.
    TooShort,
    /// A home visit is booked one visit at a time.
    OneVisitPerBooking,
    /// Another use of hers shares a calendar day with this one, at any facility.
    OverlappingUse,
    /// The facility's stays only continue straight from the delivery stay (a warning).
    MustFollowDelivery,
    /// No fee schedule is in force on the first day.
    NoFeeSchedule,
    /// The use begins before today.
    DateInPast,
    /// The program does not publish a value the use needs (a limit, a fee): never guessed.
    ProgramIncomplete,
}

impl ViolationCode {
    /// Every code, in declaration order.
    pub const ALL: [ViolationCode; 21] = {
        use ViolationCode::*;
        [
            UnknownCard,
            NotApproved,
            ProvisionalApproval,
            BirthNotRegistered,
            BeforeBirth,
            ChildTooOld,
            OverRecommendedAge,
            QuotaExceeded,
            ServiceNotOffered,
            FacilityClosed,
            NotOfferedThatWeekday,
            FacilityFull,
            OutsideVisitArea,
            AddressUnconfirmed,
            TooShort,
            OneVisitPerBooking,
            OverlappingUse,
            MustFollowDelivery,
            NoFeeSchedule,
            DateInPast,
            ProgramIncomplete,
        ]
    };

    /// The snake_case spelling of the CLI and JSON.
    pub fn as_str(self) -> &'static str {
        use ViolationCode::*;
        match self {
            UnknownCard => "unknown_card",
            NotApproved => "not_approved",
            ProvisionalApproval => "provisional_approval",
            BirthNotRegistered => "birth_not_registered",
            BeforeBirth => "before_birth",
            ChildTooOld => "child_too_old",
            OverRecommendedAge => "over_recommended_age",
            QuotaExceeded => "quota_exceeded",
            ServiceNotOffered => "service_not_offered",
            FacilityClosed => "facility_closed",
            NotOfferedThatWeekday => "not_offered_that_weekday",
            FacilityFull => "facility_full",
            OutsideVisitArea => "outside_visit_area",
            AddressUnconfirmed => "address_unconfirmed",
            TooShort => "too_short",
            OneVisitPerBooking => "one_visit_per_booking",
            OverlappingUse => "overlapping_use",
            MustFollowDelivery => "must_follow_delivery",
            NoFeeSchedule => "no_fee_schedule",
            DateInPast => "date_in_past",
            ProgramIncomplete => "program_incomplete",
        }
    }
}

impl fmt::Display for ViolationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule (or one warning), with messages a desk clerk can read out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Violation {
    pub code: ViolationCode,
    pub message_ja: String,
    pub message_en: String,
}

/// The answer of [`check_use`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Assessment {
    /// Every rule the use breaks: any one refuses it.
    pub violations: Vec<Violation>,
    /// What the desk must see and may have to confirm; none refuses the use.
    pub warnings: Vec<Violation>,
    /// The fee, when the program can price the use (even if a rule refuses it).
    pub fee: Option<Fee>,
}

impl Assessment {
    /// No rule is broken.
    pub fn is_ok(&self) -> bool {
        self.violations.is_empty()
    }

    pub fn violation_codes(&self) -> Vec<ViolationCode> {
        self.violations.iter().map(|v| v.code).collect()
    }

    pub fn warning_codes(&self) -> Vec<ViolationCode> {
        self.warnings.iter().map(|v| v.code).collect()
    }
}

/// What the approval says (利用承認通知書), as far as the rules need it.
#[derive(Debug, Clone, Copy)]
pub struct ApprovalFacts<'a> {
    /// The services marked with ○.
    pub services: &'a [Service],
    pub household: Household,
    /// Her home's postal code: 3 digits (district) or 7.
    pub postal_code: Option<&'a PostalCode>,
    /// Recorded by a desk from the health centre's phone call, not yet on the ward roster.
    pub provisional: bool,
}

/// What the birth record says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BirthFacts {
    pub date: NaiveDate,
    /// 2 or more: a multiple birth (多胎).
    pub babies: u8,
}

/// The use asked for.
#[derive(Debug, Clone, Copy)]
pub struct UseRequest<'a> {
    pub service: Service,
    /// The first day: check-in day of a stay, the first day-care day, the visit day.
    pub first_day: NaiveDate,
    /// Days (stay: check-in through check-out inclusive; day care: consecutive days) or visits.
    pub units: u32,
    /// The recorded reason for passing a soft age limit; blank counts as none.
    pub reason: Option<&'a str>,
}

/// The calendar days a use occupies, first through last inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DateSpan {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// The longest use the engine walks day by day; longer ones are over every limit anyway.
pub const MAX_USE_DAYS: u32 = 366;

impl DateSpan {
    /// The days a use of `service` occupies: a stay or day care runs `units` days from
    /// `first_day` (a 1泊2日 stay on the 7th is the 7th and the 8th); a home visit is its one day.
    /// `None` for 0 units or beyond the calendar.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use sango::{rules::DateSpan, types::Service};
    /// let d = |day| NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
    /// assert_eq!(DateSpan::of_use(Service::ShortStay, d(7), 2), Some(DateSpan { first: d(7), last: d(8) }));
    /// assert_eq!(DateSpan::of_use(Service::HomeVisit, d(7), 1), Some(DateSpan { first: d(7), last: d(7) }));
    /// ```
    pub fn of_use(service: Service, first_day: NaiveDate, units: u32) -> Option<DateSpan> {
        let days = match service {
            _ if units == 0 => return None,
            Service::HomeVisit => 1,
            Service::ShortStay | Service::DayCare => units,
        };
        let last = first_day.checked_add_days(Days::new(u64::from(days - 1)))?;
        Some(DateSpan { first: first_day, last })
    }

    /// Whether the two spans share a calendar day.
    pub fn overlaps(&self, other: &DateSpan) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.first <= day && day <= self.last
    }

    /// Each day of the span, at most [`MAX_USE_DAYS`].
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + 'static {
        let last = self.last;
        self.first.iter_days().take(MAX_USE_DAYS as usize).take_while(move |d| *d <= last)
    }
}

/// Everything around the request that the rules read, all borrowed or plain.
#[derive(Clone, Copy)]
pub struct UseContext<'a> {
    pub program: &'a Program,
    pub facility: &'a Facility,
    pub closed: &'a ClosedDays,
    /// `None`: no approval on record for the card (`unknown_card`).
    pub approval: Option<ApprovalFacts<'a>>,
    /// `None`: the birth is not registered.
    pub birth: Option<BirthFacts>,
    /// Her uses at every facility that count against her limits, not counting this request.
    pub history: &'a MotherHistory,
    /// The spans of her other uses and bookings, at any facility (not this one, when re-checked).
    pub other_uses: &'a [DateSpan],
    /// Places for this service per day at this facility; `None` = not limited here.
    pub capacity: Option<u32>,
    /// Places already taken for this service on a day at this facility.
    pub taken: &'a dyn Fn(NaiveDate) -> u32,
    /// She has never used this facility (つむぎ's new-user neighbourhoods).
    pub new_user: bool,
    pub today: NaiveDate,
}
