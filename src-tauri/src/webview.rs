//! WebKit settings that keep the window light (issue 7's app figures). Shared with the empty window
//! (src/bin/empty-window.rs) so that the figures compare like with like.

/// Turns off WebKit's accelerated compositing in every window of `app`. The window is forms and tables
/// with no animation, and composited layers cost each screen tens of MB (on a machine without a GPU, in
/// Mesa's software renderer); measured in docs/performance.md.
pub fn lighten(app: &tauri::App) {
    use tauri::Manager;
    for window in app.webview_windows().values() {
        // Fails only when the window is already gone: then there is nothing to lighten.
        let _ = window.with_webview(|webview| {
            #[cfg(target_os = "linux")]
            {
                use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
                if let Some(settings) = WebViewExt::settings(&webview.inner()) {
                    settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
                }
            }
            #[cfg(not(target_os = "linux"))]
            let _ = webview;
        });
    }
}
