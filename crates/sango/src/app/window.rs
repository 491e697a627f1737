//! What the desktop window needs beyond the CLI's verbs: its status line, the store's health,
//! rotating backups, the sync folders and the ward's yearly statistics.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use ts_rs::TS;

use super::backup::{self, BackupView};
use super::views::{AppInfo, ExportResult, ImportResult};
use super::{files, App, AppError, ErrorCode};
use crate::ledger::{Actor, Mode};
use crate::report::{claims_csv, CsvEncoding};
use crate::rules::roles::UseCase;
use crate::types::Service;

/// Automatic backups kept in the data folder (one a day, the last seven).
const BACKUPS_KEPT: usize = 7;
/// A backup older than this is overdue: the window reminds the desk.
const BACKUP_OVERDUE_DAYS: i64 = 7;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StoreInfo {
    pub data_dir: String,
    #[ts(type = "number")]
    pub size_bytes: u64,
    #[ts(type = "number")]
    pub entries: u64,
    #[ts(type = "string | null")]
    pub last_backup_at: Option<DateTime<FixedOffset>>,
    pub backup_overdue: bool,
    pub outbox: String,
    pub inbox: String,
}

/// A file waiting in inbox/.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InboxFile {
    pub name: String,
    #[ts(type = "number")]
    pub bytes: u64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UsageRow {
    pub month: String,
    pub service: Service,
    pub facility_id: String,
    pub units: u32,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub total_cost: crate::types::Yen,
    #[serde(with = "crate::money::yen_int")]
    #[ts(type = "number")]
    pub ward_amount: crate::types::Yen,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UsageStats {
    /// The fiscal year (年度, April–March) counted.
    pub year: i32,
    pub months: Vec<UsageRow>,
}

fn io(e: std::io::Error) -> AppError {
    AppError::new(ErrorCode::Io, format!("ファイル操作に失敗しました({})。", super::error::io_ja(&e)), e.to_string())
}

/// The program as the status line names it: which one, and from when.
fn program_line(p: &crate::program::Program) -> String {
    format!("{}({}から)", p.name_ja(), crate::calendar::wareki(p.effective_from()))
}

impl AppInfo {
    /// Before the install is set up: the first-run screen.
    pub fn first_run(now: DateTime<FixedOffset>) -> AppInfo {
        AppInfo {
            mode: "new".into(),
            install_name: String::new(),
            facility_id: None,
            program: program_line(&crate::program::Program::builtin()),
            facilities: crate::directory::builtin().facilities().len() as u32,
            version: env!("CARGO_PKG_VERSION").into(),
            today: now.date_naive(),
            fiscal_year: crate::calendar::fiscal_year_of(now.date_naive()),
            roster_as_of: None,
            notices: vec![],
        }
    }
}

impl App {
    /// The status line: which install this is, the program, how old the roster is.
    pub fn info(&self, now: DateTime<FixedOffset>) -> Result<AppInfo, AppError> {
        let install = self.install()?;
        let (mode, name) = match install.mode {
            Mode::Facility => ("facility", self.facility()?.short_name.clone()),
            Mode::Ward => ("ward", self.program().ward_office().to_string()),
        };
        Ok(AppInfo {
            mode: mode.into(),
            install_name: name,
            facility_id: install.facility.map(|f| f.to_string()),
            program: program_line(&self.program()),
            facilities: self.directory().facilities().len() as u32,
            version: env!("CARGO_PKG_VERSION").into(),
            today: now.date_naive(),
            fiscal_year: crate::calendar::fiscal_year_of(now.date_naive()),
            roster_as_of: self.store.state().roster()?.map(|r| r.created_at),
            notices: self.notices().to_vec(),
        })
    }

    fn folder(&self, name: &str) -> Result<PathBuf, AppError> {
        let p = self.store.dir().join(name);
        files::create_dir(&p)?;
        Ok(p)
    }

    /// A new file in outbox/, where the window writes what leaves the machine (encrypted).
    pub fn outbox_path(&self, stem: &str) -> Result<PathBuf, AppError> {
        Ok(self.folder("outbox")?.join(format!("{stem}.sango")))
    }

    /// The files waiting in inbox/, oldest name first, with their sizes: the window imports them
    /// one by one and shows how far it has got.
    pub fn inbox_files(&self, actor: &Actor) -> Result<Vec<InboxFile>, AppError> {
        self.require(actor, UseCase::SyncImport)?;
        let inbox = self.folder("inbox")?;
        let mut files: Vec<InboxFile> = std::fs::read_dir(&inbox)
            .map_err(io)?
            .flatten()
            .filter_map(|e| {
                let meta = e.metadata().ok().filter(|m| m.is_file())?;
                Some(InboxFile { name: e.file_name().to_string_lossy().into_owned(), bytes: meta.len() })
            })
            .collect();
        files.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(files)
    }

    /// Imports one file of inbox/ by its name (a bare name: never a path out of the folder), then
    /// moves it to inbox/imported/.
    pub fn import_inbox_file(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        name: &str,
    ) -> Result<ImportResult, AppError> {
        self.require(actor, UseCase::SyncImport)?;
        let path = self.inbox_file(name)?;
        let result = self.import(now, actor, &path)?;
        // Out of the way once taken in, so the inbox lists only what is still to do.
        let done = self.folder("inbox/imported")?;
        std::fs::rename(&path, done.join(name)).map_err(io)?;
        // A file copied in keeps the mode it came with: in the data folder it is ours alone.
        let _ = crate::ledger::modes::tighten(&done.join(name));
        Ok(result)
    }

    /// A file of inbox/ by its bare name: never a path out of the folder.
    fn inbox_file(&self, name: &str) -> Result<PathBuf, AppError> {
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(AppError::new(
                ErrorCode::BadFile,
                "ファイル名が正しくありません。",
                "Not a file name of the inbox.",
            ));
        }
        Ok(self.folder("inbox")?.join(name))
    }

    /// Ward: who signed an export waiting in inbox/ (refused because unregistered), to compare its
    /// fingerprint before registering it.
    pub fn inbox_sender(&self, actor: &Actor, name: &str) -> Result<crate::app::FacilitySender, AppError> {
        self.require(actor, UseCase::Facilities)?;
        self.export_sender(&self.inbox_file(name)?)
    }

    /// Ward: registers the facility that signed an export waiting in inbox/ (the file stays, to
    /// be imported next).
    pub fn register_inbox_sender(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        name: &str,
    ) -> Result<crate::app::FacilityKeyView, AppError> {
        self.require(actor, UseCase::Facilities)?;
        self.facility_add_from_export(now, actor, &self.inbox_file(name)?)
    }

    /// This install's card into outbox/, to hand to the ward (a facility) or to facilities (the ward).
    pub fn card_to_outbox(&self, actor: &Actor) -> Result<crate::app::CardView, AppError> {
        let name = match self.install()?.facility {
            Some(f) => format!("card-{f}.json"),
            None => "ward-card.json".to_string(),
        };
        self.card_export(actor, &self.folder("outbox")?.join(name))
    }

    /// A backup into a folder the desk chose (a USB stick), named for this install and the day.
    pub fn backup_to(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        folder: &std::path::Path,
    ) -> Result<BackupView, AppError> {
        self.require(actor, UseCase::Backup)?;
        if !folder.is_dir() {
            return Err(AppError::new(
                ErrorCode::BadFolder,
                format!(
                    "フォルダ「{}」が見つかりません。USB メモリが差し込まれているか確認してください。",
                    folder.display()
                ),
                format!("No folder {}: is the USB stick plugged in?", folder.display()),
            ));
        }
        let who = self.install()?.origin();
        let out = folder.join(format!("sango-{who}-{}.sbk", now.format("%Y%m%d-%H%M%S")));
        let view = backup::backup(self, now, &out)?;
        // The data folder's own copy dates the last backup for the reminder.
        self.rotate_backup(now)?;
        Ok(view)
    }

    /// The month's claims as a CSV file (UTF-8 with BOM: Excel opens it as is) in the folder the
    /// user chose — not outbox/, which is for what is sent to the ward or facilities. Private
    /// (0600) like every file Sango writes.
    pub fn claims_csv_file(
        &self,
        actor: &Actor,
        month: crate::types::YearMonth,
        folder: &std::path::Path,
    ) -> Result<ExportResult, AppError> {
        self.require(actor, UseCase::Claims)?;
        let month = &month.to_string();
        if !folder.is_dir() {
            return Err(AppError::new(
                ErrorCode::BadFolder,
                format!("保存先のフォルダ {} が見つかりません。", folder.display()),
                format!("No folder {} to save the CSV in.", folder.display()),
            ));
        }
        let report = self.claims_report(month)?;
        let path = folder.join(format!("claims-{month}.csv"));
        files::write_atomic(&path, &claims_csv(&report, CsvEncoding::Utf8Bom))?;
        Ok(ExportResult {
            path: path.display().to_string(),
            events: report.facilities.iter().map(|f| f.lines.len() as u64).sum(),
            from_seq: None,
        })
    }

    fn backups(&self) -> Result<Vec<PathBuf>, AppError> {
        let dir = self.folder("backups")?;
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(io)?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "sbk"))
            .collect();
        v.sort();
        Ok(v)
    }

    /// A backup into the data folder's backups/, keeping the last seven.
    /// Encrypted to the recovery key like every backup, so it needs no one at the desk.
    pub fn backup_rotating(&self, now: DateTime<FixedOffset>, actor: &Actor) -> Result<BackupView, AppError> {
        self.require(actor, UseCase::Backup)?;
        self.rotate_backup(now)
    }

    fn rotate_backup(&self, now: DateTime<FixedOffset>) -> Result<BackupView, AppError> {
        let out = self.folder("backups")?.join(format!("sango-{}.sbk", now.format("%Y%m%d-%H%M%S")));
        let view = backup::backup(self, now, &out)?;
        let all = self.backups()?;
        for old in all.iter().take(all.len().saturating_sub(BACKUPS_KEPT)) {
            let _ = std::fs::remove_file(old);
        }
        Ok(view)
    }

    /// The data folder, its size and the last backup (the status line's reminder): any role.
    pub fn store_info(&self, now: DateTime<FixedOffset>, actor: &Actor) -> Result<StoreInfo, AppError> {
        self.require(actor, UseCase::Status)?;
        let last =
            self.backups()?.last().and_then(|p| std::fs::metadata(p).ok()).and_then(|m| m.modified().ok()).map(|t| {
                let t: DateTime<chrono::Utc> = t.into();
                t.with_timezone(now.offset())
            });
        Ok(StoreInfo {
            data_dir: self.store.dir().display().to_string(),
            size_bytes: self.store.size_on_disk(),
            entries: self.store.last_seq(),
            last_backup_at: last,
            backup_overdue: last.is_none_or(|t| (now - t).num_days() >= BACKUP_OVERDUE_DAYS),
            outbox: self.store.dir().join("outbox").display().to_string(),
            inbox: self.store.dir().join("inbox").display().to_string(),
        })
    }

    /// Units and money per month, service and facility over a year (集計).
    pub fn usage_stats(&self, actor: &Actor, year: i32) -> Result<UsageStats, AppError> {
        self.require(actor, UseCase::Claims)?;
        let mut rows: Vec<UsageRow> = Vec::new();
        for b in self.store.state().bookings() {
            let b = b?;
            // By fiscal year (April–March), each use in the year of its first day, as its claim.
            if crate::calendar::fiscal_year_of(b.first_day) != year || !b.status.is_used() {
                continue;
            }
            let month = b.claim_month();
            match rows
                .iter_mut()
                .find(|r| r.month == month && r.service == b.service && r.facility_id == b.facility.as_str())
            {
                Some(r) => {
                    r.units += b.units;
                    r.total_cost += b.fee.total_cost();
                    r.ward_amount += b.fee.ward_amount();
                }
                None => rows.push(UsageRow {
                    month,
                    service: b.service,
                    facility_id: b.facility.to_string(),
                    units: b.units,
                    total_cost: b.fee.total_cost(),
                    ward_amount: b.fee.ward_amount(),
                }),
            }
        }
        rows.sort_by(|a, b| (&a.month, a.service, &a.facility_id).cmp(&(&b.month, b.service, &b.facility_id)));
        Ok(UsageStats { year, months: rows })
    }
}
