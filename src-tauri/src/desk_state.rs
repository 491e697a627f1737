//! The open install behind the window, shared by every command.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use sango::app::{paths, App, AppError, ErrorKind};

/// `None` until the install is set up (first run).
pub struct DeskState {
    pub data_dir: PathBuf,
    app: RwLock<Option<Arc<App>>>,
}

impl DeskState {
    /// Opens the store in the platform data folder, if there is one yet.
    pub fn open_default() -> Result<DeskState, AppError> {
        let dir = paths::default_data_dir(|k| std::env::var(k).ok()).ok_or_else(|| {
            AppError::new(ErrorKind::Other, "no_data_dir", "データフォルダが決められません(HOME が未設定です)。", "No data folder: HOME is not set.")
        })?;
        DeskState::open(dir)
    }

    pub fn open(dir: PathBuf) -> Result<DeskState, AppError> {
        let app = if sango::ledger::Store::exists(&dir) { Some(Arc::new(App::open(&dir)?)) } else { None };
        Ok(DeskState { data_dir: dir, app: RwLock::new(app) })
    }

    pub fn from_app(dir: PathBuf, app: App) -> DeskState {
        DeskState { data_dir: dir, app: RwLock::new(Some(Arc::new(app))) }
    }

    /// The open install, or the error the first-run screen handles.
    pub fn app(&self) -> Result<Arc<App>, AppError> {
        self.app.read().unwrap_or_else(|p| p.into_inner()).clone().ok_or_else(|| {
            AppError::new(ErrorKind::Usage, "not_initialized", "まだ初期設定がされていません。", "This install is not set up yet.")
        })
    }

    pub fn is_open(&self) -> bool {
        self.app.read().unwrap_or_else(|p| p.into_inner()).is_some()
    }

    pub fn set(&self, app: App) {
        *self.app.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(app));
    }
}
