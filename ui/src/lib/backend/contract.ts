// The IPC contract's types: re-exports of what ts-rs generates from Rust into ../bindings/, the one source
// (`cargo test -p sango` writes them; never edit them by hand). Names follow the contract; where the
// screens used another name first, it is exported beside as an alias (ScanResult = ScanView, …).

export type { AgeView } from "../bindings/AgeView";
export type { InForceView } from "../bindings/InForceView";
export type { DirectorySetView } from "../bindings/DirectorySetView";
export type { Problem } from "../bindings/Problem";
export type { BackupView } from "../bindings/BackupView";
export type { DeskView } from "../bindings/DeskView";
export type { DeskRead } from "../bindings/DeskRead";
export type { ExportResult } from "../bindings/ExportResult";
export type { ImportResult } from "../bindings/ImportResult";
export type { InboxFile } from "../bindings/InboxFile";
export type { StoreInfo } from "../bindings/StoreInfo";
export type { RecoverySheet } from "../bindings/RecoverySheet";
import type { RecoverySheet } from "../bindings/RecoverySheet";
import type { AppInfo } from "../bindings/AppInfo";
export type { SyncStatus } from "../bindings/SyncStatus";
import type { Service } from "../bindings/Service";
import type { Household } from "../bindings/Household";
import type { Role } from "../bindings/Role";
import type { CancelResult } from "../bindings/CancelResult";
import type { ScanView } from "../bindings/ScanView";
import type { FacilityContact } from "../bindings/FacilityContact";

export type { AppError } from "../bindings/AppError";
/** approval_add's `input`: the core's `ApprovalForm`, read once by both doors. */
export type { ApprovalForm as ApprovalInput } from "../bindings/ApprovalForm";
export type { ErrorCode } from "../bindings/ErrorCode";
export type { AppInfo } from "../bindings/AppInfo";
export type { StoreNotice } from "../bindings/StoreNotice";
export type { Service, Household, Role, CancelResult, ScanView, FacilityContact };
export type { ViolationCode } from "../bindings/ViolationCode";
export type { Violation } from "../bindings/Violation";
export type { Fee } from "../bindings/Fee";
export type { AgeUnit } from "../bindings/AgeUnit";
export type { AgeBound } from "../bindings/AgeBound";
export type { AgeLimit } from "../bindings/AgeLimit";
export type { Facility } from "../bindings/Facility";
export type { FacilityService } from "../bindings/FacilityService";
export type { BookingStatus } from "../bindings/BookingStatus";
export type { BookingView } from "../bindings/BookingView";
export type { QuotaSource } from "../bindings/QuotaSource";
export type { QuotaLine } from "../bindings/QuotaLine";
export type { PoolQuota } from "../bindings/PoolQuota";
export type { BirthView, BirthView as Birth } from "../bindings/BirthView";
export type { NextOpen } from "../bindings/NextOpen";
export type { UnitFee } from "../bindings/UnitFee";
export type { CardRef } from "../bindings/CardRef";
export type { BookingInput } from "../bindings/BookingInput";
export type { Quote } from "../bindings/Quote";
export type { BookResult } from "../bindings/BookResult";
export type { WaitingView } from "../bindings/WaitingView";
export type { DayCell } from "../bindings/DayCell";
export type { MonthView } from "../bindings/MonthView";
export type { TodayView } from "../bindings/TodayView";
export type { CheckInInput } from "../bindings/CheckInInput";
export type { CareGiven } from "../bindings/CareGiven";
export type { DayRecordForm } from "../bindings/DayRecordForm";
export type { Receipt } from "../bindings/Receipt";
export type { Capacity } from "../bindings/Capacity";
export type { SettingsForm } from "../bindings/SettingsForm";
export type { SettingsView } from "../bindings/SettingsView";
export type { ClaimTotals } from "../bindings/ClaimTotals";
export type { ClaimUse } from "../bindings/ClaimUse";
export type { ClaimLine } from "../bindings/ClaimLine";
export type { ClaimsReport } from "../bindings/ClaimsReport";
export type { Adjustment } from "../bindings/Adjustment";
export type { AdjustmentReason } from "../bindings/AdjustmentReason";
export type { LineMoney } from "../bindings/LineMoney";
export type { Closed } from "../bindings/Closed";
export type { ClosePreview } from "../bindings/ClosePreview";
export type { CloseResult } from "../bindings/CloseResult";
export type { MissingExport } from "../bindings/MissingExport";
export type { FiscalReport } from "../bindings/FiscalReport";
export type { FiscalTable } from "../bindings/FiscalTable";
export type { FiscalRow } from "../bindings/FiscalRow";
export type { FiscalUse } from "../bindings/FiscalUse";
export type { WorkbookView } from "../bindings/WorkbookView";
export type { InvoicePrint } from "../bindings/InvoicePrint";
export type { InvoiceLine } from "../bindings/InvoiceLine";
export type { InvoiceAdjustment } from "../bindings/InvoiceAdjustment";
export type { ClaimFlag } from "../bindings/ClaimFlag";
export type { FacilityReports } from "../bindings/FacilityReports";
export type { FacilityApprovalView } from "../bindings/FacilityApprovalView";
export type { BirthProposalView } from "../bindings/BirthProposalView";
export type { UsageRow } from "../bindings/UsageRow";
export type { UsageStats } from "../bindings/UsageStats";
export type { OverrunUse } from "../bindings/OverrunUse";
export type { Overrun } from "../bindings/Overrun";
export type { NoticeLine } from "../bindings/NoticeLine";
export type { NoticePrint } from "../bindings/NoticePrint";
export type { FeeBand } from "../bindings/FeeBand";
export type { CardView } from "../bindings/CardView";
export type { FacilityKeyView } from "../bindings/FacilityKeyView";
export type { FacilitySender } from "../bindings/FacilitySender";
export type { WardCardInfo } from "../bindings/WardCardInfo";
export type { StaffView } from "../bindings/StaffView";
export type { AuditLine } from "../bindings/AuditLine";
export type { UseCase } from "../bindings/UseCase";
export type { SessionView } from "../bindings/SessionView";
// The midwife's record and the 連絡票 (issue 18).
export type { CareField } from "../bindings/CareField";
export type { CareRange } from "../bindings/CareRange";
export type { CareProgram } from "../bindings/CareProgram";
export type { HealthCentre } from "../bindings/HealthCentre";
export type { ScreeningThresholds } from "../bindings/ScreeningThresholds";
export type { MotherObservations } from "../bindings/MotherObservations";
export type { BabyObservations } from "../bindings/BabyObservations";
export type { Feed } from "../bindings/Feed";
export type { FeedKind } from "../bindings/FeedKind";
export type { CareDayView } from "../bindings/CareDayView";
export type { CareRecordView } from "../bindings/CareRecordView";
export type { WeightChange } from "../bindings/WeightChange";
export type { ScreeningInput } from "../bindings/ScreeningInput";
export type { ScreeningResult } from "../bindings/ScreeningResult";
export type { ScreeningRecord } from "../bindings/ScreeningRecord";
export type { Consent } from "../bindings/Consent";
export type { ConsentInput } from "../bindings/ConsentInput";
export type { Urgency } from "../bindings/Urgency";
export type { ReferralStatus } from "../bindings/ReferralStatus";
export type { ReferralReply } from "../bindings/ReferralReply";
export type { ReferralInput } from "../bindings/ReferralInput";
export type { ReferralView } from "../bindings/ReferralView";
export type { ReferralForm } from "../bindings/ReferralForm";
export type { ReportDay } from "../bindings/ReportDay";
export type { UseReport } from "../bindings/UseReport";
export type { UseReportLine } from "../bindings/UseReportLine";

import type { AgeView } from "../bindings/AgeView";
import type { BackupView } from "../bindings/BackupView";
import type { ExportResult } from "../bindings/ExportResult";

// Aliases the screens use.
export type Age = AgeView;
export type ScanResult = ScanView;
/** cancel_preview and cancel both answer a CancelResult (offered_to is null in a preview). */
export type CancelPreview = CancelResult;
export type BackupResult = BackupView;
/** claims_csv answers an ExportResult (events = the claim lines written). */
export type PathResult = ExportResult;
export type ReceiptFacility = FacilityContact;
export type StaffRole = Role;
/** The install's mode as AppInfo.mode carries it (Rust writes it as a plain string). */
export type AppMode = "facility" | "ward" | "new";

// ---- Not exported by Rust: argument shapes of src-tauri's own structs and command parameters. ----

/** wait_list_add's answer: src-tauri's `Position` (no ts-rs export). */
export interface WaitListResult { position: number }
/** setup_facility's parameters (plain command arguments, camelCase as Tauri maps them). */
export interface FacilitySetupArgs {
  /** The directory's facility id, e.g. "tsumugi". */
  facility: string;
  /** The ward's card (JSON text) as the ward handed it over. */
  wardCard: string;
  /** Closed days, e.g. "sun,holidays". */
  closed: string;
  /** Places per service, e.g. "short-stay=2,day-care=4,home-visit=3". */
  capacity: string;
}
/** audit's and audit_csv's filter: each part null for "any" (dates inclusive, "YYYY-MM-DD"; kind = the action's
 * word before any ":", e.g. "opened_desk_lookup", "staff_added"). */
export interface AuditFilter { card: string | null; staff: string | null; from: string | null; to: string | null; kind: string | null }
/** setup_facility's and setup_ward's answer: src-tauri's `SetupResult`. The sheet is shown once. */
export interface SetupResult { info: AppInfo; recovery: RecoverySheet }
