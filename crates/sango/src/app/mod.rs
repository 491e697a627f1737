//! The application layer: the use cases, the only API the doors (the window, the CLI) call.
//!
//! Every function takes `now` from the door (the core never reads the clock) and an [`Actor`].
//! Inputs arrive already parsed into the program's types; outputs are the views in `views`.

pub mod backup;
mod booking;
mod care;
mod closing;
mod day;
mod desk;
pub mod disk;
mod error;
mod error_code;
mod facilities;
pub mod files;
mod fiscal;
mod forms;
mod history;
mod invoice;
mod lifecycle;
mod notice;
mod notice_page;
pub mod paths;
mod program;
mod reports;
mod requests;
mod setup;
mod staff;
mod sync;
pub mod views;
mod window;
pub mod words;

pub use booking::{fee, fee_with};
pub use care::{
    care_given_ja, parse_referral_status, parse_scores, parse_urgency, CareDayView, CareRecordView, ConsentInput,
    ReferralForm, ReferralInput, ReferralView, ReportDay, ScreeningInput, UseReport, UseReportLine,
};
pub use closing::{ClosePreview, CloseResult, MissingExport};
pub use day::CheckInInput;
pub use desk::{parse_services, ApprovalInput};
pub use error::{io_ja, latin_words, AppError, ErrorCode, ErrorKind};
pub use facilities::{CardView, FacilityKeyView, FacilitySender};
pub use fiscal::{parse_fiscal_year, FiscalUse, WorkbookView};
pub use forms::{CareGiven, DayRecordForm, SettingsForm};
pub use invoice::{InvoiceAdjustment, InvoiceLine, InvoicePrint};
pub use notice::{DeskRead, NoticePrint, NoticeView, ScanView};
pub use notice_page::{NoticeLine, NoticeWording};
pub use program::{program_check, program_named, program_text, DirectorySetView, InForceView, ProgramChecked};
pub use requests::{ApprovalForm, BookingRequest};
pub use setup::{ward_card_info, InstallView, RecoverySheet, SettingsView, WardCardInfo};
pub use staff::{
    not_permitted, not_signed_in, parse_pin, parse_staff_name, AuditFilter, AuditLine, SessionView, StaffView,
    PIN_MIN_CHARS,
};
pub use sync::export_payload;
pub use views::*;
pub use window::{InboxFile, StoreInfo, UsageRow, UsageStats};

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset};

use crate::directory::{self, Directory, Facility};
use crate::ledger::{Actor, Event, Install, Mode, Settings, Store, StoreNotice};
use crate::program::Program;
use crate::types::FacilityId;

/// An open install: the store, the program in force and the facility directory.
pub struct App {
    store: Store,
    /// What the store says is in force, read again after each change (`directory set`, a roster).
    in_force: std::sync::RwLock<InForce>,
    identity: crate::sync::Identity,
}

/// The program and the directory an install applies.
#[derive(Clone)]
struct InForce {
    program: Arc<Program>,
    /// The program's file, as the ward card and the roster carry it on.
    program_toml: Arc<str>,
    directory: Arc<Directory>,
    directory_json: Arc<str>,
}

/// Identity and set-up of a new facility install (`sango init --facility`).
pub struct FacilitySetup {
    pub facility: FacilityId,
    pub ward_card_json: String,
    pub closed: String,
    pub capacity: crate::ledger::Capacity,
    /// Another municipality's program (TOML); `None` = the built-in Nerima one.
    pub program_toml: Option<String>,
}

/// Parses a directory file at the door: every problem listed, nothing guessed.
pub fn parse_directory(text: &str) -> Result<Directory, AppError> {
    Directory::check_json(text).map_err(|problems| {
        let en = problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ");
        AppError::new(
            ErrorCode::BadDirectory,
            format!("施設一覧のファイルに{}件の問題があります。直してからもう一度指定してください。", problems.len()),
            format!("The directory file is not valid: {en}"),
        )
        .with_problems(problems)
    })
}

/// Parses a program file at the door: junk is bad input, never a silently different program.
pub fn parse_program(text: &str) -> Result<Program, AppError> {
    Program::from_toml_str(text).map_err(|e| {
        let ja = format!(
            "事業の定義ファイルに{}件の問題があります。内容を確認してください(詳しくは英語のメッセージにあります)。",
            e.problems.len()
        );
        AppError::new(ErrorCode::BadProgram, ja, e.to_string()).with_problems(e.problems)
    })
}

impl App {
    /// Opens the install at `dir`. The notices say whether the working state had to be rebuilt.
    pub fn open(dir: &Path) -> Result<App, AppError> {
        App::from_store(Store::open(dir)?)
    }

    fn from_store(store: Store) -> Result<App, AppError> {
        let identity = App::load_identity(store.dir())?;
        let in_force = std::sync::RwLock::new(App::read_in_force(&store)?);
        Ok(App { store, in_force, identity })
    }

    /// The program and directory last set (by `directory set`, a roster), else those of `init`,
    /// else the built-in ones.
    fn read_in_force(store: &Store) -> Result<InForce, AppError> {
        let state = store.state();
        let install = state.install()?;
        let program_toml = state
            .program_toml()?
            .or_else(|| install.as_ref().and_then(|i| i.program_toml.clone()))
            .unwrap_or_else(|| crate::program::builtin_toml().into());
        let directory_json =
            state.directory_json()?.or_else(|| install.as_ref().and_then(|i| i.directory_json.clone()));
        let directory = match &directory_json {
            Some(text) => parse_directory(text)?,
            None => directory::builtin().clone(),
        };
        Ok(InForce {
            program: Arc::new(parse_program(&program_toml)?),
            program_toml: program_toml.into(),
            directory_json: directory_json.unwrap_or_else(|| directory.to_json_string()).into(),
            directory: Arc::new(directory),
        })
    }

    /// Reads again what is in force, after an entry changed it.
    pub(crate) fn refresh_in_force(&self) -> Result<(), AppError> {
        let now = App::read_in_force(&self.store)?;
        *self.in_force.write().unwrap_or_else(|p| p.into_inner()) = now;
        Ok(())
    }

    pub fn notices(&self) -> &[StoreNotice] {
        &self.store.notices
    }

    /// The store itself stays inside the crate: every write goes through App's verbs (the one writer),
    /// which check who asks and what the rules allow. Outside, the store is read through `state()`.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// The working state, to read (a `State` has no public way to change it).
    pub fn state(&self) -> &crate::ledger::State {
        self.store.state()
    }

    /// Writes sled's dirty pages out (the journal is already durable: this only shortens the next open).
    pub fn flush(&self) -> Result<(), crate::ledger::StoreError> {
        self.store.flush()
    }

    /// The sequence number of the last journal entry.
    pub fn last_seq(&self) -> u64 {
        self.store.last_seq()
    }

    /// The install's data folder.
    pub fn store_dir(&self) -> &std::path::Path {
        self.store.dir()
    }

    /// The program in force at this install.
    pub fn program(&self) -> Arc<Program> {
        self.in_force.read().unwrap_or_else(|p| p.into_inner()).program.clone()
    }

    /// The program's file and the directory's, as they travel to facilities.
    pub(crate) fn in_force_texts(&self) -> (Arc<str>, Arc<str>) {
        let f = self.in_force.read().unwrap_or_else(|p| p.into_inner());
        (f.program_toml.clone(), f.directory_json.clone())
    }

    /// The facility directory in force at this install.
    pub fn directory(&self) -> Arc<Directory> {
        self.in_force.read().unwrap_or_else(|p| p.into_inner()).directory.clone()
    }

    pub fn install(&self) -> Result<Install, AppError> {
        self.store
            .state()
            .install()?
            .ok_or_else(|| AppError::from(crate::ledger::StoreError::NotInitialized(self.store.dir().into())))
    }

    pub fn mode(&self) -> Result<Mode, AppError> {
        Ok(self.install()?.mode)
    }

    /// This facility's directory entry (facility mode only).
    pub fn facility(&self) -> Result<Facility, AppError> {
        let install = self.install()?;
        let id = install.facility.ok_or_else(|| AppError::wrong_mode("施設の端末", "a facility install"))?;
        self.directory().get(&id).cloned().ok_or_else(|| AppError::not_found("施設", "facility", id.as_str()))
    }

    pub fn settings(&self) -> Result<Settings, AppError> {
        Ok(self.store.state().settings()?)
    }

    pub(crate) fn require_mode(&self, mode: Mode) -> Result<(), AppError> {
        match (self.mode()?, mode) {
            (a, b) if a == b => Ok(()),
            (_, Mode::Ward) => Err(AppError::wrong_mode("区の端末", "the ward's install")),
            (_, Mode::Facility) => Err(AppError::wrong_mode("施設の端末", "a facility install")),
        }
    }

    pub(crate) fn write<T>(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        decide: impl FnOnce(&crate::ledger::State, u64) -> Result<(Event, T), AppError>,
    ) -> Result<T, AppError> {
        Ok(self.store.write(now, actor, decide)?.1)
    }
}
