// The commands the window may call: each gets an `allow-<name>` permission, and the capability
// in capabilities/main.json allows exactly this set (see permissions/app.toml).
const COMMANDS: &[&str] = include!("src/commands/names.in");

fn main() {
    let attributes = tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    tauri_build::try_build(attributes).expect("tauri-build failed to read tauri.conf.json");
}
