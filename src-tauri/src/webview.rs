//! WebKit settings that keep the window light (issue 7's app figures). Shared with the empty window
//! (src/bin/empty-window.rs) so that the figures compare like with like; measured in docs/performance.md.

/// The environment WebKit's processes start with, and this process's allocator. Call first thing in
/// `main`, before any thread exists (WebKit and sled start theirs later). A value an operator already set
/// in the environment wins over these. The app starts no program but WebKit's, so nothing else inherits them.
///
/// - `JSC_useJIT=0`: JavaScriptCore interprets instead of compiling. The page's script is a few hundred
///   small handlers; compiled code and its caches cost the web process ~8 MB, and a JIT is the largest
///   attack surface of a web engine, which has no use in a window that shows only its own pages.
/// - glibc's malloc returns freed memory to the system: allocations from 64 KiB are mapped on their own
///   and unmapped when freed, a free top of the heap is trimmed from 64 KiB, and one arena serves every
///   thread. Font and layout work on each screen otherwise leaves 5–7 MB of freed memory resident.
///   Children (WebKit's web and network processes) get it through `GLIBC_TUNABLES`; this process, already
///   started, through `mallopt`, keeping an arena per thread for the ward's two-thread import.
pub fn prepare_process() {
    // Everything the window's process makes (sled's files, WebKit's caches in the data folder) is
    // its user's alone; our own code also sets 0600/0700 explicitly (sango::ledger::modes).
    #[cfg(target_os = "linux")]
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
    const TUNABLES: &str =
        "glibc.malloc.mmap_threshold=65536:glibc.malloc.trim_threshold=65536:glibc.malloc.arena_max=1";
    for (name, value) in [("JSC_useJIT", "0"), ("GLIBC_TUNABLES", TUNABLES)] {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; called before any other thread allocates.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 64 * 1024);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 64 * 1024);
    }
}

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
