//! Every code an error can carry, the one place that decides its CLI exit code (docs/cli.md), and
//! the words of the codes that always mean the same thing. Both doors and the UI (through the
//! generated `ErrorCode.ts`) share it: a code the UI names that Rust never sends does not compile.
//!
//! Adding a code is one line in the table below (and, if it always reads the same, its message).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ErrorKind;
use crate::rules::ViolationCode;

macro_rules! fixed {
    () => {
        None
    };
    ($ja:literal, $en:literal) => {
        Some(($ja, $en))
    };
}

/// The table: `Variant => Kind` or `Variant => Kind ("日本語", "English")` for a code whose words
/// never depend on the case. The variant's name in snake_case is the code on the wire.
macro_rules! error_codes {
    ($($(#[$meta:meta])* $variant:ident => $kind:ident $(($ja:literal, $en:literal))?,)*) => {
        /// A stable machine code of an error, as the CLI's JSON and the UI branch on it. Never renamed.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum ErrorCode {
            $($(#[$meta])* $variant,)*
            /// Refused by a program rule: the first rule broken (`error.violations` lists them all).
            #[serde(untagged)]
            Rule(ViolationCode),
        }

        impl ErrorCode {
            /// Every code but the rules' own, for tests that walk them all.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// What kind of failure the code is, which decides the exit code.
            pub fn kind(self) -> ErrorKind {
                match self {
                    $(ErrorCode::$variant => ErrorKind::$kind,)*
                    ErrorCode::Rule(_) => ErrorKind::Refused,
                }
            }

            /// The Japanese and English sentences of a code whose words never vary.
            pub fn message(self) -> Option<(&'static str, &'static str)> {
                match self {
                    $(ErrorCode::$variant => fixed!($($ja, $en)?),)*
                    ErrorCode::Rule(_) => None,
                }
            }
        }
    };
}

error_codes! {
    // Exit 2: the call's words are off, or the install is not in the state the call needs.
    /// The command line does not parse.
    Usage => Usage,
    /// A ward-only (or facility-only) action at the other.
    WrongMode => Usage,
    NotInitialized => Usage ("まだ初期設定がされていません。先に初期設定(コマンドでは「sango init」)を行ってください。", "This install is not set up yet: set it up first (sango init)."),
    AlreadyInitialized => Usage ("このデータフォルダはすでに初期設定済みです。", "This data folder is already set up."),
    NoDataDir => Usage,
    PinNeeded => Usage ("暗証番号を環境変数「SANGO_STAFF_PIN」で渡すか、端末から入力してください。", "Give the PIN in $SANGO_STAFF_PIN or type it at the prompt."),
    NotEmpty => Usage,
    ProgramFromWard => Usage,
    RecoveryKeyNeeded => Usage,
    TestClockOnly => Usage,

    // Exit 3: refused (by a program rule, a booking's state, the staff's rights).
    /// Refused with no rule named.
    Refused => Refused,
    NotBooked => Refused,
    NotWaitable => Refused,
    NotYet => Refused,
    WrongStatus => Refused,
    AlreadyPaid => Refused,
    NotPaid => Refused,
    ConsentMissing => Refused,
    AlreadyConfirmed => Refused,
    NotPermitted => Refused,
    NotSignedIn => Refused,
    SignInFailed => Refused,
    SignInLocked => Refused,
    StaffDisabled => Refused,
    /// The first account is made only while there is none.
    StaffExist => Refused ("職員はすでに登録されています。管理者がサインインして、設定から追加してください。", "Staff accounts exist: an admin adds staff after signing in."),
    LastAdmin => Refused,
    NoRecoveryKey => Refused,
    MonthAlreadyClosed => Refused,
    MonthNotEnded => Refused,
    CloseOutOfOrder => Refused,
    ExportsMissing => Refused,
    KeyRevoked => Refused,
    KeyInUse => Refused,
    AlreadyRegistered => Refused,

    // Exit 4: a value or a file that does not parse or makes no sense.
    BadInput => BadInput,
    NotFound => BadInput,
    BadUnits => BadInput,
    BadCareEntry => BadInput,
    BadConsent => BadInput,
    BadNote => BadInput,
    BadReferral => BadInput,
    BadStatus => BadInput,
    NoScores => BadInput,
    DateOutsideUse => BadInput ("利用期間外の日付です。", "That date is outside the use."),
    BirthInFuture => BadInput,
    BadOrientation => BadInput,
    PostalNeeded => BadInput,
    NoFeeSchedule => BadInput,
    BadCapacity => BadInput,
    BadVisitArea => BadInput,
    BadIdleLock => BadInput,
    BadPin => BadInput,
    BadRole => BadInput,
    /// A second account of the same name.
    StaffExists => BadInput,
    BadFile => BadInput,
    BadFolder => BadInput,
    BadPath => BadInput,
    BadProgram => BadInput,
    BadDirectory => BadInput,
    NotInDirectory => BadInput,
    NotRegistered => BadInput,
    BadCard => BadInput ("施設のカードのファイルが読めません。施設から受け取ったファイルを指定してください。", "The facility card does not parse."),
    BadWardCard => BadInput ("区のカードのファイルが読めないか、書き換えられています。区から受け取ったファイルを指定してください。", "The ward card does not parse."),
    NotABackup => BadInput ("このファイルは Sango のバックアップではありません。", "Not a Sango backup."),
    OldBackup => BadInput,
    BadRecoveryKey => BadInput,
    NotABundle => BadInput,
    UnknownFormat => BadInput,
    NotOurs => BadInput,
    ImeOn => BadInput,
    UnknownVersion => BadInput,
    NoticeInvalid => BadInput,

    // Exit 5: tampered, unsigned, foreign or undecryptable; a journal that fails its checks.
    CardAltered => Integrity ("施設のカードが書き換えられています。施設から受け取ったファイルをそのまま指定してください。", "The facility card was altered."),
    BadIdentity => Integrity,
    BadRegistration => Integrity,
    BadPayload => Integrity,
    EntryNotSenders => Integrity,
    EntryOutsideManifest => Integrity,
    Undecryptable => Integrity,
    Damaged => Integrity,
    Unsigned => Integrity,
    BadSignature => Integrity,
    ForeignSigner => Integrity,
    WrongRecipient => Integrity,
    PayloadMismatch => Integrity,
    FacilityNotRegistered => Integrity,
    FacilityRevoked => Integrity,
    SignerMismatch => Integrity,
    KeyReused => Integrity,
    UnexpectedKind => Integrity,
    NoticeAltered => Integrity,
    ForeignWard => Integrity,
    BadBackup => Integrity,
    BackupIdentityMismatch => Integrity,
    WrongRecoveryKey => Integrity,
    JournalDamaged => Integrity,
    VerifyFailed => Integrity ("記録の検査で問題が見つかりました。", "The store failed verification."),

    // Exit 1: anything else.
    /// Something that cannot happen did; nothing was changed.
    Internal => Other ("内部エラーが起きました。変更は保存されていません。", "Internal error; nothing was changed."),
    Io => Other,
    StorageError => Other,
    StoreInUse => Other,
    Encrypt => Other,
    Random => Other,
    PinHashFailed => Other,
    WorkbookFailed => Other,
    SealFailed => Other,
    EncodeFailed => Other,
}

impl ErrorCode {
    /// The code as the JSON carries it (`bad_units`, `too_short`).
    pub fn as_str(self) -> String {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::String(s)) => s,
            _ => unreachable!("an ErrorCode serializes as a string"),
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::error::latin_words;

    #[test]
    fn every_code_is_spelled_once_on_the_wire() {
        let mut seen = std::collections::BTreeSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "{c:?} spelled twice");
        }
        assert!(seen.contains("bad_units") && seen.contains("store_in_use"));
    }

    #[test]
    fn a_rule_refusal_is_its_violation_code_and_exit_three() {
        let c = ErrorCode::Rule(ViolationCode::TooShort);
        assert_eq!(c.as_str(), "too_short");
        assert_eq!(c.kind().exit_code(), 3);
        assert_eq!(serde_json::from_str::<ErrorCode>("\"too_short\"").unwrap(), c);
    }

    #[test]
    fn each_kind_gives_its_documented_exit_code() {
        let cases = [
            (ErrorCode::Usage, 2),
            (ErrorCode::WrongMode, 2),
            (ErrorCode::NotPaid, 3),
            (ErrorCode::BadUnits, 4),
            (ErrorCode::BadSignature, 5),
            (ErrorCode::StoreInUse, 1),
        ];
        for (code, exit) in cases {
            assert_eq!(code.kind().exit_code(), exit, "{code}");
        }
    }

    #[test]
    fn a_fixed_message_is_japanese_without_english_words() {
        for c in ErrorCode::ALL {
            if let Some((ja, en)) = c.message() {
                assert!(latin_words(ja).is_empty(), "{c}: {ja}");
                assert!(!en.is_empty());
            }
        }
    }
}
