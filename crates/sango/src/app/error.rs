//! The one error every door shows: a stable machine code, a Japanese and an English sentence a
//! desk clerk understands, and every rule broken.

use serde::Serialize;
use ts_rs::TS;

pub use super::error_code::ErrorCode;
use crate::ledger::StoreError;
use crate::rules::Violation;
use crate::types::ParseError;

/// What kind of failure, which decides the CLI's exit code (docs/cli.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum ErrorKind {
    /// 2: the call's words are off.
    Usage,
    /// 3: refused by a program rule; `violations` lists every rule broken.
    Refused,
    /// 4: a value or file that does not parse or makes no sense.
    BadInput,
    /// 5: tampered, unsigned, foreign or undecryptable bundle; a journal that fails its checks.
    Integrity,
    /// 1: anything else (the store in use, a disk error…).
    Other,
}

impl ErrorKind {
    pub fn exit_code(self) -> i32 {
        match self {
            ErrorKind::Usage => 2,
            ErrorKind::Refused => 3,
            ErrorKind::BadInput => 4,
            ErrorKind::Integrity => 5,
            ErrorKind::Other => 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AppError {
    /// Which error, and through [`ErrorCode::kind`] the exit code.
    pub code: ErrorCode,
    pub message_ja: String,
    pub message_en: String,
    pub violations: Vec<Violation>,
    /// A file's problems, each with its place (`program check`, `directory set`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub problems: Option<Vec<crate::problems::Problem>>,
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message_en)
    }
}

impl std::error::Error for AppError {}

impl AppError {
    pub fn new(code: ErrorCode, message_ja: impl Into<String>, message_en: impl Into<String>) -> AppError {
        AppError {
            code,
            message_ja: message_ja.into(),
            message_en: message_en.into(),
            violations: vec![],
            problems: None,
        }
    }

    /// The error of a code whose words never vary (its message in the table of `ErrorCode`).
    pub fn of(code: ErrorCode) -> AppError {
        let (ja, en) = code
            .message()
            .unwrap_or(("問題が起きました。変更は保存されていません。", "Something went wrong; nothing was changed."));
        AppError::new(code, ja, en)
    }

    /// What kind of failure, which decides the exit code: the code's own.
    pub fn kind(&self) -> ErrorKind {
        self.code.kind()
    }

    /// The CLI's document of this error (docs/cli.md): `{"error": {"code", "message", "message_ja",
    /// "violations"[, "problems"]}}`, `message` the English sentence.
    pub fn cli_document(&self) -> serde_json::Value {
        let mut error = serde_json::json!({"code": self.code, "message": self.message_en, "message_ja": self.message_ja, "violations": self.violations});
        if let Some(problems) = &self.problems {
            error["problems"] = serde_json::to_value(problems).unwrap_or_default();
        }
        serde_json::json!({ "error": error })
    }

    /// This error, listing a file's problems.
    pub fn with_problems(mut self, problems: Vec<crate::problems::Problem>) -> AppError {
        self.problems = Some(problems);
        self
    }

    pub fn not_found(what_ja: &str, what_en: &str, id: &str) -> AppError {
        AppError::new(
            ErrorCode::NotFound,
            format!("{what_ja}「{id}」は見つかりません。"),
            format!("No {what_en} \"{id}\"."),
        )
    }

    /// Refused by the program's rules, listing every one broken.
    pub fn refused(violations: Vec<Violation>) -> AppError {
        let ja = violations.iter().map(|v| v.message_ja.as_str()).collect::<Vec<_>>().join(" ");
        let en = violations.iter().map(|v| v.message_en.as_str()).collect::<Vec<_>>().join(" ");
        let code = violations.first().map_or(ErrorCode::Refused, |v| ErrorCode::Rule(v.code));
        AppError { code, message_ja: ja, message_en: en, violations, problems: None }
    }

    pub fn wrong_mode(needs_ja: &str, needs_en: &str) -> AppError {
        AppError::new(
            ErrorCode::WrongMode,
            format!("この操作は{needs_ja}でのみ使えます。"),
            format!("This can only be done at {needs_en}."),
        )
    }
}

impl From<ParseError> for AppError {
    fn from(e: ParseError) -> AppError {
        AppError::new(ErrorCode::BadInput, e.message_ja(), e.to_string())
    }
}

/// What went wrong with a file, in the desk's words (the system's own text is English and stays
/// in `message_en`).
pub fn io_ja(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "見つかりません",
        K::PermissionDenied => "使う権限がありません",
        K::AlreadyExists => "同じ名前のものがすでにあります",
        K::StorageFull | K::WriteZero => "ディスクの空きが足りません",
        K::IsADirectory => "ファイルではなくフォルダです",
        K::NotADirectory => "フォルダではありません",
        K::ReadOnlyFilesystem => "書き込みできない場所です",
        K::InvalidData | K::UnexpectedEof => "中身が壊れています",
        _ => "読み書きできませんでした",
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::InUse(_) => AppError::new(
                ErrorCode::StoreInUse,
                "このデータは別の画面またはプログラムが使用中です。そちらを閉じてからやり直してください。",
                format!("{e}: the store is in use. Close the other window or program and try again."),
            ),
            StoreError::NotInitialized(_) => AppError { message_en: e.to_string(), ..AppError::of(ErrorCode::NotInitialized) },
            StoreError::AlreadyInitialized(_) => AppError { message_en: e.to_string(), ..AppError::of(ErrorCode::AlreadyInitialized) },
            StoreError::Journal(crate::ledger::journal::JournalError::Io { .. } | crate::ledger::journal::JournalError::Poisoned) => AppError::new(
                ErrorCode::StorageError,
                "記録を書き込めませんでした。ディスクの空き容量を確認し、Sango を開き直してから、この変更が反映されているか確認してください。",
                format!("{e}. The change was not confirmed: check the free disk space, reopen Sango and check whether the change is there."),
            ),
            StoreError::Journal(_) | StoreError::BadEntry { .. } => AppError::new(
                ErrorCode::JournalDamaged,
                "記録(ジャーナル)に問題があります。バックアップからの復元が必要な可能性があります。",
                e.to_string(),
            ),
            _ => AppError::new(
                ErrorCode::StorageError,
                "データの保存・読み込みで問題が起きました。変更は保存されていません。ディスクの空きを確認してください。",
                e.to_string(),
            ),
        }
    }
}

impl From<crate::ledger::state::StateError> for AppError {
    fn from(e: crate::ledger::state::StateError) -> AppError {
        AppError::from(StoreError::from(e))
    }
}

/// Latin words a desk reads as they are: the product's name and what is printed on the machine.
const LATIN_ALLOWED: [&str; 4] = ["Sango", "USB", "QR", "CSV"];

/// The Latin words of a Japanese message that a clerk would have to read as English (issue 23:
/// there must be none). Text in 「」 is quoted (an id, a value, a command) and skipped; a token
/// with a digit or `- _ . / = , :` in it is a code, and so are the CLI's spellings of services
/// and households. `tests/messages_ja.rs` and `rules::messages::tests` walk every message with it.
pub fn latin_words(ja: &str) -> Vec<String> {
    use crate::types::{Household, Service};
    let mut unquoted = String::new();
    let mut depth = 0usize;
    for c in ja.chars() {
        match c {
            '「' => depth += 1,
            '」' => depth = depth.saturating_sub(1),
            c if depth == 0 => unquoted.push(c),
            _ => {}
        }
    }
    let codes: Vec<&str> =
        Service::ALL.iter().map(|s| s.code()).chain(Household::ALL.iter().map(|h| h.code())).collect();
    unquoted
        .split(|c: char| !c.is_ascii_graphic())
        .map(|t| t.trim_matches(|c: char| "()[]!?;\"'".contains(c)))
        .filter(|t| !t.is_empty())
        .filter(|t| !t.chars().any(|c| c.is_ascii_digit() || "-_./=,:".contains(c)))
        .filter(|t| t.chars().filter(char::is_ascii_alphabetic).count() >= 2)
        .filter(|t| !LATIN_ALLOWED.contains(t) && !codes.contains(t))
        .map(str::to_string)
        .collect()
}
