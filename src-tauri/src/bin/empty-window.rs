//! The yardstick of issue 7's app figures: an empty Tauri window built as the app is (same crate, tauri
//! features, release profile, window size and security settings) loading an empty page, so that
//! scripts/app-figures.sh can say what the app costs above Tauri and WebKit themselves. Behind the
//! `empty-window` feature: `cargo test --workspace` never builds it.
fn main() {
    sango_app::prepare_process();
    tauri::Builder::default()
        .setup(|app| {
            sango_app::lighten(app);
            Ok(())
        })
        .run(tauri::generate_context!("empty-window/tauri.conf.json"))
        .unwrap_or_else(|e| {
            eprintln!("the empty window could not start: {e}");
            std::process::exit(1);
        });
}
