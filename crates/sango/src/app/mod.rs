//! The application layer: the use cases, the only API the doors (the window, the CLI) call.
//!
//! Every function takes `now` from the door (the core never reads the clock) and an [`Actor`].
//! Inputs arrive already parsed into the program's types; outputs are the views in `views`.

pub mod backup;
pub mod disk;
mod booking;
mod closing;
mod care;
mod day;
mod desk;
mod error;
mod facilities;
mod fiscal;
mod invoice;
pub mod files;
pub mod generate;
mod notice;
mod notice_page;
mod reports;
mod window;
pub mod paths;
mod setup;
mod staff;
mod sync;
pub mod views;

pub use booking::fee;
pub use closing::{ClosePreview, CloseResult, MissingExport};
pub use fiscal::{parse_fiscal_year, FiscalUse, WorkbookView};
pub use invoice::{InvoiceAdjustment, InvoiceLine, InvoicePrint};
pub use care::{care_given_ja, parse_referral_status, parse_scores, parse_urgency, CareDayView, CareRecordView, ConsentInput, ReferralForm, ReferralInput, ReferralView, ReportDay, ScreeningInput, UseReport, UseReportLine};
pub use day::CheckInInput;
pub use desk::{parse_services, ApprovalInput};
pub use notice::{DeskRead, NoticeLine, NoticePrint, NoticeView, ScanView};
pub use facilities::{CardView, FacilityKeyView, FacilitySender};
pub use error::{io_ja, latin_words, AppError, ErrorKind};
pub use staff::{not_permitted, not_signed_in, parse_pin, parse_staff_name, AuditFilter, AuditLine, SessionView, StaffView, PIN_MIN_CHARS};
pub use setup::{ward_card_info, InstallView, RecoverySheet, SettingsView, WardCardInfo, WARD_CONTACT, WARD_NAME};
pub use views::*;
pub use window::{InboxFile, StoreInfo, UsageRow, UsageStats};

use std::path::Path;

use chrono::{DateTime, FixedOffset};

use crate::directory::{self, Directory, Facility};
use crate::ledger::{Actor, Event, Install, Mode, Settings, Store, StoreNotice};
use crate::program::Program;
use crate::types::FacilityId;

/// An open install: the store, the program in force and the facility directory.
pub struct App {
    store: Store,
    program: Program,
    directory: &'static Directory,
    identity: crate::sync::Identity,
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

/// Parses a program file at the door: junk is bad input, never a silently different program.
pub fn parse_program(text: &str) -> Result<Program, AppError> {
    Program::from_toml_str(text).map_err(|e| AppError::bad_input("bad_program", "事業の定義ファイルが正しくありません。内容を確認してください(詳しくは英語のメッセージにあります)。", format!("The program file is not valid: {e}")))
}

impl App {
    /// Opens the install at `dir`. The notices say whether the working state had to be rebuilt.
    pub fn open(dir: &Path) -> Result<App, AppError> {
        App::from_store(Store::open(dir)?)
    }

    fn from_store(store: Store) -> Result<App, AppError> {
        let identity = App::load_identity(store.dir())?;
        let program = match store.state().install()?.and_then(|i| i.program_toml) {
            Some(text) => parse_program(&text)?,
            None => Program::builtin(),
        };
        Ok(App { store, program, directory: directory::builtin(), identity })
    }

    pub fn notices(&self) -> &[StoreNotice] {
        &self.store.notices
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn program(&self) -> &Program {
        &self.program
    }

    pub fn directory(&self) -> &'static Directory {
        self.directory
    }

    pub fn install(&self) -> Result<Install, AppError> {
        self.store.state().install()?.ok_or_else(|| AppError::from(crate::ledger::StoreError::NotInitialized(self.store.dir().into())))
    }

    pub fn mode(&self) -> Result<Mode, AppError> {
        Ok(self.install()?.mode)
    }

    /// This facility's directory entry (facility mode only).
    pub fn facility(&self) -> Result<&'static Facility, AppError> {
        let install = self.install()?;
        let id = install.facility.ok_or_else(|| AppError::wrong_mode("施設の端末", "a facility install"))?;
        self.directory.get(&id).ok_or_else(|| AppError::not_found("施設", "facility", id.as_str()))
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
