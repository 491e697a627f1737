//! The events of the journal: what happened, who did it, when — the record itself.
//!
//! An event states its outcome (the booking as it now stands, the fee as priced), never an
//! instruction to recompute: folding it into the working state is then idempotent and does not
//! depend on the rules in force when it is replayed years later.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::records::{
    Actor, Approval, Birth, Booking, CareEntry, Consent, Orientation, PinHash, Referral, ReferralReply, Role,
    RosterUse, ScreeningRecord, WaitEntry,
};
use super::settings::{Install, Settings};
use super::state::Acknowledged;
use crate::program::FeeBand;
use crate::types::{ApprovalNumber, CardNumber, Epoch, FacilityId, Household, PersonName, PostalCode, Service};

/// The schema version of entries written by this build. Older ones are migrated on read.
pub const ENTRY_VERSION: u16 = 1;

/// One journal entry. `(origin, seq)` names it across every install.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub v: u16,
    /// `ward` or the facility id of the install that wrote it.
    pub origin: String,
    /// The journal's epoch (none before any restore): `(origin, epoch, seq)` names the entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<Epoch>,
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

/// Read by `event_read` (tag first, without buffering); written by serde's derive, tag first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The first entry of every journal: what this install is.
    Initialized {
        install: Install,
        settings: Settings,
    },
    SettingsChanged {
        settings: Settings,
    },
    /// An approval recorded or superseded (desk, scanned notice, or the ward).
    ApprovalRecorded {
        approval: Approval,
    },
    BirthRecorded {
        card: CardNumber,
        birth: Birth,
    },
    /// A booking created or changed (rescheduled, checked in, cancelled, completed, paid…):
    /// the booking as it now stands, with a word for the change.
    BookingSaved {
        change: BookingChange,
        booking: Booking,
    },
    CareLogged {
        entry: CareEntry,
    },
    /// A screening (EPDS, 赤ちゃんへの気持ち) of one day of a use, with its outcome. A second one of
    /// the same day corrects it. The ward receives it without the item scores.
    ScreeningRecorded {
        screening: ScreeningRecord,
    },
    /// 説明と同意 at the first use of a service (stays at the facility).
    ConsentRecorded {
        consent: Consent,
    },
    /// A 連絡票 to the ward's health centre: travels in the next export.
    ReferralMade {
        referral: Referral,
    },
    /// Ward: its answer to a referral; travels back to that facility only, in its roster.
    ReferralReplied {
        reply: ReferralReply,
    },
    /// An orientation at the facility during pregnancy (オリエンテーション), before any booking.
    OrientationRecorded {
        orientation: Orientation,
    },
    WaitListed {
        key: String,
        entry: WaitEntry,
    },
    WaitRemoved {
        key: String,
    },
    /// The facility wrote an export bundle holding its entries up to `through_seq`.
    Exported {
        through_seq: u64,
    },
    /// Ward: (a part of) a facility's bundle, its entries verified; a large bundle comes as several
    /// parts written together (all or nothing). `card` is the signer's card, kept as received.
    BundleImported {
        facility: FacilityId,
        card: String,
        entries: Vec<Entry>,
    },
    /// Ward: a facility's card registered by the ward's own act (`facility add`); from now on its
    /// exports are imported and rosters are encrypted to it. `card` is its JSON, as handed over.
    FacilityRegistered {
        facility: FacilityId,
        key_id: String,
        card: String,
    },
    /// Ward: a facility's key revoked: nothing signed by it is imported again, no roster reaches it.
    FacilityRevoked {
        facility: FacilityId,
        key_id: String,
    },
    /// This install was restored from a backup holding its journal through `backup_seq`: the
    /// entries from this one on belong to a new `epoch` (the entry itself carries it).
    Restored {
        epoch: Epoch,
        backup_seq: u64,
    },
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
        /// What the ward had received from each facility (the first part only).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        acknowledged: Vec<Acknowledged>,
        /// The ward's answers to this facility's referrals (the first part only), opened from the
        /// part of the roster sealed to this facility alone.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        replies: Vec<ReferralReply>,
    },
    /// A staff account added (issue 17): its PIN only as an Argon2id hash. Stays on this install
    /// (`stays_local`): never exported, never folded from another install's journal.
    StaffAdded {
        name: String,
        role: Role,
        pin_hash: PinHash,
    },
    /// A staff account disabled, enabled again, or its PIN reset (local, like `StaffAdded`).
    StaffChanged {
        name: String,
        change: StaffChange,
    },
    /// A good PIN: the entry's actor is who signed in; the run of wrong PINs ends.
    SignedIn {
        name: String,
    },
    /// A wrong PIN for `name` (the PIN is not kept): five in a row lock the account for
    /// `app::staff::LOCK_MINUTES`. Journaled so the lock survives a restart.
    SignInFailed {
        name: String,
    },
    /// A mother's record opened (read, printed, written out) by the entry's actor: what was
    /// opened and the card, never what the record says.
    Opened {
        what: OpenedWhat,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        card: Option<CardNumber>,
    },
    /// Ward: a facility's export arrived, signed at `created_at` (the facility's clock, in the
    /// signed manifest): closing a month asks whether every facility exported since it ended.
    /// Written only when newer than the last one, so importing a file again writes nothing.
    ExportReceived {
        facility: FacilityId,
        created_at: DateTime<FixedOffset>,
    },
    /// Ward: a month's claims closed (締め), as they stood: its lines and the adjustments it
    /// carried, who closed it and whether facilities had not exported. Never changes again.
    MonthClosed {
        claims: crate::report::ClaimsReport,
    },
    /// The program this install applies from now (TOML, checked before it was written): at the
    /// ward by its own act, at a facility as the ward's signed roster carried it.
    ProgramSet {
        program_toml: String,
    },
    /// The facility directory in force from now (its JSON, checked), like `ProgramSet`.
    DirectorySet {
        directory_json: String,
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
            Event::ScreeningRecorded { screening } => screening.booking.facility != *facility,
            Event::ConsentRecorded { consent } => consent.booking.facility != *facility,
            Event::ReferralMade { referral: r } => {
                r.id.facility() != facility || r.booking.facility != *facility || r.facility != *facility
            }
            // Only the ward answers a referral.
            Event::ReferralReplied { .. } => true,
            _ => false,
        }
    }
}

/// What happened to a staff account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StaffChange {
    Disabled,
    Enabled,
    PinReset { pin_hash: PinHash },
}

/// What of a mother's record was opened (`Event::Opened`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OpenedWhat {
    DeskLookup,
    CareLog,
    Receipt,
    Notice,
    Export,
    Roster,
    /// The uses behind a figure of the fiscal year's 実績 (cards, never names).
    FiscalUses,
    /// The fiscal year's workbook written (its claims sheets list cards).
    Workbook,
    /// A facility's 委託料請求書 shown to print (its lines list cards).
    Invoice,
    /// A day record, screening or the 実施報告書 of a use.
    CareRecord,
    /// A 連絡票, at the facility or the ward.
    Referral,
    /// The whole journal printed plain (`sango journal cat`).
    Journal,
}

impl Event {
    /// Entries that never leave this install: the ward's roster (it need not travel back), the
    /// program and directory in force (the ward's to say: they travel in its card and roster), staff
    /// accounts with their PIN hashes, sign-ins and the audit of what was opened, the ward's
    /// closing of its months and its record of exports received. `export` filters
    /// them out, and the ward's fold ignores them should a forged bundle carry them. Consent too:
    /// the ward is not told what was explained to a mother (issue 18, what the ward receives).
    pub fn stays_local(&self) -> bool {
        matches!(
            self,
            Event::RosterImported { .. }
                | Event::ConsentRecorded { .. }
                | Event::ReferralReplied { .. }
                | Event::StaffAdded { .. }
                | Event::StaffChanged { .. }
                | Event::SignedIn { .. }
                | Event::SignInFailed { .. }
                | Event::Opened { .. }
                | Event::ExportReceived { .. }
                | Event::MonthClosed { .. }
                | Event::ProgramSet { .. }
                | Event::DirectorySet { .. }
        )
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

/// One mother as the ward's roster carries her: what a desk needs and no more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterMother {
    pub approval: RosterApproval,
    pub birth: Option<Birth>,
}

/// The ward's approval as a facility is told it: the fee band, not which reduced household; the
/// postal district the visit areas are drawn in, not the address's full code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "RosterApprovalRead")]
pub struct RosterApproval {
    pub card: CardNumber,
    pub approval_no: ApprovalNumber,
    pub mother: PersonName,
    pub services: Vec<Service>,
    pub fee_band: FeeBand,
    pub postal_district: Option<PostalCode>,
    pub emergency: bool,
}

impl RosterApproval {
    /// What the ward sends of its approval.
    pub fn of(a: &Approval, program: &crate::program::Program) -> RosterApproval {
        RosterApproval {
            card: a.card.clone(),
            approval_no: a.approval_no.clone(),
            mother: a.mother.clone(),
            services: a.services.clone(),
            fee_band: program.fee_band(a.household),
            postal_district: a.postal.as_ref().map(PostalCode::district_only),
            emergency: a.emergency,
        }
    }

    /// The approval a facility records: ward-confirmed, priced by the band's stand-in household.
    pub fn to_approval(&self) -> Approval {
        Approval {
            card: self.card.clone(),
            approval_no: self.approval_no.clone(),
            mother: self.mother.clone(),
            services: self.services.clone(),
            household: self.fee_band.stand_in(),
            postal: self.postal_district.clone(),
            emergency: self.emergency,
            source: super::records::ApprovalSource::Ward,
            issued_on: None,
        }
    }
}

/// A roster approval as journals hold it: since this build, as [`RosterApproval`]; before, the
/// whole [`Approval`] (its household and full postal code), read into the band and the district.
#[derive(Deserialize)]
struct RosterApprovalRead {
    card: CardNumber,
    approval_no: ApprovalNumber,
    mother: PersonName,
    services: Vec<Service>,
    #[serde(default)]
    fee_band: Option<FeeBand>,
    #[serde(default)]
    household: Option<Household>,
    #[serde(default)]
    postal_district: Option<PostalCode>,
    #[serde(default)]
    postal: Option<PostalCode>,
    #[serde(default)]
    emergency: bool,
}

impl From<RosterApprovalRead> for RosterApproval {
    fn from(r: RosterApprovalRead) -> RosterApproval {
        let program = crate::program::Program::builtin();
        RosterApproval {
            card: r.card,
            approval_no: r.approval_no,
            mother: r.mother,
            services: r.services,
            fee_band: r.fee_band.unwrap_or_else(|| program.fee_band(r.household.unwrap_or(Household::Standard))),
            postal_district: r.postal_district.or(r.postal).map(|p| p.district_only()),
            emergency: r.emergency,
        }
    }
}
