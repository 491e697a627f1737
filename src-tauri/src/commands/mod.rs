//! The window's commands: one line of delegation each, grouped by area. A command parses its
//! arguments into the program's types, calls `sango::app`, and returns the view or the
//! `AppError` (`{code, message_ja, message_en, violations}`) the UI branches on.

mod booking;
mod care;
mod day;
mod desk;
mod info;
mod setup;
mod staff;
mod sync;
mod ward;

use chrono::{DateTime, FixedOffset, Utc};

/// Every command name, for the capability that allows exactly these (build.rs includes the same file).
pub const COMMANDS: &[&str] = include!("names.in");

pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        info::app_info,
        info::directory,
        info::settings_get,
        info::settings_set,
        info::store_info,
        info::backup_now,
        setup::setup_facility,
        setup::ward_card_check,
        setup::setup_ward,
        setup::restore_backup,
        setup::approval_notice,
        desk::desk_lookup,
        desk::desk_read,
        desk::approval_add,
        desk::approval_scan,
        desk::birth_record,
        booking::quote,
        booking::book,
        booking::reschedule,
        booking::cancel_preview,
        booking::cancel,
        booking::wait_list_add,
        booking::calendar_month,
        day::today,
        day::check_in,
        day::care_log,
        day::care_entries,
        day::complete,
        day::payment_record,
        day::receipt,
        day::unpaid,
        sync::sync_status,
        sync::export_bundle,
        sync::inbox_files,
        sync::import_file,
        sync::card_export,
        sync::facility_list,
        sync::inbox_sender,
        sync::facility_register,
        sync::facility_revoke,
        info::removable_media,
        info::backup_to,
        info::default_save_folder,
        ward::claims,
        ward::claims_csv,
        ward::overruns,
        ward::usage_stats,
        ward::facility_reports,
        ward::close_preview,
        ward::close_month,
        ward::fiscal_report,
        ward::fiscal_uses,
        ward::fiscal_xlsx,
        ward::claim_invoice,
        staff::session,
        staff::staff_list,
        staff::staff_add_first,
        staff::sign_in,
        staff::lock,
        staff::staff_add,
        staff::staff_disable,
        staff::staff_enable,
        staff::staff_reset_pin,
        staff::audit,
        staff::audit_csv,
        care::care_program,
        care::care_record,
        care::screening_record,
        care::consent_record,
        care::referral_add,
        care::referrals,
        care::referral_reply,
        care::referral_form,
        care::use_report,
        care::use_reports,
        info::in_force,
        info::directory_set,
    ]
}

/// Japan time now: the door reads the clock. `SANGO_NOW` pins it for end-to-end tests, and only
/// when the environment also says `SANGO_TEST_CLOCK=1`: a desk that could pin the window's clock
/// could backdate a cancellation. Otherwise `SANGO_NOW` is ignored, said once on stderr.
pub(crate) fn now() -> DateTime<FixedOffset> {
    let jst = FixedOffset::east_opt(9 * 3600).expect("+09:00");
    pinned_now(|k| std::env::var(k).ok()).unwrap_or_else(|| Utc::now().with_timezone(&jst))
}

/// `SANGO_NOW` when `SANGO_TEST_CLOCK=1` allows it.
pub fn pinned_now(env: impl Fn(&str) -> Option<String>) -> Option<DateTime<FixedOffset>> {
    static IGNORED: std::sync::Once = std::sync::Once::new();
    let pinned = env("SANGO_NOW")?;
    if env("SANGO_TEST_CLOCK").is_none_or(|v| v.trim() != "1") {
        IGNORED.call_once(|| eprintln!("Sango: SANGO_NOW is ignored (it is honoured only with SANGO_TEST_CLOCK=1); the window uses the machine's clock."));
        return None;
    }
    DateTime::parse_from_rfc3339(pinned.trim()).ok()
}

pub(crate) type Result<T> = std::result::Result<T, sango::app::AppError>;
