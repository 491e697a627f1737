//! The open install behind the window, shared by every command.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use sango::app::{paths, App, AppError, ErrorKind};

/// `None` until the install is set up (first run).
pub struct DeskState {
    pub data_dir: PathBuf,
    app: RwLock<Option<Arc<App>>>,
    /// Why the store could not be opened (e.g. another window has it): shown in the window.
    open_error: Option<AppError>,
}

impl DeskState {
    /// Opens the store in the platform data folder, if there is one yet.
    pub fn open_default() -> Result<DeskState, AppError> {
        let dir = paths::default_data_dir(|k| std::env::var(k).ok()).ok_or_else(|| {
            AppError::new(ErrorKind::Other, "no_data_dir", "データフォルダが決められません(環境変数「HOME」が未設定です)。", "No data folder: HOME is not set.")
        })?;
        Ok(DeskState::open(dir))
    }

    /// Opens the store at `dir`. A store that cannot be opened (in use by another window, damaged
    /// beyond repair) still gives a window, which says why in words a clerk understands.
    pub fn open(dir: PathBuf) -> DeskState {
        let (app, open_error) = if sango::ledger::Store::exists(&dir) {
            match App::open(&dir) {
                Ok(app) => (Some(Arc::new(app)), None),
                Err(e) => (None, Some(e)),
            }
        } else {
            (None, None)
        };
        DeskState { data_dir: dir, app: RwLock::new(app), open_error }
    }

    pub fn from_app(dir: PathBuf, app: App) -> DeskState {
        DeskState { data_dir: dir, app: RwLock::new(Some(Arc::new(app))), open_error: None }
    }

    pub fn open_error(&self) -> Option<&AppError> {
        self.open_error.as_ref()
    }

    /// The open install, or the error the first-run screen handles.
    pub fn app(&self) -> Result<Arc<App>, AppError> {
        if let Some(e) = &self.open_error {
            return Err(e.clone());
        }
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
