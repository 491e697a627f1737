//! What the doors show: serializable views, exported to the UI as TypeScript (ts-rs).
//!
//! Field names are the JSON keys of docs/cli.md where the CLI prints them; dates are
//! `YYYY-MM-DD`, instants RFC 3339 with +09:00, money whole yen.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ledger::{BookingStatus, Mode, StoreNotice};
use crate::money::Fee;
use crate::program::FeeBand;
use crate::rules::Violation;
use crate::types::{Household, Service, Yen};

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    /// `new` before the install is set up.
    pub mode: String,
    pub install_name: String,
    pub facility_id: Option<String>,
    /// The program in force: its name and when it took effect (「練馬区産後ケア事業(2024年4月1日から)」).
    pub program: String,
    /// How many facilities the directory in force lists.
    pub facilities: u32,
    pub version: String,
    #[ts(type = "string")]
    pub today: NaiveDate,
    /// Today's fiscal year (年度, April–March, named by the year it begins in): the year 集計
    /// and 実績 open on (`calendar::fiscal_year_of`).
    pub fiscal_year: i32,
    #[ts(type = "string | null")]
    pub roster_as_of: Option<DateTime<FixedOffset>>,
    pub notices: Vec<StoreNotice>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CardRef {
    pub card: String,
}

/// One service's numbers for one mother (`sango quota`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct QuotaLine {
    pub service: Service,
    pub approved: bool,
    pub limit: u32,
    /// Days or visits already used, no-shows included (counted against her).
    pub used: u32,
    /// Future bookings (booked or checked in).
    pub booked: u32,
    /// What she may still book: the least of this service's own limit and its pool's, never
    /// below zero.
    pub remaining: u32,
    /// Where the numbers come from: this install's own records and each other facility's.
    pub by_facility: Vec<QuotaSource>,
    /// The program does not publish a limit this service needs (`remaining` is then 0 and a
    /// booking is refused with `program_incomplete`).
    pub limit_unknown: bool,
    /// The pool the service counts in (中野区: one count over every service), if any.
    pub pool: Option<PoolQuota>,
}

/// One count over several services, as the program names it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PoolQuota {
    /// The program's word for it, e.g. 「産後ケア利用券」.
    pub name_ja: String,
    pub services: Vec<Service>,
    /// 0 when not published.
    pub limit: u32,
    pub used: u32,
    pub booked: u32,
    pub remaining: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct QuotaSource {
    pub facility: String,
    pub used: u32,
    pub booked: u32,
    /// `own` (this install's records) or `roster` (the ward's roster as of its date).
    pub source: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AgeView {
    #[ts(type = "number")]
    pub months: i64,
    #[ts(type = "number")]
    pub weeks: i64,
    #[ts(type = "number")]
    pub days: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BirthView {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub babies: u8,
}

/// Ward: what facilities' bundles said of approvals and births, which only the ward records. Kept
/// apart from the ward's own records and never used for limits, prices or rosters.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FacilityReports {
    /// Mothers a facility's desk registered whom the ward has not approved.
    pub approvals: Vec<FacilityApprovalView>,
    /// Births a facility reported that the ward's own record does not say (none yet, or another).
    pub births: Vec<BirthProposalView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FacilityApprovalView {
    pub facility: String,
    pub facility_name: String,
    pub card: String,
    pub approval_no: String,
    pub mother: String,
    pub services: Vec<Service>,
    pub household: Household,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BirthProposalView {
    pub facility: String,
    pub facility_name: String,
    pub card: String,
    /// The ward's name for her; empty when the ward has not approved her (a birth cannot be recorded then).
    pub mother: String,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub babies: u8,
    /// What the ward has recorded, if anything.
    pub ward_birth: Option<BirthView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NextOpen {
    pub service: Service,
    #[ts(type = "string[]")]
    pub dates: Vec<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UnitFee {
    pub service: Service,
    /// The user share of the program's shortest use of the service.
    pub fee: Fee,
    /// That shortest use in the program's words: 「1泊2日」, 「1日」, 「1回」.
    pub per_ja: String,
    pub per_en: String,
}

/// The desk's one-screen answer for a card (受付).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DeskView {
    pub card: String,
    pub approval_no: String,
    pub mother: String,
    /// The household, where this install knows it: at the ward, and for an approval the desk
    /// entered itself. A facility told by the ward knows only the fee band.
    pub household: Option<Household>,
    /// What she pays of the user share: 一般 / 減額 / 免除.
    pub fee_band: FeeBand,
    pub postal: Option<String>,
    pub provisional: bool,
    pub emergency: bool,
    pub ward_confirmed: bool,
    pub services: Vec<Service>,
    pub birth: Option<BirthView>,
    pub age: Option<AgeView>,
    pub quota: Vec<QuotaLine>,
    pub bookings: Vec<BookingView>,
    pub next_open: Vec<NextOpen>,
    pub unit_fees: Vec<UnitFee>,
    #[ts(type = "string | null")]
    pub roster_as_of: Option<DateTime<FixedOffset>>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BookingView {
    pub id: String,
    pub facility: String,
    pub card: String,
    pub mother: String,
    pub service: Service,
    #[ts(type = "string")]
    pub first_day: NaiveDate,
    #[ts(type = "string")]
    pub last_day: NaiveDate,
    pub units: u32,
    pub status: BookingStatus,
    pub fee: Fee,
    #[ts(type = "string")]
    pub cancel_by: DateTime<FixedOffset>,
    pub paid: bool,
    pub reason: Option<String>,
    /// Her latest screening here says high need (the flag only: reception sees no score).
    pub high_need: bool,
}

/// A booking request as the desk types it.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct BookingInput {
    pub card: String,
    pub service: Service,
    pub date: String,
    pub days: Option<u32>,
    pub reason: Option<String>,
}

/// A dry run of a booking: what it would cost and every rule it would break.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Quote {
    pub fee: Option<Fee>,
    #[ts(type = "string")]
    pub last_day: NaiveDate,
    #[ts(type = "string")]
    pub cancel_by: DateTime<FixedOffset>,
    pub violations: Vec<Violation>,
    pub warnings: Vec<Violation>,
    /// The shortest and longest use one booking may ask for, by the program (the form's bounds).
    pub min_units: u32,
    pub max_units: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BookResult {
    pub booking: String,
    pub warnings: Vec<Violation>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CancelResult {
    pub late: bool,
    #[ts(type = "string")]
    pub cancel_by: DateTime<FixedOffset>,
    /// What the mother is charged: the user share when late, nothing otherwise.
    pub charge: Fee,
    /// The first waiting mother the freed place is offered to, for the desk to call.
    pub offered_to: Option<WaitingView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct WaitingView {
    pub card: String,
    pub mother: String,
    pub service: Service,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub units: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DayCell {
    #[ts(type = "string")]
    pub date: NaiveDate,
    /// 0 = Monday … 6 = Sunday.
    pub weekday: u8,
    pub closed: bool,
    pub holiday: Option<String>,
    pub capacity: u32,
    pub taken: u32,
    pub free: u32,
    pub waiting: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MonthView {
    pub service: Service,
    pub month: String,
    pub days: Vec<DayCell>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct TodayView {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub check_ins: Vec<BookingView>,
    pub in_stay: Vec<BookingView>,
    pub day_care: Vec<BookingView>,
    pub visits: Vec<BookingView>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FacilityContact {
    pub name: String,
    pub address: String,
    pub phone: String,
}

/// A receipt of the user share (領収書).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Receipt {
    pub receipt_no: String,
    #[ts(type = "string")]
    pub issued_on: NaiveDate,
    pub issued_on_wareki: String,
    pub facility: FacilityContact,
    pub mother: String,
    pub card: String,
    pub service: Service,
    #[ts(type = "string")]
    pub first_day: NaiveDate,
    #[ts(type = "string")]
    pub last_day: NaiveDate,
    pub period_wareki: String,
    pub units: u32,
    pub fee: Fee,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub amount_paid: Yen,
    pub no_show: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportResult {
    #[ts(type = "number")]
    pub imported: u64,
    #[ts(type = "number")]
    pub skipped: u64,
    /// Ward: new entries that spoke for another facility's booking or care (kept as received, not taken).
    #[ts(type = "number")]
    pub refused: u64,
    pub kind: String,
    /// Facility: the roster is older than the last one imported (nothing of it taken).
    pub stale: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ExportResult {
    pub path: String,
    #[ts(type = "number")]
    pub events: u64,
    /// Export: the first sequence it carries (just past what the ward last acknowledged).
    #[ts(type = "number | null")]
    pub from_seq: Option<u64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    #[ts(type = "number")]
    pub pending_events: u64,
    #[ts(type = "number")]
    pub exported_through: u64,
    #[ts(type = "number | null")]
    pub roster_generation: Option<u64>,
    #[ts(type = "string | null")]
    pub roster_as_of: Option<DateTime<FixedOffset>>,
    /// Ward: the facilities registered (unrevoked).
    pub facilities: Vec<String>,
    /// Facility: the last entry of this journal the ward acknowledged in its latest roster.
    #[ts(type = "number | null")]
    pub acknowledged_through: Option<u64>,
    /// This install's key fingerprint.
    pub key_id: String,
    /// Facility: the fingerprint of the ward card it trusts.
    pub ward_key_id: Option<String>,
}

/// The CLI's `quota` answer: one line per service, keyed by its spelling.
pub type QuotaMap = BTreeMap<String, QuotaLine>;

impl From<&Mode> for String {
    fn from(m: &Mode) -> String {
        match m {
            Mode::Facility => "facility".into(),
            Mode::Ward => "ward".into(),
        }
    }
}
