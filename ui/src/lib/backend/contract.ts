// Stand-in declarations for the IPC contract (ui/IPC.md), until the Rust side generates them with ts-rs into
// ui/src/lib/bindings/. At integration this file becomes re-exports of those bindings. Names follow the contract;
// shapes follow the Rust structs as merged on main (crates/sango/src/app/views.rs …) where they differ from
// IPC.md, and the Rust name is exported beside the contract's name (e.g. ScanView = ScanResult).

export type Service = "short-stay" | "day-care" | "home-visit";
export type Household = "standard" | "non-taxable" | "welfare";
/** Stable codes of docs/cli.md; the list is open, so any string is accepted. */
export type ViolationCode =
  | "not_approved"
  | "before_birth"
  | "child_too_old"
  | "over_recommended_age"
  | "quota_exceeded"
  | "service_not_offered"
  | "facility_closed"
  | "facility_full"
  | "outside_visit_area"
  | "too_short"
  | "unknown_card"
  | "provisional_approval"
  | "birth_not_registered"
  | "not_offered_that_weekday"
  | "address_unconfirmed"
  | "one_visit_per_booking"
  | "overlapping_use"
  | "must_follow_delivery"
  | "no_fee_schedule"
  | "date_in_past";

export interface Violation { code: ViolationCode; message_ja: string; message_en: string }
export interface AppError { code: string; message_ja: string; message_en: string; violations: Violation[] }
/** Whole yen: total_cost = user_fee + ward_amount. */
export interface Fee { total_cost: number; user_fee: number; ward_amount: number }

export interface StoreNotice { code: string; message_ja: string; message_en: string }
export interface AppInfo {
  mode: "facility" | "ward" | "new";
  install_name: string;
  facility_id: string | null;
  program: string;
  version: string;
  today: string;
  roster_as_of: string | null;
  notices: StoreNotice[];
}

export type AgeUnit = "months" | "weeks";
export type AgeBound = "under" | "through";
export interface AgeLimit { unit: AgeUnit; n: number; bound: AgeBound; soft: boolean }
export interface FacilityService {
  service: Service;
  age_limit: AgeLimit | null;
  weekdays: number[] | null;
  must_follow_delivery: boolean;
  visit_areas: string[];
  new_user_postal_codes: string[] | null;
  note_ja: string;
  max_stay_days: number | null;
  visit_areas_inferred: boolean;
  lead_midwife: string | null;
}
export interface Facility {
  id: string;
  name: string;
  short_name: string;
  address: string;
  phone: string;
  services: FacilityService[];
}

export type BookingStatus = "booked" | "checked-in" | "completed" | "cancelled" | "no-show" | "refused";
export interface BookingView {
  id: string;
  facility: string;
  card: string;
  mother: string;
  service: Service;
  first_day: string;
  last_day: string;
  units: number;
  status: BookingStatus;
  fee: Fee;
  cancel_by: string;
  paid: boolean;
  reason: string | null;
}

/** Where a quota number comes from: `own` (this install's records) or `roster` (the ward's, as of its date). */
export interface QuotaSource { facility: string; used: number; booked: number; source: string }
export interface QuotaLine {
  service: Service;
  approved: boolean;
  limit: number;
  used: number;
  booked: number;
  remaining: number;
  by_facility: QuotaSource[];
}
export interface BirthView { date: string; babies: number }
export type Birth = BirthView;
export interface AgeView { months: number; weeks: number; days: number }
export type Age = AgeView;
export interface NextOpen { service: Service; dates: string[] }
export interface UnitFee { service: Service; fee: Fee }
export interface DeskView {
  card: string;
  approval_no: string;
  mother: string;
  household: Household;
  postal: string | null;
  provisional: boolean;
  emergency: boolean;
  ward_confirmed: boolean;
  services: Service[];
  birth: Birth | null;
  age: Age | null;
  quota: QuotaLine[];
  bookings: BookingView[];
  next_open: NextOpen[];
  unit_fees: UnitFee[];
  roster_as_of: string | null;
}

export interface ApprovalInput {
  card: string;
  approval_no: string;
  mother: string;
  services: Service[];
  household: Household;
  postal?: string;
  emergency: boolean;
}
export interface CardRef { card: string }
export interface ScanView { card: string; confirmed: boolean; changes: string[] }
export type ScanResult = ScanView;

/** Option fields are `T | null` as ts-rs writes them; null = not given (days: the service's minimum). */
export interface BookingInput { card: string; service: Service; date: string; days: number | null; reason: string | null }
export interface Quote { fee: Fee | null; last_day: string; cancel_by: string; violations: Violation[]; warnings: Violation[] }
export interface BookResult { booking: string; warnings: Violation[] }
/** The first waiting mother a freed place is offered to, for the desk to call. */
export interface WaitingView { card: string; mother: string; service: Service; date: string; units: number }
/** cancel_preview and cancel both answer this (offered_to is null in a preview). */
export interface CancelResult { late: boolean; cancel_by: string; charge: Fee; offered_to: WaitingView | null }
export type CancelPreview = CancelResult;
export interface WaitListResult { position: number }

export interface DayCell {
  date: string;
  weekday: number;
  closed: boolean;
  holiday: string | null;
  capacity: number;
  taken: number;
  free: number;
  waiting: number;
}
export interface MonthView { service: Service; month: string; days: DayCell[] }

export interface TodayView {
  date: string;
  check_ins: BookingView[];
  in_stay: BookingView[];
  day_care: BookingView[];
  visits: BookingView[];
}
export interface CheckInInput { booking: string; temperature: string | null; acute_infection: boolean; notes: string }
export interface CareEntry {
  booking: string;
  date: string;
  breast_care: boolean;
  feeding_consultation: boolean;
  parenting_consultation: boolean;
  baby_health_check: boolean;
  baby_weight_g: number | null;
  bathing: boolean;
  bathing_practice: boolean;
  meals_served: number;
  formula: boolean;
  notes: string;
  follow_up: boolean;
}

export interface FacilityContact { name: string; address: string; phone: string }
export type ReceiptFacility = FacilityContact;
export interface Receipt {
  receipt_no: string;
  issued_on: string;
  issued_on_wareki: string;
  facility: FacilityContact;
  mother: string;
  card: string;
  service: Service;
  first_day: string;
  last_day: string;
  period_wareki: string;
  units: number;
  fee: Fee;
  amount_paid: number;
  no_show: boolean;
}

export type Role = "reception" | "midwife" | "admin" | "ward" | "system";
export type StaffRole = Role;
export interface Staff { name: string; role: Role }
export interface Capacity { short_stay: number; day_care: number; home_visit: number }
/** How the facility runs (closed days as "sun,holidays,2026-12-31"); visit_areas null = the directory's. */
export interface Settings {
  closed: string;
  capacity: Capacity;
  visit_areas: string[] | null;
  staff: Staff[];
}
/** settings_get: the facility (null in ward mode) and its settings. */
export interface SettingsView { facility_id: string | null; facility_name: string; settings: Settings }

export interface SyncStatus {
  pending_events: number;
  exported_through: number;
  roster_generation: number | null;
  roster_as_of: string | null;
  /** Ward: the facilities whose bundles it has, with their pinned key ids. */
  facilities: string[];
}
export interface ExportResult { path: string; events: number }
export interface ImportResult { imported: number; skipped: number; kind: string }

export interface ClaimTotals { uses: number; total_cost: number; user_fees: number; ward_amount: number; no_shows: number }
export interface ClaimUse {
  booking: string;
  card: string;
  approval_no: string;
  service: Service;
  first_day: string;
  last_day: string;
  units: number;
  total_cost: number;
  user_fee: number;
  ward_amount: number;
  household: Household;
  no_show: boolean;
}
export interface ClaimLine extends ClaimTotals { facility_id: string; facility_name: string; lines: ClaimUse[] }
export interface ClaimsReport { month: string; facilities: ClaimLine[]; totals: ClaimTotals }
export type PathResult = ExportResult;

export interface UsageRow { month: string; service: Service; facility_id: string; units: number; total_cost: number; ward_amount: number }
export interface UsageStats { year: number; months: UsageRow[] }
export interface OverrunUse { booking: string; facility: string; first_day: string; units: number; booked_at: string }
export interface Overrun { card: string; service: Service; limit: number; used: number; facilities: string[]; uses: OverrunUse[] }

export interface BackupView { out: string; entries: number; bytes: number; encrypted: boolean; at: string }
export type BackupResult = BackupView;
export interface StoreInfo {
  data_dir: string;
  size_bytes: number;
  entries: number;
  last_backup_at: string | null;
  backup_overdue: boolean;
  /** Where export files are written and import files are picked up (連携). */
  outbox: string;
  inbox: string;
}
