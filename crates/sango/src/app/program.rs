//! The program and the directory in force: checked, named, set by the ward (they reach
//! facilities in its card and its roster, `sync.rs`).

use super::ErrorCode;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use ts_rs::TS;

use super::{files, parse_directory, parse_program, App, AppError};
use crate::ledger::{Actor, Event, Mode};
use crate::program::{self, Program};
use crate::rules::roles::UseCase;

/// What `program check` prints for a valid file.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProgramChecked {
    pub ok: bool,
    /// The program's name (`id`), as `--program` takes it.
    pub name: String,
}

/// What `directory set` prints.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DirectorySetView {
    pub facilities: u32,
}

/// What the window's 設定 shows of the program and directory in force.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct InForceView {
    pub program: String,
    pub program_name_ja: String,
    pub municipality: String,
    #[ts(type = "string")]
    pub effective_from: chrono::NaiveDate,
    pub ward_office: String,
    pub ward_contact: String,
    pub facilities: u32,
    /// The directory as `sango directory` prints it and `directory set` takes it.
    pub directory_json: String,
}

/// Checks a program file: every problem with its place (exit 4), else its name.
pub fn program_check(text: &str) -> Result<ProgramChecked, AppError> {
    let p = parse_program(text)?;
    Ok(ProgramChecked { ok: true, name: p.id().to_string() })
}

/// A program's file from `--program NAME|FILE`: a built-in name (`sango program list`), else the
/// file at that path.
pub fn program_text(name_or_file: &str) -> Result<String, AppError> {
    if let Some((_, text)) = program::builtin_named(name_or_file) {
        return Ok(text.to_string());
    }
    let bytes = files::read(Path::new(name_or_file), "事業の定義ファイル")?;
    String::from_utf8(bytes).map_err(|_| {
        AppError::new(
            ErrorCode::BadProgram,
            "事業の定義ファイルは文字コードUTF-8のテキストで保存してください。",
            "The program file is not UTF-8 text.",
        )
    })
}

/// The program of `--program NAME|FILE`, checked.
pub fn program_named(name_or_file: &str) -> Result<Program, AppError> {
    parse_program(&program_text(name_or_file)?)
}

impl App {
    /// Ward: replaces the facility directory (facilities join and leave the program each year).
    /// Every problem of the file is listed and nothing changes; the new one reaches facilities in
    /// the ward card and the next roster.
    pub fn directory_set(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        text: &str,
    ) -> Result<DirectorySetView, AppError> {
        self.require(actor, UseCase::ProgramSet)?;
        self.require_mode(Mode::Ward)?;
        let directory = parse_directory(text)?;
        // Kept as the directory's own text, so what travels is exactly what was checked.
        let directory_json = directory.to_json_string();
        self.write(now, actor, |_, _| Ok((Event::DirectorySet { directory_json }, ())))?;
        self.refresh_in_force()?;
        Ok(DirectorySetView { facilities: directory.facilities().len() as u32 })
    }

    /// Ward: replaces the program (a new fiscal year's fees, another municipality's rules); like
    /// the directory, it reaches facilities in the next roster.
    pub fn program_set(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        text: &str,
    ) -> Result<ProgramChecked, AppError> {
        self.require(actor, UseCase::ProgramSet)?;
        self.require_mode(Mode::Ward)?;
        let checked = program_check(text)?;
        let program_toml = text.to_string();
        self.write(now, actor, |_, _| Ok((Event::ProgramSet { program_toml }, ())))?;
        self.refresh_in_force()?;
        Ok(checked)
    }

    /// The program and directory in force, for the status line and 設定.
    pub fn in_force(&self, actor: &Actor) -> Result<InForceView, AppError> {
        self.require(actor, UseCase::Status)?;
        let p = self.program();
        let d = self.directory();
        Ok(InForceView {
            program: p.id().to_string(),
            program_name_ja: p.name_ja().to_string(),
            municipality: p.municipality().to_string(),
            effective_from: p.effective_from(),
            ward_office: p.ward_office().to_string(),
            ward_contact: p.ward_contact().to_string(),
            facilities: d.facilities().len() as u32,
            directory_json: d.to_json_string(),
        })
    }
}
