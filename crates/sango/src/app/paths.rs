//! Where an install keeps its data: one folder, the same for the window and the CLI.

use std::path::PathBuf;

/// The app's identifier, which names its folder in the platform data folder (as Tauri does).
pub const APP_ID: &str = "jp.nerima.sango";

/// The default data folder: `$SANGO_DATA_DIR`, else `$XDG_DATA_HOME/jp.nerima.sango`, else
/// `~/.local/share/jp.nerima.sango` (the folder Tauri's `app_data_dir` names on Linux).
/// `env` is passed in so that the doors, not the core, read the environment.
pub fn default_data_dir(env: impl Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let nonempty = |k: &str| env(k).filter(|v| !v.is_empty());
    if let Some(dir) = nonempty("SANGO_DATA_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(base) = nonempty("XDG_DATA_HOME") {
        return Some(PathBuf::from(base).join(APP_ID));
    }
    nonempty("HOME").map(|home| PathBuf::from(home).join(".local/share").join(APP_ID))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| pairs.iter().find(|(a, _)| *a == k).map(|(_, v)| v.to_string())
    }

    #[test]
    fn sango_data_dir_wins_over_xdg() {
        let d = default_data_dir(env(&[("SANGO_DATA_DIR", "/x"), ("XDG_DATA_HOME", "/y")]));
        assert_eq!(d, Some(PathBuf::from("/x")));
    }

    #[test]
    fn xdg_data_home_then_home() {
        assert_eq!(default_data_dir(env(&[("XDG_DATA_HOME", "/y")])), Some(PathBuf::from("/y/jp.nerima.sango")));
        assert_eq!(default_data_dir(env(&[("HOME", "/h")])), Some(PathBuf::from("/h/.local/share/jp.nerima.sango")));
        assert_eq!(default_data_dir(env(&[])), None);
    }
}
