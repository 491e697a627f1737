//! The open install behind the window, shared by every command.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use sango::app::{not_signed_in, paths, App, AppError, ErrorCode};
use sango::ledger::{Actor, StoreNotice};

/// `None` until the install is set up (first run).
pub struct DeskState {
    pub data_dir: PathBuf,
    app: RwLock<Option<Arc<App>>>,
    /// Who is signed in at the window (issue 17): every command but the few of the sign-in and
    /// first-run screens acts as this person, and is refused `not_signed_in` while it is `None`.
    /// Ended by `lock`, by the window's idle lock, by a set-up or restore; never kept on disk.
    session: RwLock<Option<Actor>>,
    /// Said once at start: the data folder is on an unencrypted disk (`app::disk`).
    disk_notice: Option<StoreNotice>,
    /// Why the store could not be opened (e.g. another window has it): shown in the window.
    open_error: Option<AppError>,
}

impl DeskState {
    /// Opens the store in the platform data folder, if there is one yet.
    pub fn open_default() -> Result<DeskState, AppError> {
        let dir = paths::default_data_dir(|k| std::env::var(k).ok()).ok_or_else(|| {
            AppError::new(
                ErrorCode::NoDataDir,
                "データフォルダが決められません(環境変数「HOME」が未設定です)。",
                "No data folder: HOME is not set.",
            )
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
        let disk_notice = sango::app::disk::disk_notice(&dir);
        DeskState { data_dir: dir, app: RwLock::new(app), session: RwLock::new(None), disk_notice, open_error }
    }

    pub fn from_app(dir: PathBuf, app: App) -> DeskState {
        DeskState {
            data_dir: dir,
            app: RwLock::new(Some(Arc::new(app))),
            session: RwLock::new(None),
            disk_notice: None,
            open_error: None,
        }
    }

    /// The start-up notice about the disk, if any (`app_info` adds it to the store's notices).
    pub fn disk_notice(&self) -> Option<&StoreNotice> {
        self.disk_notice.as_ref()
    }

    /// Who is signed in now, if anyone.
    pub fn session(&self) -> Option<Actor> {
        self.session.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Signs `actor` in (replacing whoever was), or ends the session with `None`.
    pub fn set_session(&self, actor: Option<Actor>) {
        *self.session.write().unwrap_or_else(|p| p.into_inner()) = actor;
    }

    /// The open install and the signed-in person every command acts as: `not_signed_in` when
    /// nobody is; a session whose account was disabled since is ended here, at its next call.
    pub fn signed_in(&self) -> Result<(Arc<App>, Actor), AppError> {
        let app = self.app()?;
        let actor = self.session().ok_or_else(not_signed_in)?;
        if let Err(e) = app.check_session(&actor) {
            self.set_session(None);
            return Err(e);
        }
        Ok((app, actor))
    }

    pub fn open_error(&self) -> Option<&AppError> {
        self.open_error.as_ref()
    }

    /// The open install, or the error the first-run screen handles.
    pub fn app(&self) -> Result<Arc<App>, AppError> {
        if let Some(e) = &self.open_error {
            return Err(e.clone());
        }
        self.app
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or_else(|| AppError::of(ErrorCode::NotInitialized))
    }

    pub fn is_open(&self) -> bool {
        self.app.read().unwrap_or_else(|p| p.into_inner()).is_some()
    }

    /// The install set up or restored: nobody is signed in to it yet.
    pub fn set(&self, app: App) {
        self.set_session(None);
        *self.app.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(app));
    }
}
