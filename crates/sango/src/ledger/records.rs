//! The records of the working state, as the journal's events leave them.
//!
//! Each record is owned by who made it (architecture.md, "Data flow"): approvals and births by the
//! ward (or a desk, provisional until the ward's roster confirms them); bookings and everything that
//! happens to them by the facility whose id starts the booking id.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::money::Fee;
use crate::types::{
    ApprovalNumber, BookingId, CardNumber, FacilityId, Household, PersonName, PostalCode, ReferralId, Service,
};

/// Who did something: every event carries one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Actor {
    pub name: String,
    pub role: Role,
}

impl Actor {
    pub fn system() -> Actor {
        Actor { name: "sango".into(), role: Role::System }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Role {
    Reception,
    Midwife,
    Admin,
    Ward,
    System,
}

/// Where an approval's truth comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ApprovalSource {
    /// Typed at a facility's desk from the paper notice or a phone call: provisional.
    Desk,
    /// Scanned from the ward-signed code on the notice: confirmed offline.
    Notice,
    /// Recorded by the ward itself (at the ward, or received in its roster).
    Ward,
}

/// The ward's approval of a mother (利用承認), as far as this install knows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Approval {
    pub card: CardNumber,
    pub approval_no: ApprovalNumber,
    pub mother: PersonName,
    /// The services marked ○ on the notice.
    pub services: Vec<Service>,
    pub household: Household,
    pub postal: Option<PostalCode>,
    /// Confirmed by phone with the health centre after an emergency (緊急): always provisional.
    pub emergency: bool,
    pub source: ApprovalSource,
    /// The notice's issue date, when scanned from its code (a newer notice supersedes an older one).
    pub issued_on: Option<NaiveDate>,
}

impl Approval {
    /// Provisional until the ward itself has confirmed it (its roster or its signed notice).
    pub fn provisional(&self) -> bool {
        self.source == ApprovalSource::Desk
    }
}

/// The birth, which opens the right to book (産前に利用予約をすることはできません).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Birth {
    #[serde(with = "super::compact_time::date")]
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// 2 or more: a multiple birth (多胎), with the larger limits.
    pub babies: u8,
}

/// Ward: a birth a facility reported for a mother. A proposal only: the ward's own birth record
/// changes when the ward records the birth itself (accepting it, or not).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BirthProposal {
    pub facility: FacilityId,
    pub card: CardNumber,
    pub birth: Birth,
}

/// A mother as the desk sees her: the approval and, once registered, the birth.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MotherRecord {
    pub approval: Approval,
    pub birth: Option<Birth>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum BookingStatus {
    Booked,
    CheckedIn,
    Completed,
    Cancelled,
    /// Cancelled late or never came: deemed used (利用したものとみなし), user share charged.
    NoShow,
    /// Turned away at check-in screening (acute infection): released, not charged.
    Refused,
}

impl BookingStatus {
    pub const ALL: [BookingStatus; 6] = [
        BookingStatus::Booked,
        BookingStatus::CheckedIn,
        BookingStatus::Completed,
        BookingStatus::Cancelled,
        BookingStatus::NoShow,
        BookingStatus::Refused,
    ];

    /// What the desk calls it: the core's messages and the window's badges (app/words.rs) alike.
    pub fn name_ja(self) -> &'static str {
        match self {
            BookingStatus::Booked => "予約中",
            BookingStatus::CheckedIn => "利用中",
            BookingStatus::Completed => "利用済み",
            BookingStatus::Cancelled => "キャンセル済み",
            BookingStatus::NoShow => "直前取消・無連絡",
            BookingStatus::Refused => "当日受け入れ不可",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            BookingStatus::Booked => "Booked",
            BookingStatus::CheckedIn => "Checked in",
            BookingStatus::Completed => "Completed",
            BookingStatus::Cancelled => "Cancelled",
            BookingStatus::NoShow => "Late cancel / no-show",
            BookingStatus::Refused => "Refused on the day",
        }
    }

    /// Counts against the mother's quota and occupies a place on its days.
    pub fn counts(self) -> bool {
        matches!(
            self,
            BookingStatus::Booked | BookingStatus::CheckedIn | BookingStatus::Completed | BookingStatus::NoShow
        )
    }

    /// Already happened (or deemed to): "used" rather than "booked" in the quota view.
    pub fn is_used(self) -> bool {
        matches!(self, BookingStatus::Completed | BookingStatus::NoShow)
    }

    pub fn is_open(self) -> bool {
        matches!(self, BookingStatus::Booked | BookingStatus::CheckedIn)
    }
}

/// Check-in screening (受け入れ時の確認).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Screening {
    pub temperature: Option<String>,
    pub acute_infection: bool,
    pub notes: String,
}

/// The user share taken at the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Payment {
    pub receipt_no: String,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub amount: crate::types::Yen,
    #[ts(type = "string")]
    #[serde(with = "super::compact_time::datetime")]
    pub at: DateTime<FixedOffset>,
}

/// One use of a service at a facility, from booking to payment.
///
/// The first seven fields are also read alone, as a [`BookingHead`]: keep them first, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Booking {
    /// `<facility id>-<sequence>`: unique across every facility, stable through sync; only its
    /// facility may speak for it.
    pub id: BookingId,
    pub facility: FacilityId,
    pub card: CardNumber,
    pub service: Service,
    #[serde(with = "super::compact_time::date")]
    pub first_day: NaiveDate,
    /// Days for a stay or day care, 1 for a visit.
    pub units: u32,
    pub status: BookingStatus,
    /// The recorded reason for passing a soft limit (概ね生後4か月まで).
    pub reason: Option<String>,
    /// What the use costs: priced at booking, again at completion, the no-show charge after a late cancel.
    pub fee: Fee,
    #[serde(with = "super::compact_time::datetime")]
    pub cancel_by: DateTime<FixedOffset>,
    #[serde(with = "super::compact_time::datetime")]
    pub booked_at: DateTime<FixedOffset>,
    pub screening: Option<Screening>,
    pub payment: Option<Payment>,
}

impl Booking {
    /// The days the use occupies, as the rules count them ([`DateSpan::of_use`]).
    pub fn span(&self) -> crate::rules::DateSpan {
        let one_day = crate::rules::DateSpan { first: self.first_day, last: self.first_day };
        crate::rules::DateSpan::of_use(self.service, self.first_day, self.units.max(1)).unwrap_or(one_day)
    }

    pub fn last_day(&self) -> NaiveDate {
        self.span().last
    }

    /// Every calendar day the use occupies.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        self.span().days()
    }

    /// The claim month (請求月): the month of the use's first day, whose schedule priced it.
    pub fn claim_month(&self) -> String {
        self.first_day.format("%Y-%m").to_string()
    }
}

/// What counting a mother's uses needs of a booking (her quota, the rules engine's other uses):
/// the working state decodes it from the booking's record without the rest (fee, times,
/// screening, payment), whose decoding cost more than the reads. Mirrors `Booking`'s first fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BookingHead {
    pub id: BookingId,
    pub facility: FacilityId,
    pub card: CardNumber,
    pub service: Service,
    #[serde(deserialize_with = "super::compact_time::date::deserialize")]
    pub first_day: NaiveDate,
    pub units: u32,
    pub status: BookingStatus,
}

/// The order a mother's uses are listed in: by first day, then id.
pub trait UseOrder {
    fn use_order(&self) -> (NaiveDate, &BookingId);
}

impl UseOrder for Booking {
    fn use_order(&self) -> (NaiveDate, &BookingId) {
        (self.first_day, &self.id)
    }
}

impl UseOrder for BookingHead {
    fn use_order(&self) -> (NaiveDate, &BookingId) {
        (self.first_day, &self.id)
    }
}

/// The care given on one day of a use (ケア内容), logged by the midwife.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CareEntry {
    pub booking: BookingId,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub breast_care: bool,
    pub feeding_consultation: bool,
    pub parenting_consultation: bool,
    pub baby_health_check: bool,
    pub baby_weight_g: Option<u32>,
    pub bathing: bool,
    pub bathing_practice: bool,
    pub meals_served: u8,
    pub formula: bool,
    pub notes: String,
    /// A follow-up request to the ward's health centre (保健相談所).
    pub follow_up: bool,
    /// The mother's condition (issue 18; absent in older entries).
    #[serde(default)]
    pub mother: MotherObservations,
    /// The baby's condition beyond the weight (issue 18; absent in older entries).
    #[serde(default)]
    pub baby: BabyObservations,
}

impl CareEntry {
    /// What the ward receives of a day (issue 18): the care given and the meals, not the day's
    /// free text or vitals, which stay at the facility unless a referral carries them.
    pub fn for_ward(&self) -> CareEntry {
        CareEntry {
            baby_weight_g: None,
            notes: String::new(),
            mother: MotherObservations::default(),
            baby: BabyObservations::default(),
            ..self.clone()
        }
    }
}

/// The mother's condition on one day (母体の状態). Text fields are the midwife's short words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct MotherObservations {
    /// ℃.
    pub temperature: Option<f64>,
    /// mmHg.
    pub systolic: Option<u16>,
    pub diastolic: Option<u16>,
    /// Beats a minute.
    pub pulse: Option<u16>,
    /// 子宮復古・悪露.
    pub uterus_lochia: String,
    /// 乳房・乳頭.
    pub breasts: String,
    /// Hours slept since the last record.
    pub sleep_hours: Option<f64>,
    /// 気分・表情.
    pub mood: String,
    /// 0–10.
    pub pain: Option<u8>,
}

/// The baby's condition on one day (児の状態); the weight is `CareEntry::baby_weight_g`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct BabyObservations {
    /// From the 母子健康手帳, for the change since birth.
    pub birth_weight_g: Option<u32>,
    /// ℃.
    pub temperature: Option<f64>,
    pub feeds: Vec<Feed>,
    /// Times a day.
    pub urine: Option<u8>,
    pub stool: Option<u8>,
    /// 黄疸.
    pub jaundice: String,
    /// 皮膚.
    pub skin: String,
    /// 臍.
    pub umbilicus: String,
}

/// One feed (授乳): when, how, how much.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Feed {
    /// `HH:MM`.
    pub time: String,
    pub kind: FeedKind,
    pub ml: Option<u16>,
    pub minutes: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum FeedKind {
    /// 直接授乳.
    Breast,
    /// 搾乳.
    Expressed,
    /// 人工乳(ミルク).
    Formula,
}

/// A screening as recorded (issue 18): the item scores and the outcome under the program then in
/// force (an event states its outcome). The ward receives the totals and the flag, not the items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ScreeningRecord {
    pub booking: BookingId,
    pub card: CardNumber,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub epds: Option<Vec<u8>>,
    pub bonding: Option<Vec<u8>>,
    pub epds_total: Option<u8>,
    pub bonding_total: Option<u8>,
    pub high_need: bool,
    pub reasons: Vec<String>,
}

impl ScreeningRecord {
    /// What the ward receives: the totals, the flag and why, not the item scores.
    pub fn for_ward(&self) -> ScreeningRecord {
        ScreeningRecord { epds: None, bonding: None, ..self.clone() }
    }
}

/// 説明と同意 at the first use of a service: what was explained, who consented, when. Stays at
/// the facility.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Consent {
    pub card: CardNumber,
    pub service: Service,
    /// The use it was given at.
    pub booking: BookingId,
    pub explained: String,
    /// 本人, or who consented for her.
    pub consented_by: String,
    #[ts(type = "string")]
    pub at: DateTime<FixedOffset>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Urgency {
    Normal,
    /// Telephone the health centre now as well: a file is not a phone.
    Urgent,
}

/// Where a referral stands at the ward (its reply's status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ReferralStatus {
    /// Not yet answered by the ward (未読).
    Unread,
    Received,
    InProgress,
    Done,
}

/// A 連絡票 to the ward's health centre, made from a use's day record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Referral {
    #[ts(type = "string")]
    pub id: ReferralId,
    pub booking: BookingId,
    pub facility: FacilityId,
    pub card: CardNumber,
    /// The day record it was made from.
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub reason: String,
    /// What the midwife chose to send of the day (vitals, words): the ward sees only this.
    pub observations: String,
    pub epds_total: Option<u8>,
    pub bonding_total: Option<u8>,
    pub high_need: bool,
    pub urgency: Urgency,
    #[ts(type = "string")]
    pub made_at: DateTime<FixedOffset>,
}

/// The ward's answer to a referral; the latest one stands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReferralReply {
    #[ts(type = "string")]
    pub referral: ReferralId,
    pub status: ReferralStatus,
    pub note: String,
    #[ts(type = "string")]
    pub at: DateTime<FixedOffset>,
}

/// An orientation visit during pregnancy: recorded by card, which the mother has from the ward
/// before the birth (the approval may not be known to this facility yet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Orientation {
    pub card: CardNumber,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub notes: String,
}

/// A mother waiting for a place on a full day (キャンセル待ち).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WaitEntry {
    pub card: CardNumber,
    pub service: Service,
    #[ts(type = "string")]
    pub first_day: NaiveDate,
    pub units: u32,
    #[ts(type = "string")]
    pub since: DateTime<FixedOffset>,
}

/// Another facility's use of a mother, as the ward's roster reports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RosterUse {
    pub booking: BookingId,
    pub facility: FacilityId,
    pub card: CardNumber,
    pub service: Service,
    #[serde(with = "super::compact_time::date")]
    pub first_day: NaiveDate,
    pub units: u32,
    pub status: BookingStatus,
}

/// A PIN as stored: an Argon2id PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`), which carries
/// its own parameters and salt, so a later build with stronger parameters still verifies the old
/// ones. Never the PIN itself; never printed (its `Debug` says only that it is there), never sent
/// to the window or in an export.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PinHash(pub(crate) String);

impl std::fmt::Debug for PinHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinHash(…)")
    }
}

/// A staff account as the working state holds it: folded from `StaffAdded`, `StaffChanged`,
/// `SignedIn` and `SignInFailed`. Only `app::staff` reads the hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffAccount {
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub pin_hash: PinHash,
    /// Wrong PINs in a row since the last good one (or the last lock's end).
    pub failures: u32,
    /// Set by the fifth wrong PIN in a row: no sign-in before then.
    pub locked_until: Option<DateTime<FixedOffset>>,
    /// The last entry folded into this record: folding is idempotent.
    pub folded_seq: u64,
}
