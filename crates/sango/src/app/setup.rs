//! Setting up an install: a facility (from the directory, with the ward's card) or the ward.

use super::ErrorCode;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use ts_rs::TS;

use super::{files, App, AppError, FacilitySetup};
use crate::calendar::ClosedDays;
use crate::directory;
use crate::ledger::{store::IDENTITY_FILE, Event, Install, Mode, Settings, Store};
use crate::rules::roles::UseCase;
use crate::sync::{Identity, RecoveryKey, Role as KeyRole, WardCard};

/// What `init` prints: the install's identity, and its recovery key — shown this once.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InstallView {
    pub mode: Mode,
    pub facility: Option<String>,
    pub name: String,
    pub key_id: String,
    /// A facility: the fingerprint of the ward card it installed, to compare with the ward's.
    pub ward_key_id: Option<String>,
    pub data_dir: String,
    /// The secret half of the recovery key, as 24 words: every backup is encrypted to it and only
    /// it restores one. Never stored on the machine; the window prints it on the recovery sheet.
    pub recovery_key: String,
}

/// The recovery sheet the window shows right after set-up, to print and lock away.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RecoverySheet {
    pub key_id: String,
    pub name: String,
    /// The 24 words, in order.
    pub words: Vec<String>,
    /// The same words as a 2D code (SVG), for a restore that reads the sheet with a camera.
    pub qr_svg: String,
}

impl RecoverySheet {
    pub fn of(view: &InstallView) -> RecoverySheet {
        RecoverySheet {
            key_id: view.key_id.clone(),
            name: view.name.clone(),
            words: view.recovery_key.split(' ').map(str::to_string).collect(),
            qr_svg: super::notice_page::qr_svg(&view.recovery_key),
        }
    }
}

pub(crate) fn identity_error(e: crate::sync::IdentityError) -> AppError {
    let why = match e {
        crate::sync::IdentityError::Invalid(_) => "読めません",
        crate::sync::IdentityError::CardAltered => "書き換えられています",
        crate::sync::IdentityError::Random => "鍵を作るための乱数が得られません",
    };
    AppError::new(ErrorCode::BadIdentity, format!("鍵の情報に問題があります({why})。"), e.to_string())
}

/// A ward card as a facility's first run shows it before installing it: whose it is and its
/// fingerprint, to compare with the one the ward reads out.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct WardCardInfo {
    pub name: String,
    pub key_id: String,
}

/// Reads a ward card (JSON) without installing it.
pub fn ward_card_info(json: &str) -> Result<WardCardInfo, AppError> {
    let card = WardCard::from_json(json).map_err(bad_ward_card)?;
    Ok(WardCardInfo { name: card.name().to_string(), key_id: card.key_id().to_string() })
}

fn bad_ward_card(e: crate::sync::IdentityError) -> AppError {
    AppError { message_en: format!("The ward card does not parse: {e}"), ..AppError::of(ErrorCode::BadWardCard) }
}

impl App {
    /// Sets up a facility install: its directory entry, the ward's card, closed days and places.
    ///
    /// The program and the directory are those the ward's card carries (signed by the ward); a
    /// program given here as well is refused, since only the ward says which rules apply. A card
    /// from before cards carried them leaves the built-in ones (or `program_toml`).
    pub fn init_facility(
        dir: &Path,
        now: DateTime<FixedOffset>,
        mut setup: FacilitySetup,
    ) -> Result<(App, InstallView), AppError> {
        // Refuse junk before anything is written.
        ClosedDays::parse(&setup.closed)?;
        let ward = WardCard::from_json(&setup.ward_card_json).map_err(bad_ward_card)?;
        if let Some(carried) = ward.program_toml() {
            if setup.program_toml.as_deref().is_some_and(|own| own != carried) {
                return Err(AppError::new(
                    ErrorCode::ProgramFromWard,
                    "施設の事業の定義は区のカードに入っています。「--program」は指定しないでください。",
                    "The program comes with the ward card; do not pass --program at a facility.",
                ));
            }
            setup.program_toml = Some(carried.to_string());
        }
        if let Some(text) = &setup.program_toml {
            super::parse_program(text)?;
        }
        let directory_json = ward.directory_json().map(str::to_string);
        let directory = match &directory_json {
            Some(text) => super::parse_directory(text)?,
            None => directory::builtin().clone(),
        };
        let facility = directory
            .get(&setup.facility)
            .ok_or_else(|| AppError::not_found("施設", "facility in the directory", setup.facility.as_str()))?;
        let recovery = RecoveryKey::generate().map_err(identity_error)?;
        let identity = Identity::generate(KeyRole::Facility { facility: setup.facility.clone() })
            .map_err(identity_error)?
            .with_recovery(recovery.recipient());
        let install = Install {
            mode: Mode::Facility,
            facility: Some(setup.facility.clone()),
            public_key: identity.key_id().to_string(),
            ward_card: Some(ward.to_json()),
            program_toml: setup.program_toml,
            directory_json,
        };
        let settings = Settings { closed: setup.closed, capacity: setup.capacity, ..Settings::default() };
        let app = App::create(dir, now, identity, install, settings)?;
        let view = app.install_view(&facility.short_name, &recovery)?;
        Ok((app, view))
    }

    /// Sets up the ward's install, under the built-in program.
    pub fn init_ward(dir: &Path, now: DateTime<FixedOffset>) -> Result<(App, InstallView), AppError> {
        App::init_ward_with_program(dir, now, None)
    }

    /// Sets up the ward's install; `program_toml` is another municipality's program definition.
    pub fn init_ward_with_program(
        dir: &Path,
        now: DateTime<FixedOffset>,
        program_toml: Option<String>,
    ) -> Result<(App, InstallView), AppError> {
        if let Some(text) = &program_toml {
            super::parse_program(text)?;
        }
        let recovery = RecoveryKey::generate().map_err(identity_error)?;
        let identity = Identity::generate(KeyRole::Ward).map_err(identity_error)?.with_recovery(recovery.recipient());
        let install = Install {
            mode: Mode::Ward,
            facility: None,
            public_key: identity.key_id().to_string(),
            ward_card: None,
            program_toml,
            directory_json: None,
        };
        let app = App::create(dir, now, identity, install, Settings::default())?;
        let view = app.install_view(app.program().ward_office(), &recovery)?;
        Ok((app, view))
    }

    fn create(
        dir: &Path,
        now: DateTime<FixedOffset>,
        identity: Identity,
        install: Install,
        settings: Settings,
    ) -> Result<App, AppError> {
        if Store::exists(dir) {
            return Err(crate::ledger::StoreError::AlreadyInitialized(dir.into()).into());
        }
        crate::ledger::modes::create_dir(dir).map_err(|e| {
            AppError::new(
                ErrorCode::Io,
                format!("データフォルダを作れません({})。", super::error::io_ja(&e)),
                e.to_string(),
            )
        })?;
        let id_path = dir.join(IDENTITY_FILE);
        if !id_path.exists() {
            files::write_secret(&id_path, identity.to_json().as_bytes())?;
        }
        let origin = install.origin();
        let store = Store::create(dir, &origin, now, Event::Initialized { install, settings })?;
        App::from_store(store)
    }

    fn install_view(&self, name: &str, recovery: &RecoveryKey) -> Result<InstallView, AppError> {
        let install = self.install()?;
        Ok(InstallView {
            mode: install.mode,
            facility: install.facility.map(|f| f.to_string()),
            name: name.into(),
            key_id: self.identity.key_id().to_string(),
            ward_key_id: self.ward_card().ok().map(|w| w.key_id().to_string()),
            data_dir: self.store.dir().display().to_string(),
            recovery_key: recovery.words(),
        })
    }

    /// The ward's public card as JSON, for facilities' `init` (ward only).
    pub fn ward_card_json(&self) -> Result<String, AppError> {
        self.require_mode(Mode::Ward)?;
        let program = self.program();
        let (program_toml, directory_json) = self.in_force_texts();
        // A card needs a contact: a program without one names its municipality there.
        let contact = Some(program.ward_contact()).filter(|c| !c.is_empty()).unwrap_or(program.municipality());
        let card = self
            .identity
            .ward_card_carrying(program.ward_office(), contact, Some(&program_toml), Some(&directory_json))
            .map_err(identity_error)?;
        Ok(card.to_json())
    }

    /// The ward's card installed at this facility.
    pub(crate) fn ward_card(&self) -> Result<WardCard, AppError> {
        let json = self.install()?.ward_card.ok_or_else(|| AppError::wrong_mode("施設の端末", "a facility install"))?;
        WardCard::from_json(&json).map_err(identity_error)
    }

    pub(crate) fn load_identity(dir: &Path) -> Result<Identity, AppError> {
        let text = files::read(&dir.join(IDENTITY_FILE), "この端末の鍵")?;
        Identity::from_json(&String::from_utf8_lossy(&text)).map_err(identity_error)
    }
}

/// 設定 as the window shows it: the facility's directory entry and how it runs.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SettingsView {
    pub facility_id: Option<String>,
    pub facility_name: String,
    pub settings: super::SettingsForm,
}

impl App {
    /// 設定 as read (any role: the window draws itself from it); changing it is admin's.
    pub fn settings_view(&self, actor: &crate::ledger::Actor) -> Result<SettingsView, AppError> {
        self.require(actor, UseCase::Status)?;
        self.settings_view_unchecked()
    }

    fn settings_view_unchecked(&self) -> Result<SettingsView, AppError> {
        let facility = self.facility().ok();
        Ok(SettingsView {
            facility_id: facility.as_ref().map(|f| f.id.to_string()),
            facility_name: facility.map(|f| f.name.clone()).unwrap_or_else(|| self.program().ward_office().into()),
            settings: super::SettingsForm::from(&self.settings()?),
        })
    }

    /// Changes how the facility runs (closed days, places, visit areas, the idle lock), validated whole.
    pub fn settings_set(
        &self,
        now: DateTime<FixedOffset>,
        actor: &crate::ledger::Actor,
        form: &super::SettingsForm,
    ) -> Result<SettingsView, AppError> {
        self.require(actor, UseCase::Settings)?;
        let settings = Settings::try_from(form)?;
        if let Some(areas) = &settings.visit_areas {
            // The ward's districts, from its directory (Nerima's: 176・177・178・179).
            let districts = self.directory().districts();
            if let Some(bad) = areas.iter().find(|a| !districts.contains(a)) {
                let list = districts.join("・");
                return Err(AppError::new(
                    ErrorCode::BadVisitArea,
                    format!("訪問地域「{bad}」は {list} のいずれかで指定してください。"),
                    format!("Visit area {bad:?} must be one of {list}."),
                ));
            }
        }
        self.write(now, actor, |_, _| Ok((Event::SettingsChanged { settings: settings.clone() }, ())))?;
        self.settings_view_unchecked()
    }
}
