//! What each role may do (issue 17): program data and two pure functions, no store, no clock.
//!
//! Every use case of `app` a door calls names its [`UseCase`]; `App::require` refuses the call
//! with `not_permitted` when [`allowed`] says no for the acting person's role. The table is the
//! whole rule: the window only hides what this table already refuses.
//!
//! - 管理者 (admin) may do everything at its install: the CLI acts with this role.
//! - 受付 (reception): the desk (lookups, approvals typed from a notice, orientations), bookings
//!   and cancellations, today's list, payments and receipts.
//! - 助産師 (midwife): today's list, check-in, the care log (the day's record), screening,
//!   consent, completing a use, orientations, making a 連絡票 and reading its answer.
//! - 母子保健係 (ward officer): the ward's work: the desk, approvals, notices, imports, rosters,
//!   facility keys, claims, closing a month and the fiscal year's report, the 連絡票 list and its
//!   answers. Reception sees a mother's high-need flag in today's list, never the scores or the record.
//! - Settings, staff accounts, backups, the audit view and a facility's export: admin only.
//! - `system` is the program itself (the first entry, a restore): no door acts as it.

use serde::Serialize;
use ts_rs::TS;

use crate::ledger::Role;

/// A use case a door calls, as far as who may call it is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum UseCase {
    /// What the window needs to draw itself: status line, install, settings as read.
    Status,
    /// A mother's card at the desk: approval, birth, quota, uses (a record is opened).
    DeskLookup,
    /// An approval or birth recorded (typed, scanned, or the ward's own).
    ApprovalAdd,
    /// An orientation during pregnancy recorded.
    Orientation,
    /// A booking quoted, made, rescheduled or wait-listed; the calendar of free places.
    Booking,
    /// A booking cancelled (and what cancelling it would cost).
    Cancel,
    /// Today's list of uses.
    Today,
    /// A mother checked in on the day.
    CheckIn,
    /// The care log of a use, read or written.
    CareLog,
    /// A use completed.
    Complete,
    /// Payments taken, the list of the unpaid.
    Payment,
    /// A receipt printed.
    Receipt,
    /// A facility's export bundle to the ward.
    SyncExport,
    /// A bundle imported (an export at the ward, a roster at a facility).
    SyncImport,
    /// The ward's roster for the facilities.
    Roster,
    /// Claims, overruns, facility reports, usage statistics.
    Claims,
    /// The facility's settings changed.
    Settings,
    /// Staff accounts added, disabled, enabled, their PIN reset.
    Staff,
    /// Backups written.
    Backup,
    /// The audit view: who did or opened what.
    Audit,
    /// The ward's approval notice printed.
    Notices,
    /// Facility keys: registered, revoked, listed; this install's card handed out.
    Facilities,
    /// A month's claims closed (締め): what is paid for it never changes again.
    CloseMonth,
    /// The fiscal year's 実績 report, its workbook and the uses behind each figure.
    FiscalReport,
    /// A screening (EPDS, 赤ちゃんへの気持ち) recorded.
    Screening,
    /// 説明と同意 recorded.
    Consent,
    /// A 連絡票 made.
    ReferralAdd,
    /// The ward's answer to a 連絡票.
    ReferralReply,
    /// The 連絡票 list (a facility's own, the ward's every one) and a form printed.
    Referrals,
    /// The ward's program and facility directory changed (they reach facilities in the roster).
    ProgramSet,
}

impl UseCase {
    pub const ALL: [UseCase; 30] = [
        UseCase::Status,
        UseCase::DeskLookup,
        UseCase::ApprovalAdd,
        UseCase::Orientation,
        UseCase::Booking,
        UseCase::Cancel,
        UseCase::Today,
        UseCase::CheckIn,
        UseCase::CareLog,
        UseCase::Complete,
        UseCase::Payment,
        UseCase::Receipt,
        UseCase::SyncExport,
        UseCase::SyncImport,
        UseCase::Roster,
        UseCase::Claims,
        UseCase::Settings,
        UseCase::Staff,
        UseCase::Backup,
        UseCase::Audit,
        UseCase::Notices,
        UseCase::Facilities,
        UseCase::CloseMonth,
        UseCase::FiscalReport,
        UseCase::Screening,
        UseCase::Consent,
        UseCase::ReferralAdd,
        UseCase::ReferralReply,
        UseCase::Referrals,
        UseCase::ProgramSet,
    ];

    /// What a clerk calls it.
    pub fn name_ja(self) -> &'static str {
        match self {
            UseCase::Status => "画面の表示",
            UseCase::DeskLookup => "利用者の照会",
            UseCase::ApprovalAdd => "承認・出生の登録",
            UseCase::Orientation => "オリエンテーションの記録",
            UseCase::Booking => "予約",
            UseCase::Cancel => "予約の取消",
            UseCase::Today => "本日の利用一覧",
            UseCase::CheckIn => "受付(来所)",
            UseCase::CareLog => "ケア記録",
            UseCase::Complete => "利用の完了",
            UseCase::Payment => "入金",
            UseCase::Receipt => "領収書",
            UseCase::SyncExport => "区への連携ファイルの作成",
            UseCase::SyncImport => "連携ファイルの取り込み",
            UseCase::Roster => "名簿の作成",
            UseCase::Claims => "請求・集計",
            UseCase::Settings => "設定の変更",
            UseCase::Staff => "職員の管理",
            UseCase::Backup => "バックアップ",
            UseCase::Audit => "記録の確認",
            UseCase::Notices => "承認通知書",
            UseCase::Facilities => "施設の鍵の管理",
            UseCase::CloseMonth => "月の締め",
            UseCase::FiscalReport => "年度の実績報告",
            UseCase::Screening => "質問票の記録",
            UseCase::Consent => "説明と同意の記録",
            UseCase::ReferralAdd => "連絡票の作成",
            UseCase::ReferralReply => "連絡票への返信",
            UseCase::Referrals => "連絡票の一覧",
            UseCase::ProgramSet => "事業の定義と施設一覧の変更",
        }
    }
}

/// What a clerk calls a role.
pub fn role_ja(role: Role) -> &'static str {
    match role {
        Role::Reception => "受付",
        Role::Midwife => "助産師",
        Role::Admin => "管理者",
        Role::Ward => "母子保健係",
        Role::System => "システム",
    }
}

/// [`role_ja`] in English.
pub fn role_en(role: Role) -> &'static str {
    match role {
        Role::Reception => "Reception",
        Role::Midwife => "Midwife",
        Role::Admin => "Admin",
        Role::Ward => "Ward officer",
        Role::System => "System",
    }
}

/// Every role, in the order the window lists them.
pub const ROLES: [Role; 5] = [Role::Reception, Role::Midwife, Role::Admin, Role::Ward, Role::System];

/// Whether `role` may call `use_case` (at an install where the role exists: facility roles at a
/// facility, ward roles at the ward; the modes themselves are checked by each use case).
pub fn allowed(role: Role, use_case: UseCase) -> bool {
    use UseCase::*;
    match role {
        Role::Admin => true,
        Role::Reception => matches!(
            use_case,
            Status | DeskLookup | ApprovalAdd | Orientation | Booking | Cancel | Today | Payment | Receipt
        ),
        Role::Midwife => matches!(
            use_case,
            Status | Today | CheckIn | CareLog | Complete | Orientation | Screening | Consent | ReferralAdd | Referrals
        ),
        Role::Ward => matches!(
            use_case,
            Status
                | DeskLookup
                | ApprovalAdd
                | SyncImport
                | Roster
                | Claims
                | Notices
                | Facilities
                | CloseMonth
                | FiscalReport
                | ReferralReply
                | Referrals
                | ProgramSet
        ),
        Role::System => false,
    }
}

/// The roles a staff account may have at a facility (`ward == false`) or at the ward.
pub fn roles_of_install(ward: bool) -> &'static [Role] {
    if ward {
        &[Role::Ward, Role::Admin]
    } else {
        &[Role::Reception, Role::Midwife, Role::Admin]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use UseCase::*;

    /// Every use case × every role, as a sentence a reviewer reads: `(use case, reception,
    /// midwife, admin, ward officer, system)`.
    const TABLE: [(UseCase, bool, bool, bool, bool, bool); 30] = [
        //               reception midwife admin  ward   system
        (Status, /*       */ true, true, true, true, false),
        (DeskLookup, /*   */ true, false, true, true, false),
        (ApprovalAdd, /*  */ true, false, true, true, false),
        (Orientation, /*  */ true, true, true, false, false),
        (Booking, /*      */ true, false, true, false, false),
        (Cancel, /*       */ true, false, true, false, false),
        (Today, /*        */ true, true, true, false, false),
        (CheckIn, /*      */ false, true, true, false, false),
        (CareLog, /*      */ false, true, true, false, false),
        (Complete, /*     */ false, true, true, false, false),
        (Payment, /*      */ true, false, true, false, false),
        (Receipt, /*      */ true, false, true, false, false),
        (SyncExport, /*   */ false, false, true, false, false),
        (SyncImport, /*   */ false, false, true, true, false),
        (Roster, /*       */ false, false, true, true, false),
        (Claims, /*       */ false, false, true, true, false),
        (Settings, /*     */ false, false, true, false, false),
        (Staff, /*        */ false, false, true, false, false),
        (Backup, /*       */ false, false, true, false, false),
        (Audit, /*        */ false, false, true, false, false),
        (Notices, /*      */ false, false, true, true, false),
        (Facilities, /*   */ false, false, true, true, false),
        (CloseMonth, /*   */ false, false, true, true, false),
        (FiscalReport, /* */ false, false, true, true, false),
        (Screening, /*    */ false, true, true, false, false),
        (Consent, /*      */ false, true, true, false, false),
        (ReferralAdd, /*  */ false, true, true, false, false),
        (ReferralReply, /**/ false, false, true, true, false),
        (Referrals, /*    */ false, true, true, true, false),
        (ProgramSet, /*   */ false, false, true, true, false),
    ];

    #[test]
    fn each_role_may_call_exactly_the_use_cases_of_its_row_in_the_table() {
        assert_eq!(TABLE.map(|r| r.0), UseCase::ALL, "the table lists every use case, in order");
        for (case, reception, midwife, admin, ward, system) in TABLE {
            for (role, expected) in [
                (Role::Reception, reception),
                (Role::Midwife, midwife),
                (Role::Admin, admin),
                (Role::Ward, ward),
                (Role::System, system),
            ] {
                assert_eq!(allowed(role, case), expected, "{role:?} × {case:?}");
            }
        }
    }

    #[test]
    fn an_admin_may_do_everything_so_the_cli_keeps_working() {
        assert!(UseCase::ALL.iter().all(|&c| allowed(Role::Admin, c)));
    }

    #[test]
    fn reception_cannot_open_the_care_log_and_a_midwife_cannot_take_payments() {
        assert!(!allowed(Role::Reception, CareLog));
        assert!(!allowed(Role::Midwife, Payment));
        assert!(!allowed(Role::Midwife, Booking));
    }

    #[test]
    fn reception_cannot_screen_or_refer_and_only_the_ward_answers_a_referral() {
        for case in [Screening, ReferralAdd, Referrals, Consent] {
            assert!(!allowed(Role::Reception, case), "{case:?}");
        }
        assert!(allowed(Role::Ward, ReferralReply) && !allowed(Role::Midwife, ReferralReply));
        assert!(!allowed(Role::Ward, ReferralAdd) && !allowed(Role::Ward, Screening));
    }

    #[test]
    fn only_an_admin_manages_staff_reads_the_audit_and_writes_backups() {
        for role in [Role::Reception, Role::Midwife, Role::Ward, Role::System] {
            assert!(!allowed(role, Staff) && !allowed(role, Audit) && !allowed(role, Backup), "{role:?}");
        }
    }

    #[test]
    fn closing_a_month_and_the_fiscal_report_are_the_ward_officers_not_a_facility_desks() {
        for case in [CloseMonth, FiscalReport] {
            assert!(allowed(Role::Ward, case) && allowed(Role::Admin, case), "{case:?}");
            for role in [Role::Reception, Role::Midwife, Role::System] {
                assert!(!allowed(role, case), "{role:?} × {case:?}");
            }
        }
    }

    #[test]
    fn every_use_case_and_role_has_a_japanese_name() {
        for c in UseCase::ALL {
            assert!(!c.name_ja().is_empty() && crate::app::latin_words(c.name_ja()).is_empty());
        }
        assert_eq!(roles_of_install(true), &[Role::Ward, Role::Admin]);
        assert_eq!(roles_of_install(false), &[Role::Reception, Role::Midwife, Role::Admin]);
    }
}
