// The commands the window may call: each gets an `allow-<name>` permission, and the capability
// in capabilities/main.json allows exactly this set (see permissions/app.toml).
const COMMANDS: &[&str] = &[
    "app_info", "directory", "settings_get", "settings_set", "store_info", "backup_now",
    "setup_facility", "setup_ward", "restore_backup", "approval_notice",
    "desk_lookup", "approval_add", "approval_scan", "birth_record",
    "quote", "book", "reschedule", "cancel_preview", "cancel", "wait_list_add", "calendar_month",
    "today", "check_in", "care_log", "complete", "payment_record", "receipt", "unpaid",
    "sync_status", "export_bundle", "import_bundle", "claims", "claims_csv", "overruns", "usage_stats",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed to read ../tauri.conf.json");
}
