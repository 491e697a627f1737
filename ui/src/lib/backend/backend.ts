// The one IPC choke point: every command the UI may call, typed, and every failure turned into an AppError.
import type * as C from "./contract";

export interface Backend {
  appInfo(): Promise<C.AppInfo>;
  directory(): Promise<C.Facility[]>;
  /** 設定: the program and the facility directory in force. */
  inForce(): Promise<C.InForceView>;
  /** Ward: the facility directory replaced from the edited JSON (every problem listed, nothing changed). */
  directorySet(text: string): Promise<C.DirectorySetView>;
  deskLookup(card: string): Promise<C.DeskView>;
  approvalAdd(input: C.ApprovalInput): Promise<C.CardRef>;
  approvalScan(payload: string): Promise<C.ScanResult>;
  /** 受付's one field: the core tells a notice's code from a card number by its form. */
  deskRead(text: string, composed: boolean): Promise<C.DeskRead>;
  birthRecord(card: string, date: string, babies: number): Promise<C.CardRef>;
  quote(input: C.BookingInput): Promise<C.Quote>;
  book(input: C.BookingInput): Promise<C.BookResult>;
  reschedule(booking: string, date: string, days?: number): Promise<C.BookingView>;
  cancelPreview(booking: string): Promise<C.CancelPreview>;
  cancel(booking: string): Promise<C.CancelResult>;
  waitListAdd(input: C.BookingInput): Promise<C.WaitListResult>;
  calendarMonth(service: C.Service, month: string): Promise<C.MonthView>;
  today(date?: string): Promise<C.TodayView>;
  checkIn(input: C.CheckInInput): Promise<C.BookingView>;
  careLog(input: C.DayRecordForm): Promise<C.DayRecordForm>;
  careEntries(booking: string): Promise<C.DayRecordForm[]>;
  /** The program's care table: plausible and normal ranges, screening thresholds, health centres. */
  careProgram(): Promise<C.CareProgram>;
  /** A use's whole record (days, screenings, consent, referrals with the ward's replies); an audited opening. */
  careRecord(booking: string): Promise<C.CareRecordView>;
  screeningRecord(input: C.ScreeningInput): Promise<C.ScreeningResult>;
  consentRecord(input: C.ConsentInput): Promise<C.Consent>;
  referralAdd(input: C.ReferralInput): Promise<C.ReferralView>;
  /** A facility's own 連絡票, or every one at the ward: urgent first, then the newest. */
  referrals(): Promise<C.ReferralView[]>;
  referralReply(referral: string, status: C.ReferralStatus, note: string): Promise<C.ReferralView>;
  referralForm(referral: string): Promise<C.ReferralForm>;
  useReport(booking: string): Promise<C.UseReport>;
  useReports(month: string): Promise<C.UseReportLine[]>;
  complete(booking: string, days?: number): Promise<C.BookingView>;
  paymentRecord(booking: string): Promise<C.Receipt>;
  receipt(booking: string): Promise<C.Receipt>;
  unpaid(): Promise<C.BookingView[]>;
  settingsGet(): Promise<C.SettingsView>;
  settingsSet(settings: C.SettingsForm): Promise<C.SettingsView>;
  syncStatus(): Promise<C.SyncStatus>;
  /** Ward: approvals and births facilities reported that the ward has not recorded. */
  facilityReports(): Promise<C.FacilityReports>;
  exportBundle(): Promise<C.ExportResult>;
  /** 連携: the files waiting in inbox/ (oldest name first), then each imported on its own, for the progress. */
  inboxFiles(): Promise<C.InboxFile[]>;
  importFile(name: string): Promise<C.ImportResult>;
  /** This install's public card written into outbox/ (a facility's, for the ward to register it). */
  cardExport(): Promise<C.CardView>;
  /** Ward: every facility key registered, current and revoked. */
  facilityList(): Promise<C.FacilityKeyView[]>;
  /** Ward: who signed an export waiting in inbox/ (by its bare name), to read the fingerprint back before registering. */
  inboxSender(name: string): Promise<C.FacilitySender>;
  /** Ward: registers the facility that signed that inbox file; the file stays in inbox/ to be imported next. */
  facilityRegister(name: string): Promise<C.FacilityKeyView>;
  /** Ward: stops trusting a facility's current key (its files are refused, it gets no roster). */
  facilityRevoke(facility: string): Promise<C.FacilityKeyView>;
  claims(month: string): Promise<C.ClaimsReport>;
  /** Writes the month's claims CSV into `folder` (the user's choice, never outbox/). */
  claimsCsv(month: string, folder: string): Promise<C.PathResult>;
  /** Where a CSV is saved unless the user picks another folder. */
  defaultSaveFolder(): Promise<string>;
  /** 集計: by fiscal year (年度, April–March). */
  usageStats(year: number): Promise<C.UsageStats>;
  /** 請求 「この月を締める」: the totals to confirm, whether it can be closed, who has not exported. */
  closePreview(month: string): Promise<C.ClosePreview>;
  /** Closes the month; `anyway` although facilities have not exported since it ended (recorded). */
  closeMonth(month: string, anyway: boolean): Promise<C.CloseResult>;
  /** 実績: the fiscal year's report (`fiscalYear` as typed, e.g. "2026"). */
  fiscalReport(fiscalYear: string): Promise<C.FiscalReport>;
  /** 実績: the uses behind one figure (its key). */
  fiscalUses(fiscalYear: string, key: string): Promise<C.FiscalUse[]>;
  /** 実績: the workbook written into `folder`. */
  fiscalXlsx(fiscalYear: string, folder: string): Promise<C.WorkbookView>;
  /** 請求: one facility's 委託料請求書 for the month, to print (和暦 from the core). */
  claimInvoice(month: string, facility: string): Promise<C.InvoicePrint>;
  overruns(): Promise<C.Overrun[]>;
  /** An empty or missing passphrase writes the backup unencrypted. */
  backupNow(): Promise<C.BackupResult>;
  /** The removable drives mounted now (USB sticks), as folders to back up onto. */
  removableMedia(): Promise<string[]>;
  /** A backup onto a chosen folder; a folder that is not there fails with `bad_folder`. */
  backupTo(folder: string): Promise<C.BackupResult>;
  storeInfo(): Promise<C.StoreInfo>;
  /** First run: set this machine up as a facility, as the ward, or from a backup; each answers the new AppInfo. */
  setupFacility(args: C.FacilitySetupArgs): Promise<C.SetupResult>;
  setupWard(): Promise<C.SetupResult>;
  /** First run: the ward card read but not installed (whose it is, its fingerprint), to compare with the ward's. */
  wardCardCheck(wardCard: string): Promise<C.WardCardInfo>;
  /** `recoveryKey`: the 24 words of the install's recovery sheet. */
  restoreBackup(dataBase64: string, recoveryKey: string): Promise<C.AppInfo>;
  /** 承認 (ward): the notice to print for a card, with its signed code as a QR image. */
  approvalNotice(card: string): Promise<C.NoticePrint>;

  // ---- Staff and sign-in (issue 17): the core decides who may do what; the window only hides it. ----
  /** Who is signed in (null: nobody; the sign-in screen shows). */
  session(): Promise<C.SessionView | null>;
  /** The install's staff accounts, signed out too (the sign-in screen lists the active ones). */
  staffList(): Promise<C.StaffView[]>;
  /** Only while the install has no staff at all: the first admin, signed in. */
  staffAddFirst(name: string, pin: string): Promise<C.SessionView>;
  signIn(name: string, pin: string): Promise<C.SessionView>;
  /** Signs out: every later command but the sign-in ones fails with `not_signed_in`. */
  lock(): Promise<null>;
  staffAdd(name: string, role: C.Role, pin: string): Promise<C.StaffView>;
  staffDisable(name: string): Promise<C.StaffView>;
  staffEnable(name: string): Promise<C.StaffView>;
  staffResetPin(name: string, pin: string): Promise<C.StaffView>;
  /** 記録の確認 (admin): who did or opened what, oldest first. */
  audit(filter: C.AuditFilter): Promise<C.AuditLine[]>;
  /** The same lines as CSV into `folder`. */
  auditCsv(filter: C.AuditFilter, folder: string): Promise<C.ExportResult>;
}

/** Raw transport: `invoke(command, args)`. Tauri's own in the app; tests mock it underneath with mockIPC. */
export type Invoke = (command: string, args?: Record<string, unknown>) => Promise<unknown>;

export function isAppError(value: unknown): value is C.AppError {
  return typeof value === "object" && value !== null && typeof (value as C.AppError).code === "string"
    && typeof (value as C.AppError).message_ja === "string";
}

/** Whatever a command rejected with (an AppError, a plain string from Tauri, an exception) becomes an AppError. */
export function toAppError(value: unknown): C.AppError {
  if (isAppError(value)) {
    return { ...value, message_en: value.message_en ?? value.message_ja, violations: value.violations ?? [] };
  }
  const text = typeof value === "string" ? value : value instanceof Error ? value.message : JSON.stringify(value);
  return {
    code: "internal",
    message_ja: `予期しないエラーが発生しました: ${text}`,
    message_en: `Unexpected error: ${text}`,
    violations: [],
  };
}

/** `onSignedOut`: called when a command answers `not_signed_in` (the window then shows the sign-in screen). */
export function createBackend(invoke: Invoke, onSignedOut: () => void = () => {}): Backend {
  async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
    try {
      return (await invoke(command, args)) as T;
    } catch (error) {
      const e = toAppError(error);
      if (e.code === "not_signed_in") onSignedOut();
      throw e;
    }
  }
  return {
    appInfo: () => call("app_info"),
    directory: () => call("directory"),
    inForce: () => call("in_force"),
    directorySet: (text) => call("directory_set", { text }),
    deskLookup: (card) => call("desk_lookup", { card }),
    approvalAdd: (input) => call("approval_add", { input }),
    approvalScan: (payload) => call("approval_scan", { payload }),
    deskRead: (text, composed) => call("desk_read", { text, composed }),
    birthRecord: (card, date, babies) => call("birth_record", { card, date, babies }),
    quote: (input) => call("quote", { input }),
    book: (input) => call("book", { input }),
    reschedule: (booking, date, days) => call("reschedule", { booking, date, days }),
    cancelPreview: (booking) => call("cancel_preview", { booking }),
    cancel: (booking) => call("cancel", { booking }),
    waitListAdd: (input) => call("wait_list_add", { input }),
    calendarMonth: (service, month) => call("calendar_month", { service, month }),
    today: (date) => call("today", date ? { date } : {}),
    checkIn: (input) => call("check_in", { input }),
    careLog: (input) => call("care_log", { input }),
    careEntries: (booking) => call("care_entries", { booking }),
    careProgram: () => call("care_program"),
    careRecord: (booking) => call("care_record", { booking }),
    screeningRecord: (input) => call("screening_record", { input }),
    consentRecord: (input) => call("consent_record", { input }),
    referralAdd: (input) => call("referral_add", { input }),
    referrals: () => call("referrals"),
    referralReply: (referral, status, note) => call("referral_reply", { referral, status, note }),
    referralForm: (referral) => call("referral_form", { referral }),
    useReport: (booking) => call("use_report", { booking }),
    useReports: (month) => call("use_reports", { month }),
    complete: (booking, days) => call("complete", { booking, days }),
    paymentRecord: (booking) => call("payment_record", { booking }),
    receipt: (booking) => call("receipt", { booking }),
    unpaid: () => call("unpaid"),
    settingsGet: () => call("settings_get"),
    settingsSet: (settings) => call("settings_set", { settings }),
    syncStatus: () => call("sync_status"),
    facilityReports: () => call("facility_reports"),
    exportBundle: () => call("export_bundle"),
    inboxFiles: () => call("inbox_files"),
    importFile: (name) => call("import_file", { name }),
    cardExport: () => call("card_export"),
    facilityList: () => call("facility_list"),
    inboxSender: (name) => call("inbox_sender", { name }),
    facilityRegister: (name) => call("facility_register", { name }),
    facilityRevoke: (facility) => call("facility_revoke", { facility }),
    claims: (month) => call("claims", { month }),
    claimsCsv: (month, folder) => call("claims_csv", { month, folder }),
    defaultSaveFolder: () => call("default_save_folder"),
    usageStats: (year) => call("usage_stats", { year }),
    closePreview: (month) => call("close_preview", { month }),
    closeMonth: (month, anyway) => call("close_month", { month, anyway }),
    fiscalReport: (fiscalYear) => call("fiscal_report", { fiscalYear }),
    fiscalUses: (fiscalYear, key) => call("fiscal_uses", { fiscalYear, key }),
    fiscalXlsx: (fiscalYear, folder) => call("fiscal_xlsx", { fiscalYear, folder }),
    claimInvoice: (month, facility) => call("claim_invoice", { month, facility }),
    overruns: () => call("overruns"),
    backupNow: () => call("backup_now"),
    removableMedia: () => call("removable_media"),
    backupTo: (folder) => call("backup_to", { folder }),
    storeInfo: () => call("store_info"),
    setupFacility: ({ facility, wardCard, closed, capacity }) => call("setup_facility", { facility, wardCard, closed, capacity }),
    setupWard: () => call("setup_ward"),
    wardCardCheck: (wardCard) => call("ward_card_check", { wardCard }),
    restoreBackup: (dataBase64, recoveryKey) => call("restore_backup", { dataBase64, recoveryKey }),
    approvalNotice: (card) => call("approval_notice", { card }),
    session: () => call("session"),
    staffList: () => call("staff_list"),
    staffAddFirst: (name, pin) => call("staff_add_first", { name, pin }),
    signIn: (name, pin) => call("sign_in", { name, pin }),
    lock: () => call("lock"),
    staffAdd: (name, role, pin) => call("staff_add", { name, role, pin }),
    staffDisable: (name) => call("staff_disable", { name }),
    staffEnable: (name) => call("staff_enable", { name }),
    staffResetPin: (name, pin) => call("staff_reset_pin", { name, pin }),
    audit: (filter) => call("audit", { ...filter }),
    auditCsv: (filter, folder) => call("audit_csv", { ...filter, folder }),
  };
}
