//! The events of the journal: what happened, who did it, when — the record itself.
//!
//! An event states its outcome (the booking as it now stands, the fee as priced), never an
//! instruction to recompute: folding it into the working state is then idempotent and does not
//! depend on the rules in force when it is replayed years later.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::records::{Actor, Approval, Birth, Booking, CareEntry, Orientation, RosterUse, WaitEntry};
use super::settings::{Install, Settings};
use crate::types::{CardNumber, FacilityId};

/// The schema version of entries written by this build. Older ones are migrated on read.
pub const ENTRY_VERSION: u16 = 1;

/// One journal entry. `(origin, seq)` names it across every install.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub v: u16,
    /// `ward` or the facility id of the install that wrote it.
    pub origin: String,
    pub seq: u64,
    /// The time the change speaks for: the door's clock (`--now` in tests).
    pub at: DateTime<FixedOffset>,
    /// The machine's own clock when the one writer appended the entry, whatever the door said:
    /// a pinned or backdated `at` shows against it. Absent in entries written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<DateTime<FixedOffset>>,
    pub actor: Actor,
    pub event: Event,
}

impl Entry {
    pub fn id(&self) -> EventId {
        EventId { origin: self.origin.clone(), seq: self.seq }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EventId {
    pub origin: String,
    pub seq: u64,
}

/// Read by `event_read` (tag first, without buffering); written by serde's derive, tag first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The first entry of every journal: what this install is.
    Initialized { install: Install, settings: Settings },
    SettingsChanged { settings: Settings },
    /// An approval recorded or superseded (desk, scanned notice, or the ward).
    ApprovalRecorded { approval: Approval },
    BirthRecorded { card: CardNumber, birth: Birth },
    /// A booking created or changed (rescheduled, checked in, cancelled, completed, paid…):
    /// the booking as it now stands, with a word for the change.
    BookingSaved { change: BookingChange, booking: Booking },
    CareLogged { entry: CareEntry },
    /// An orientation at the facility during pregnancy (オリエンテーション), before any booking.
    OrientationRecorded { orientation: Orientation },
    WaitListed { key: String, entry: WaitEntry },
    WaitRemoved { key: String },
    /// The facility wrote an export bundle holding its entries up to `through_seq`.
    Exported { through_seq: u64 },
    /// Ward: (a part of) a facility's bundle, its entries verified; a large bundle comes as several
    /// parts written together (all or nothing).
    BundleImported { facility: FacilityId, card: String, entries: Vec<Entry> },
    /// Facility: the ward's roster (approvals, births, other facilities' uses). A large roster
    /// comes as several parts written together; the first (`continues: false`) replaces the
    /// previous roster's uses, the others add to it.
    RosterImported {
        generation: u64,
        created_at: DateTime<FixedOffset>,
        mothers: Vec<RosterMother>,
        uses: Vec<RosterUse>,
        #[serde(default)]
        continues: bool,
    },
}

impl Event {
    /// Whether a facility's bundle speaks here for what is not its own: a booking whose id or
    /// `facility` names another facility, a care entry of another facility's booking. The ward
    /// never folds such an entry (it is counted as refused). Approvals and births are the ward's
    /// to say whoever sends them: the fold keeps a facility's word on them apart instead.
    pub fn foreign_to(&self, facility: &FacilityId) -> bool {
        match self {
            Event::BookingSaved { booking, .. } => booking.id.facility != *facility || booking.facility != *facility,
            Event::CareLogged { entry } => entry.booking.facility != *facility,
            _ => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingChange {
    Booked,
    Rescheduled,
    CheckedIn,
    Refused,
    Cancelled,
    CancelledLate,
    Completed,
    Paid,
}

/// One mother as the ward's roster carries her.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterMother {
    pub approval: Approval,
    pub birth: Option<Birth>,
}
