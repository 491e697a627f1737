//! The Sango desktop app: one window over the same application layer as the `sango` CLI.
//!
//! This crate decides nothing: every command deserializes its arguments, calls `sango::app`, and
//! serializes the answer or the `AppError` (`{code, message_ja, message_en, violations}`).

pub mod commands;
mod desk_state;
mod webview;

pub use desk_state::DeskState;
pub use webview::{lighten, prepare_process};

/// Registers every command on a builder; shared by `run` and the tests (`mock_builder`).
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(commands::handler())
}

pub fn run() {
    prepare_process();
    let state = match DeskState::open_default() {
        Ok(s) => s,
        Err(e) => {
            // No data folder at all (HOME unset): nothing to show a window for.
            eprintln!("{}\n{}", e.message_ja, e.message_en);
            std::process::exit(1);
        }
    };
    with_commands(tauri::Builder::default())
        .manage(state)
        .setup(|app| {
            lighten(app);
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Sango could not start its window: {e}");
            std::process::exit(1);
        });
}
