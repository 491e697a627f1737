// Stand-in declarations for the IPC contract (ui/IPC.md), until the Rust side generates them with ts-rs into
// ui/src/lib/bindings/. At integration this file becomes re-exports of those bindings; names match the contract.

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
  | (string & {});

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

export interface AgeLimit { [key: string]: unknown }
export interface FacilityService {
  service: Service;
  age_limit: AgeLimit | string | null;
  weekdays: number[] | null;
  must_follow_delivery: boolean;
  visit_areas: string[];
  new_user_postal_codes: string[];
  note_ja: string | null;
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

export interface QuotaLine { service: Service; approved: boolean; limit: number; used: number; booked: number; remaining: number }
export interface Birth { date: string; babies: number }
export interface Age { months: number; weeks: number; days: number }
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
export interface ScanResult { card: string; confirmed: true; changes: string[] }

export interface BookingInput { card: string; service: Service; date: string; days?: number; reason?: string }
export interface Quote { fee: Fee | null; last_day: string; cancel_by: string; violations: Violation[]; warnings: Violation[] }
export interface BookResult { booking: string; warnings: Violation[] }
export interface CancelPreview { late: boolean; cancel_by: string; charge: Fee }
/** Shape not fixed by the contract yet: whom the desk should call for a freed place. */
export interface WaitingView { card: string; mother: string; service: Service; date: string; position: number }
export interface CancelResult extends CancelPreview { offered_to: WaitingView | null }
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
export interface CheckInInput { booking: string; temperature?: string; acute_infection: boolean; notes: string }
export interface CareEntry {
  booking: string;
  date: string;
  breast_care: boolean;
  feeding_consultation: boolean;
  parenting_consultation: boolean;
  baby_health_check: boolean;
  baby_weight_g?: number;
  bathing: boolean;
  bathing_practice: boolean;
  meals_served: number;
  formula: boolean;
  notes: string;
  follow_up: boolean;
}

export interface ReceiptFacility { name: string; address: string; phone: string }
export interface Receipt {
  receipt_no: string;
  issued_on: string;
  issued_on_wareki: string;
  facility: ReceiptFacility;
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

export type StaffRole = "reception" | "midwife" | "admin" | "ward";
export interface Staff { name: string; role: StaffRole }
export interface Capacity { short_stay: number; day_care: number; home_visit: number }
export interface Settings {
  facility_id: string;
  facility_name: string;
  closed: string;
  capacity: Capacity;
  visit_areas: string[];
  staff: Staff[];
}

export interface SyncStatus {
  last_export_at: string | null;
  pending_events: number;
  last_roster_at: string | null;
  roster_generation: number | null;
}
export interface ExportResult { path: string; events: number }
export interface ImportResult { imported: number; skipped: number; kind: string }

export interface ClaimTotals { uses: number; total_cost: number; user_fees: number; ward_amount: number; no_shows: number }
export interface ClaimLine extends ClaimTotals { facility_id: string; facility_name: string }
export interface ClaimsReport { month: string; facilities: ClaimLine[]; totals: ClaimTotals }
export interface PathResult { path: string }

export interface UsageRow { month: string; service: Service; facility_id: string; units: number; total_cost: number; ward_amount: number }
export interface UsageStats { months: UsageRow[] }
export interface Overrun { card: string; service: Service; limit: number; used: number; facilities: string[] }

export interface BackupResult { path: string; at: string }
export interface StoreInfo { size_bytes: number; last_backup_at: string | null; backup_overdue: boolean }
