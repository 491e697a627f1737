//! The program's vocabulary, parsed once at the door so the core never re-checks a string.
//!
//! Every type here is small, `Copy` or cheap to clone, serializes to the exact spelling of
//! `docs/cli.md` (`short-stay`, `non-taxable`, …) and is exported to the UI through ts-rs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whole yen. Money is never a float; see `money` for rounding.
pub type Yen = rust_decimal::Decimal;

/// One of the three services of the program (産後ケア事業のサービス).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Service {
    /// 母子ショートステイ(宿泊): overnight stay, counted in days, check-in through check-out.
    ShortStay,
    /// 母子デイケア(日帰り): 10:00–16:00 at a facility, counted in days.
    DayCare,
    /// 産後ケア訪問: a midwife's home visit, counted in visits.
    HomeVisit,
}

impl Service {
    pub const ALL: [Service; 3] = [Service::ShortStay, Service::DayCare, Service::HomeVisit];

    /// The CLI and JSON spelling.
    pub fn code(self) -> &'static str {
        match self {
            Service::ShortStay => "short-stay",
            Service::DayCare => "day-care",
            Service::HomeVisit => "home-visit",
        }
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Service::ShortStay => "母子ショートステイ(宿泊)",
            Service::DayCare => "母子デイケア(日帰り)",
            Service::HomeVisit => "産後ケア訪問",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Service::ShortStay => "Short stay (overnight)",
            Service::DayCare => "Day care",
            Service::HomeVisit => "Home visit",
        }
    }

    /// The short label the window's tabs, tables and badges use (the documents use [`Service::name_ja`]).
    pub fn label_ja(self) -> &'static str {
        match self {
            Service::ShortStay => "ショートステイ(宿泊)",
            Service::DayCare => "デイケア(日帰り)",
            Service::HomeVisit => "訪問",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Service::ShortStay => "Short stay",
            Service::DayCare => "Day care",
            Service::HomeVisit => "Home visit",
        }
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Service {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Service::ALL
            .into_iter()
            .find(|x| x.code() == normalise_token(s).to_ascii_lowercase())
            .ok_or_else(|| ParseError::new("service", s, "short-stay, day-care or home-visit"))
    }
}

/// Household category, which decides the reduction of the user share (減免).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Household {
    Standard,
    /// 住民税非課税世帯
    NonTaxable,
    /// 生活保護世帯
    Welfare,
}

impl Household {
    pub const ALL: [Household; 3] = [Household::Standard, Household::NonTaxable, Household::Welfare];

    pub fn code(self) -> &'static str {
        match self {
            Household::Standard => "standard",
            Household::NonTaxable => "non-taxable",
            Household::Welfare => "welfare",
        }
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Household::Standard => "一般",
            Household::NonTaxable => "住民税非課税世帯",
            Household::Welfare => "生活保護世帯",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Household::Standard => "Standard",
            Household::NonTaxable => "Non-taxable household",
            Household::Welfare => "Welfare household",
        }
    }
}

impl fmt::Display for Household {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Household {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        Household::ALL
            .into_iter()
            .find(|x| x.code() == normalise_token(s).to_ascii_lowercase())
            .ok_or_else(|| ParseError::new("household", s, "standard, non-taxable or welfare"))
    }
}

/// Defines a validated string newtype: normalised as typed at a desk ([`normalise`], the dashes
/// to `-`, then `$case`), non-empty, bounded, of allowed characters. An inner space is refused, not
/// dropped: `C 100` may be `C-100` or `C100`, and guessing would answer for another mother.
macro_rules! token_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $max:literal, $case:expr, $allowed:expr, $hint:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        #[serde(try_from = "String", into = "String")]
        #[ts(export, type = "string")]
        pub struct $name(String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, ParseError> {
                let case: fn(&str) -> String = $case;
                let t = case(&normalise(s).replace(DASHES, "-"));
                let allowed: fn(char) -> bool = $allowed;
                if t.is_empty() || t.chars().count() > $max || !t.chars().all(allowed) {
                    return Err(ParseError::new($what, s, $hint));
                }
                Ok($name(t))
            }
        }

        impl TryFrom<String> for $name {
            type Error = ParseError;
            fn try_from(s: String) -> Result<Self, ParseError> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(x: $name) -> String {
                x.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

token_type!(
    /// The number on the mother's user card (利用者カード番号): ASCII letters, digits and `-`.
    /// Typed in any case and width (`ｃ－１００`), it is kept as the ward prints it: upper case.
    CardNumber,
    "card",
    32,
    str::to_ascii_uppercase,
    |c| c.is_ascii_alphanumeric() || c == '-',
    "letters, digits and '-', at most 32"
);

token_type!(
    /// The number on the approval notice (利用承認番号), upper case like a card number.
    ApprovalNumber,
    "approval number",
    32,
    str::to_ascii_uppercase,
    |c| c.is_ascii_alphanumeric() || c == '-',
    "letters, digits and '-', at most 32"
);

token_type!(
    /// A facility's stable id in the directory, e.g. `tsumugi`.
    FacilityId,
    "facility",
    64,
    str::to_ascii_lowercase,
    |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-',
    "lower-case letters, digits and '-'"
);

/// One life of an install's journal. An install's first journal has none; a restore from a backup
/// starts a new one (`Event::Restored`), because the entries after the backup may also have been
/// written, and sent, by the lost machine with the same sequence numbers. `(origin, epoch, seq)`
/// names an entry everywhere. Random, so two restores of one backup never share an epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct Epoch(pub [u8; 4]);

impl FromStr for Epoch {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let mut b = [0u8; 4];
        let lower = s.len() == 8 && s.bytes().all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c));
        if !lower || hex::decode_to_slice(s, &mut b).is_err() {
            return Err(ParseError::new("epoch", s, "8 lower-case hex digits"));
        }
        Ok(Epoch(b))
    }
}

impl TryFrom<String> for Epoch {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl From<Epoch> for String {
    fn from(x: Epoch) -> String {
        x.to_string()
    }
}

impl fmt::Display for Epoch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex::encode(self.0))
    }
}

/// A booking's id: the facility that made it, the journal epoch and the sequence of the entry that
/// created it, written `<facility>-<seq>` (`tsumugi-5`), the spelling the journal, the CLI and the
/// window have always used, or `<facility>-<seq>~<epoch>` (`tsumugi-5~1a2b3c4d`) after a restore.
/// Only the facility in the id may speak for the booking (sync ownership).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct BookingId {
    pub facility: FacilityId,
    pub seq: u64,
    pub epoch: Option<Epoch>,
}

impl BookingId {
    /// A booking of an install's first journal.
    pub fn new(facility: FacilityId, seq: u64) -> BookingId {
        BookingId { facility, seq, epoch: None }
    }

    /// A booking made in `epoch` of the journal (after a restore, when it is `Some`).
    pub fn in_epoch(facility: FacilityId, epoch: Option<Epoch>, seq: u64) -> BookingId {
        BookingId { facility, seq, epoch }
    }
}

impl FromStr for BookingId {
    type Err = ParseError;
    /// The facility is everything before the last `-` (facility ids hold `-` too), read as facility
    /// ids are (`Tsumugi-5` is `tsumugi-5`); the sequence is decimal without leading zeros, so one
    /// booking has one spelling and an id the journal holds prints back as it was written.
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let bad = || ParseError::new("booking", s, "<facility>-<number>, e.g. tsumugi-5");
        let (rest, epoch) = match s.trim().split_once('~') {
            Some((rest, epoch)) => (rest, Some(epoch.parse::<Epoch>().map_err(|_| bad())?)),
            None => (s.trim(), None),
        };
        let (facility, seq) = rest.rsplit_once('-').ok_or_else(bad)?;
        let canonical = !seq.is_empty()
            && seq.len() <= 20
            && seq.chars().all(|c| c.is_ascii_digit())
            && (seq == "0" || !seq.starts_with('0'));
        if !canonical || facility.trim() != facility {
            return Err(bad());
        }
        Ok(BookingId { facility: facility.parse().map_err(|_| bad())?, seq: seq.parse().map_err(|_| bad())?, epoch })
    }
}

impl TryFrom<String> for BookingId {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl From<BookingId> for String {
    fn from(x: BookingId) -> String {
        x.to_string()
    }
}

impl fmt::Display for BookingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.facility, self.seq)?;
        match self.epoch {
            Some(e) => write!(f, "~{e}"),
            None => Ok(()),
        }
    }
}

/// A referral's (連絡票) id: the facility that made it and the entry that made it, like a
/// booking's, written `<facility>-r<seq>` (`tsumugi-r12`, `tsumugi-r12~1a2b3c4d` after a restore):
/// the same at the facility and the ward, and never the id of a booking.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct ReferralId(pub BookingId);

impl ReferralId {
    pub fn facility(&self) -> &FacilityId {
        &self.0.facility
    }
}

impl FromStr for ReferralId {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let bad = || ParseError::new("referral", s, "<facility>-r<number>, e.g. tsumugi-r12");
        let (rest, epoch) = match s.trim().split_once('~') {
            Some((rest, epoch)) => (rest, Some(epoch)),
            None => (s.trim(), None),
        };
        let (facility, seq) = rest.rsplit_once("-r").ok_or_else(bad)?;
        let as_booking = match epoch {
            Some(e) => format!("{facility}-{seq}~{e}"),
            None => format!("{facility}-{seq}"),
        };
        as_booking.parse().map(ReferralId).map_err(|_| bad())
    }
}

impl TryFrom<String> for ReferralId {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl From<ReferralId> for String {
    fn from(x: ReferralId) -> String {
        x.to_string()
    }
}

impl fmt::Display for ReferralId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-r{}", self.0.facility, self.0.seq)?;
        match self.0.epoch {
            Some(e) => write!(f, "~{e}"),
            None => Ok(()),
        }
    }
}

/// A person's name as written by the desk: non-empty, no control characters, bounded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct PersonName(String);

impl PersonName {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for PersonName {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        // Width only (half-width kana, full-width spaces): a name keeps its ー and its letters.
        if s.chars().any(char::is_control) {
            return Err(ParseError::new("name", s, "a name of 1 to 100 characters"));
        }
        let t = normalise(s);
        if t.is_empty() || t.chars().count() > 100 {
            return Err(ParseError::new("name", s, "a name of 1 to 100 characters"));
        }
        Ok(PersonName(t))
    }
}

impl TryFrom<String> for PersonName {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl From<PersonName> for String {
    fn from(x: PersonName) -> String {
        x.0
    }
}

/// A Japanese postal code: 3 digits (the district, e.g. 177 = 石神井) or 7 digits (`177-0045`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct PostalCode(String);

impl PostalCode {
    /// The digits only, 3 or 7 of them.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The first three digits: the postal district the visit areas are drawn in.
    pub fn district(&self) -> &str {
        &self.0[..3]
    }

    /// The district alone, as a code of its own (what the roster and the notice carry).
    pub fn district_only(&self) -> PostalCode {
        PostalCode(self.0[..3].to_string())
    }

    /// As people write it: `177-0045`, or the district alone (`177`).
    pub fn formatted(&self) -> String {
        match self.full() {
            Some(f) => format!("{}-{}", &f[..3], &f[3..]),
            None => self.0.clone(),
        }
    }

    /// The full 7-digit code when known; neighbourhood limits need it.
    pub fn full(&self) -> Option<&str> {
        (self.0.len() == 7).then_some(self.0.as_str())
    }
}

impl FromStr for PostalCode {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, ParseError> {
        // NFKC turns 〶 into 〒; the mark and the dash are how it is written, not part of it.
        let t = normalise_token(s);
        let digits: String = t.trim_start_matches('〒').chars().filter(|c| *c != '-').collect();
        if (digits.len() == 3 || digits.len() == 7) && digits.chars().all(|c| c.is_ascii_digit()) {
            Ok(PostalCode(digits))
        } else {
            Err(ParseError::new("postal code", s, "3 or 7 digits, e.g. 177 or 177-0045"))
        }
    }
}

impl TryFrom<String> for PostalCode {
    type Error = ParseError;
    fn try_from(s: String) -> Result<Self, ParseError> {
        s.parse()
    }
}

impl From<PostalCode> for String {
    fn from(x: PostalCode) -> String {
        x.0
    }
}

/// A value at the door that does not parse. Maps to exit code 4 (bad input).
///
/// The value itself stays out of both messages (it may be a mother's name or card): the clerk sees
/// what she typed in the field, and a log never does.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} is not valid: expected {expected}")]
pub struct ParseError {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl ParseError {
    pub fn new(what: &'static str, value: &str, expected: &'static str) -> ParseError {
        // Bounded: a pasted megabyte must not end up anywhere.
        let value: String = value.chars().take(40).collect();
        ParseError { what, value, expected }
    }

    /// A whole Japanese sentence for the desk: the field's name and how to write it.
    pub fn message_ja(&self) -> String {
        match FIELDS_JA.iter().find(|(what, _, _)| *what == self.what) {
            Some((_, name, how)) => format!("{name}が正しくありません。{how}"),
            None => "入力された値が正しくありません。入力し直してください。".to_string(),
        }
    }
}

/// Every `what` a parser names, in the desk's words: (what, the field, how to write it).
/// `error::tests` checks that every `ParseError::new` in the workspace has its line here.
pub const FIELDS_JA: &[(&str, &str, &str)] = &[
    ("staff_name", "職員の名前", "1文字から50文字までで入力してください。"),
    ("staff_role", "職員の役割", "「reception」(受付)、「midwife」(助産師)、「admin」(管理者)、「ward」(母子保健係)のいずれかで指定してください。"),
    ("booking", "予約番号", "施設ID-番号(例: tsumugi-5)の形で入力してください。"),
    ("referral", "連絡票の番号", "施設ID-r番号(例: tsumugi-r12)の形で入力してください。"),
    ("scores", "質問票の点数", "10項目の点数を、質問票の順に0〜3でカンマ区切りで入力してください(例: 0,1,0,2,0,0,1,0,0,0)。"),
    ("number", "数値", "半角か全角の数字で入力してください(例: 36.8)。"),
    ("care", "ケアの内容", "「breast-care」乳房ケア・「feeding」授乳相談・「parenting」育児相談・「baby-check」児の健康チェック・「bathing」沐浴・「bathing-practice」沐浴指導・「formula」ミルクから、カンマ区切りで指定してください。"),
    ("blood pressure", "血圧", "最高/最低 の形で入力してください(例: 120/80)。"),
    ("feed", "授乳の記録", "時刻,種類,量 の形で入力してください(例: 09:30,formula,60。種類は「breast」直接授乳・「expressed」搾乳・「formula」ミルク)。"),
    ("urgency", "緊急度", "「normal」(通常)か「urgent」(至急)で指定してください。"),
    ("referral status", "対応状況", "「received」(受理)、「in-progress」(対応中)、「done」(対応済み)のいずれかで指定してください。"),
    ("service", "サービス", "short-stay(宿泊)、day-care(日帰り)、home-visit(訪問)のいずれかで指定してください。"),
    ("services", "サービス", "short-stay(宿泊)、day-care(日帰り)、home-visit(訪問)から1つ以上指定してください。"),
    ("household", "世帯の区分", "standard(一般)、non-taxable(住民税非課税)、welfare(生活保護)のいずれかで指定してください。"),
    ("card", "利用者カード番号", "英数字とハイフン(-)の32文字までで入力してください(全角でも入力できます)。"),
    ("approval number", "承認番号", "英数字とハイフン(-)の32文字までで入力してください(全角でも入力できます)。"),
    ("facility", "施設", "施設の番号(英小文字・数字・ハイフン)で指定してください。"),
    ("name", "氏名", "1〜100文字で入力してください。"),
    ("postal code", "郵便番号", "3けたか7けたの数字で入力してください(例: 〒177-0045、1770045、177)。"),
    ("date", "日付", "実在する日付を 2026-12-01、2026年12月1日、令和8年12月1日、R8.12.1 のように入力してください。"),
    ("month", "月", "2026-12 のように年と月で入力してください。"),
    ("fiscal year", "年度", "2026 のように、4月に始まる年を西暦4けたで入力してください(2000〜2099)。"),
    ("figure", "集計の項目", "実績の表にある項目を選んでください。"),
    ("units", "日数・回数", "1以上の整数で入力してください。"),
    ("journal_from", "記録の番号", "1以上の整数で入力してください。"),
    ("days", "日数", "1以上の整数で入力してください。"),
    ("babies", "子どもの人数", "1〜5人で入力してください。"),
    ("count", "数", "0以上の整数で入力してください。"),
    ("yen", "金額", "円単位の整数で入力してください(例: 1,000円、¥1000)。"),
    ("capacity", "定員", "short-stay=2,day-care=4 のように、サービスごとに0〜1000で指定してください。"),
    ("closed days", "休業日", "sun,holidays,2026-12-31 のように曜日・祝日・日付で指定し、営業する曜日を1つ以上残してください。"),
    ("epoch", "復元の世代", "16進数8けたで指定してください。"),
    ("--now", "現在時刻の指定", "2026-12-04T09:00:00+09:00 の形で指定してください。"),
];

/// What a desk typed, made comparable: NFKC (full-width letters, digits and spaces to half-width,
/// half-width kana to full-width), surrounding spaces off and inner runs of spaces as one.
/// Used for values whose spaces and dashes are part of them (names); see [`normalise_token`].
pub fn normalise(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The dashes an input method or a word processor types for `-` (NFKC keeps most of them):
/// the prolonged sound mark ー (what the IME makes of `-` in kana mode), hyphens, en/em dash,
/// horizontal bar, minus sign, and the small and full-width forms.
const DASHES: [char; 11] = [
    '\u{30FC}', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}', '\u{FE63}',
    '\u{FF0D}', '\u{2043}',
];

/// Whether `c` is one of the [`DASHES`] people type for `-`.
pub fn is_dash(c: char) -> bool {
    DASHES.contains(&c)
}

/// [`normalise`] for numbers and codes (cards, approvals, postal codes, dates, counts): also every
/// dash of [`DASHES`] to `-` and no spaces at all, since none of them holds one.
/// Normalising twice changes nothing (`tests::normalising_twice_changes_nothing`).
pub fn normalise_token(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let step = |t: &str| -> String {
        t.nfkc().filter(|c| !c.is_whitespace()).map(|c| if DASHES.contains(&c) { '-' } else { c }).collect()
    };
    // Taking a space out can let NFKC compose what it separated (`e ́` → `é`): until it holds.
    let mut t = step(s);
    loop {
        let next = step(&t);
        if next == t {
            return t;
        }
        t = next;
    }
}

/// A calendar month (`2026-12`): a month's claims, its close, its calendar, its 実施報告書. Read once
/// at the door as desks write it (`2026-12`, `2026/12`, `2026年12月`, `令和8年12月`, `R8.12`, any
/// width), so no month is parsed again inside the core.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    first: chrono::NaiveDate,
}

impl YearMonth {
    pub fn of(date: chrono::NaiveDate) -> YearMonth {
        YearMonth { first: chrono::Datelike::with_day(&date, 1).expect("every month has a first day") }
    }

    /// Its first day.
    pub fn first_day(self) -> chrono::NaiveDate {
        self.first
    }

    /// The month after it.
    pub fn next(self) -> YearMonth {
        YearMonth { first: self.first + chrono::Months::new(1) }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first.format("%Y-%m"))
    }
}

impl FromStr for YearMonth {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<YearMonth, ParseError> {
        let bad = || ParseError::new("month", s, "YYYY-MM");
        let t = normalise_token(s);
        // The month's first day, written the way the month was: 2026-12 → 2026-12-01, 令和8年12月 → 令和8年12月1日.
        let day = if t.ends_with('月') {
            format!("{t}1日")
        } else {
            let sep = t.chars().find(|c| matches!(c, '-' | '/' | '.')).ok_or_else(bad)?;
            format!("{t}{sep}01")
        };
        parse_date(&day).map(YearMonth::of).map_err(|_| bad())
    }
}

/// Parses a date as desks write it: `2026-12-01` (also `2026/12/1`, `2026.12.1`, `2026年12月1日`),
/// or in the era (和暦) `令和8年12月1日`, `令和元年5月1日`, `R8.12.1`, `R8/12/1`, `H31-4-30`, in any
/// width. A date that does not exist (2026-02-30, 平成32年1月1日) or a two-digit year is refused.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, ParseError> {
    let t = normalise_token(s).to_ascii_uppercase();
    let bad = || ParseError::new("date", s, "a real date as YYYY-MM-DD or 令和8年12月1日");
    if t.len() > 40 {
        return Err(bad());
    }
    let (era, rest) = match crate::calendar::ERAS
        .iter()
        .find_map(|e| [e.name, e.letter].into_iter().find_map(|p| t.strip_prefix(p)).map(|rest| (Some(e), rest)))
    {
        Some(found) => found,
        None => (None, t.as_str()),
    };
    let parts: Vec<&str> = if let Some(ymd) = rest.strip_suffix('日') {
        let (y, md) = ymd.split_once('年').ok_or_else(bad)?;
        let (m, d) = md.split_once('月').ok_or_else(bad)?;
        vec![y, m, d]
    } else {
        let sep = rest.chars().find(|c| !c.is_ascii_digit() && *c != '元').ok_or_else(bad)?;
        if !matches!(sep, '-' | '/' | '.') {
            return Err(bad());
        }
        rest.split(sep).collect()
    };
    let [y, m, d] = parts[..] else { return Err(bad()) };
    let number = |p: &str, max_len: usize| -> Option<u32> {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok()).flatten()
    };
    let (m, d) = (number(m, 2).ok_or_else(bad)?, number(d, 2).ok_or_else(bad)?);
    let date = match era {
        None if y.len() == 4 => chrono::NaiveDate::from_ymd_opt(number(y, 4).ok_or_else(bad)? as i32, m, d),
        None => None,
        Some(era) => {
            let year = if y == "元" { 1 } else { number(y, 2).ok_or_else(bad)? };
            era.date(year, m, d)
        }
    };
    date.ok_or_else(bad)
}

/// A count as typed (`３`, ` 12 `, `3日`, `2回`, `1人`): a whole number in `min..=max`.
pub fn parse_count(s: &str, what: &'static str, min: u32, max: u32) -> Result<u32, ParseError> {
    let t = normalise_token(s);
    let t = t.trim_end_matches(['日', '回', '泊', '人', '名', '件']);
    t.parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n) && t.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| ParseError::new(what, s, "a whole number in range"))
}

/// Whole yen as typed (`１，０００円`, `¥1,000`, `1000`): no sign, no fraction.
pub fn parse_yen(s: &str) -> Result<Yen, ParseError> {
    let t = normalise_token(s);
    let t = t.strip_prefix(['¥', '\\']).unwrap_or(&t);
    let t = t.strip_suffix('円').unwrap_or(t);
    let bad = || ParseError::new("yen", s, "whole yen, e.g. 1,000");
    // Thousands separators only where they belong: 1,000 and 12,345,678, not 1,00.
    let digits = match t.split(',').collect::<Vec<_>>()[..] {
        [one] => one.to_string(),
        [first, ref rest @ ..] if (1..=3).contains(&first.len()) && rest.iter().all(|g| g.len() == 3) => {
            t.replace(',', "")
        }
        _ => return Err(bad()),
    };
    if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    digits.parse::<Yen>().map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_round_trip_through_their_cli_spelling() {
        for s in Service::ALL {
            assert_eq!(s.code().parse::<Service>().unwrap(), s);
            assert_eq!(serde_json::to_string(&s).unwrap(), format!("\"{}\"", s.code()));
        }
        assert!("shortstay".parse::<Service>().is_err());
    }

    #[test]
    fn households_round_trip_through_their_cli_spelling() {
        for h in Household::ALL {
            assert_eq!(h.code().parse::<Household>().unwrap(), h);
        }
        assert!("rich".parse::<Household>().is_err());
    }

    #[test]
    fn card_numbers_refuse_empty_and_odd_characters() {
        assert_eq!("  C-001 ".parse::<CardNumber>().unwrap().as_str(), "C-001");
        assert!("".parse::<CardNumber>().is_err());
        assert!("a b".parse::<CardNumber>().is_err());
        assert!("C　100".parse::<CardNumber>().is_err(), "a full-width space inside is refused too");
        assert!("x".repeat(33).parse::<CardNumber>().is_err());
        assert!(serde_json::from_str::<CardNumber>("\"\"").is_err());
    }

    #[test]
    fn postal_codes_keep_their_district() {
        let p: PostalCode = "〒177-0045".parse().unwrap();
        assert_eq!(p.district(), "177");
        assert_eq!(p.full(), Some("1770045"));
        assert_eq!(p.formatted(), "177-0045");
        assert_eq!("178".parse::<PostalCode>().unwrap().formatted(), "178");
        assert_eq!("178".parse::<PostalCode>().unwrap().full(), None);
        assert!("17".parse::<PostalCode>().is_err());
        assert!("abc".parse::<PostalCode>().is_err());
    }

    #[test]
    fn referral_ids_print_as_they_parse_and_are_never_a_booking_id() {
        for s in ["tsumugi-r5", "seibo-nishi-r123", "tsumugi-r5~1a2b3c4d"] {
            let id: ReferralId = s.parse().unwrap();
            assert_eq!(id.to_string(), s);
            assert!(s.parse::<BookingId>().is_err(), "{s}");
        }
        let id: ReferralId = "seibo-nishi-r7".parse().unwrap();
        assert_eq!((id.facility().as_str(), id.0.seq), ("seibo-nishi", 7));
        for bad in ["tsumugi-5", "tsumugi-r", "tsumugi-r05", "-r5", "tsumugi-r5~zz"] {
            assert!(bad.parse::<ReferralId>().is_err(), "{bad}");
        }
    }

    #[test]
    fn booking_ids_print_as_they_parse() {
        for s in ["tsumugi-5", "pao-42", "seibo-nishi-123", "pao-0"] {
            let id: BookingId = s.parse().unwrap();
            assert_eq!(id.to_string(), s);
            assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{s}\""));
        }
        let id: BookingId = "seibo-nishi-7".parse().unwrap();
        assert_eq!((id.facility.as_str(), id.seq), ("seibo-nishi", 7));
        for bad in
            ["tsumugi", "tsumugi-", "-5", "tsumugi-05", "tsumugi-5a", "tsumugi-+5", "tsumugi-99999999999999999999999"]
        {
            assert!(bad.parse::<BookingId>().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<BookingId>("\"pao-007\"").is_err());
        // Typed as a desk types it (issue 23): the facility part is read as facility ids are.
        assert_eq!("Tsumugi-5".parse::<BookingId>().unwrap().to_string(), "tsumugi-5");
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("26-02-01").is_err());
        assert!(parse_date("2026-2").is_err());
        assert!(parse_date("2026-02-01-01").is_err());
        assert!(parse_date("2026/02-01").is_err(), "one separator throughout");
        assert_eq!(parse_date("2028-02-29").unwrap().to_string(), "2028-02-29");
    }

    /// What desks type (full-width with the IME on, half-width, mixed, kana dash, lower case, 〒,
    /// 和暦) → what each parser makes of it.
    #[test]
    fn what_desks_type_parses_to_one_value() {
        for (typed, want) in [
            ("C-100", "C-100"),
            ("Ｃ－１００", "C-100"),
            ("Ｃ-100", "C-100"),
            ("c-100", "C-100"),
            ("ｃ－１００", "C-100"),
            ("Cー100", "C-100"),
            ("C‐100", "C-100"),
            ("C–100", "C-100"),
            ("C—100", "C-100"),
            ("C―100", "C-100"),
            ("C−100", "C-100"),
            ("　Ｃ－１００　", "C-100"),
            (" C-100\n", "C-100"),
            ("00012345", "00012345"),
        ] {
            assert_eq!(typed.parse::<CardNumber>().map(|c| c.to_string()), Ok(want.to_string()), "card {typed:?}");
        }
        for (typed, want) in [("R8-0042", "R8-0042"), ("ｒ８－００４２", "R8-0042"), ("r8ー0042", "R8-0042")] {
            assert_eq!(typed.parse::<ApprovalNumber>().unwrap().as_str(), want, "approval {typed:?}");
        }
        for (typed, want) in [
            ("177-0045", "1770045"),
            ("〒177-0045", "1770045"),
            ("〒１７７－００４５", "1770045"),
            ("１７７ー００４５", "1770045"),
            ("〒 177 0045", "1770045"),
            ("1770045", "1770045"),
            ("〶177-0045", "1770045"),
            ("１７７", "177"),
        ] {
            assert_eq!(typed.parse::<PostalCode>().unwrap().digits(), want, "postal {typed:?}");
        }
        let d = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (typed, want) in [
            ("2026-12-01", d(2026, 12, 1)),
            ("２０２６－１２－０１", d(2026, 12, 1)),
            ("2026/12/1", d(2026, 12, 1)),
            ("2026.12.01", d(2026, 12, 1)),
            ("2026年12月1日", d(2026, 12, 1)),
            ("２０２６年１２月１日", d(2026, 12, 1)),
            ("令和8年12月1日", d(2026, 12, 1)),
            ("令和８年１２月１日", d(2026, 12, 1)),
            ("令和 8年 12月 1日", d(2026, 12, 1)),
            ("R8.12.1", d(2026, 12, 1)),
            ("r8.12.1", d(2026, 12, 1)),
            ("R8/12/1", d(2026, 12, 1)),
            ("Ｒ８．１２．１", d(2026, 12, 1)),
            ("Ｒ８／１２／１", d(2026, 12, 1)),
            ("R08-12-01", d(2026, 12, 1)),
            ("㋿8年12月1日", d(2026, 12, 1)),
            ("令和元年5月1日", d(2019, 5, 1)),
            ("平成31年4月30日", d(2019, 4, 30)),
            ("H31.4.30", d(2019, 4, 30)),
            ("S64.1.7", d(1989, 1, 7)),
        ] {
            assert_eq!(parse_date(typed), Ok(want), "date {typed:?}");
        }
        for typed in [
            "平成31年5月1日",
            "令和元年4月30日",
            "R0.1.1",
            "R8.2.30",
            "R123.1.1",
            "令和8年12月",
            "X8.12.1",
            "8.12.1",
            "元.1.1",
            "2026年12月1",
            "R8.12.1日",
        ] {
            assert!(parse_date(typed).is_err(), "date {typed:?} should be refused");
        }
        for (typed, want) in [("3", 3), ("３", 3), (" 12 ", 12), ("１２日", 12), ("2回", 2), ("1人", 1)] {
            assert_eq!(parse_count(typed, "units", 1, 366), Ok(want), "count {typed:?}");
        }
        for typed in ["0", "367", "-1", "1.5", "", "三", "1e2", "+3"] {
            assert!(parse_count(typed, "units", 1, 366).is_err(), "count {typed:?}");
        }
        for (typed, want) in [
            ("1000", 1000),
            ("１，０００円", 1000),
            ("¥1,000", 1000),
            ("￥１０００", 1000),
            ("12,345,678円", 12345678),
            ("0", 0),
        ] {
            assert_eq!(parse_yen(typed), Ok(Yen::from(want)), "yen {typed:?}");
        }
        for typed in ["1,00", "-1000", "1000.5", "", "円", "1,0000", ",100", "一千円"] {
            assert!(parse_yen(typed).is_err(), "yen {typed:?}");
        }
        for (typed, want) in [
            ("short-stay", Service::ShortStay),
            ("ｓｈｏｒｔ－ｓｔａｙ", Service::ShortStay),
            ("Day-Care", Service::DayCare),
            ("home‐visit", Service::HomeVisit),
        ] {
            assert_eq!(typed.parse::<Service>(), Ok(want), "service {typed:?}");
        }
        assert_eq!("ｎｏｎ－ｔａｘａｂｌｅ".parse::<Household>(), Ok(Household::NonTaxable));
        assert_eq!("ＴＳＵＭＵＧＩ".parse::<FacilityId>().unwrap().as_str(), "tsumugi");
        for (typed, want) in [
            ("練馬　花子", "練馬 花子"),
            ("ﾈﾘﾏ ﾊﾅｺ", "ネリマ ハナコ"),
            ("  ルーシー  ", "ルーシー"),
            ("Ｍａｒｉａ  Ｓｉｌｖａ", "Maria Silva"),
        ] {
            assert_eq!(typed.parse::<PersonName>().unwrap().as_str(), want, "name {typed:?}");
        }
    }

    #[test]
    fn refusals_say_in_japanese_what_to_type_without_the_value() {
        let e = "Ｃ＿１００".parse::<CardNumber>().unwrap_err();
        assert_eq!(e.message_ja(), "利用者カード番号が正しくありません。英数字とハイフン(-)の32文字までで入力してください(全角でも入力できます)。");
        assert!(!e.to_string().contains('１'), "the value stays out: {e}");
        let name = "練馬\u{7}花子".parse::<PersonName>().unwrap_err();
        assert!(!name.message_ja().contains("花子") && !name.to_string().contains("花子"));
        assert_eq!(
            ParseError::new("something new", "x", "y").message_ja(),
            "入力された値が正しくありません。入力し直してください。"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Normalising twice changes nothing, for anything typed: so a value parsed, printed and
        /// typed again (or read back from the journal) is the same value.
        #[test]
        fn normalising_twice_changes_nothing(s in "\\PC{0,24}", wide in "[Ａ-Ｚａ-ｚ０-９－ー　 ‐–—―〒ｰ﹣−ﾞﾟｶﾊ\u{301}\u{3099}e]{0,24}") {
            for t in [&s, &wide] {
                proptest::prop_assert_eq!(normalise(&normalise(t)), normalise(t));
                proptest::prop_assert_eq!(normalise_token(&normalise_token(t)), normalise_token(t));
                if let Ok(c) = t.parse::<CardNumber>() {
                    proptest::prop_assert_eq!(c.as_str().parse::<CardNumber>().unwrap(), c);
                }
                if let Ok(n) = t.parse::<PersonName>() {
                    proptest::prop_assert_eq!(n.as_str().parse::<PersonName>().unwrap(), n);
                }
                if let Ok(p) = t.parse::<PostalCode>() {
                    proptest::prop_assert_eq!(p.formatted().parse::<PostalCode>().unwrap(), p);
                }
            }
        }

        /// Every date reads back from its ISO and its era spelling, full-width too.
        #[test]
        fn every_date_reads_back_from_how_it_is_printed(days in 0u32..60_000) {
            let date = chrono::NaiveDate::from_ymd_opt(1927, 1, 1).unwrap() + chrono::Days::new(u64::from(days));
            let wide: String = crate::calendar::wareki(date).chars().map(|c| if c.is_ascii_digit() { char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap() } else { c }).collect();
            proptest::prop_assert_eq!(parse_date(&date.to_string()), Ok(date));
            proptest::prop_assert_eq!(parse_date(&crate::calendar::wareki(date)), Ok(date));
            proptest::prop_assert_eq!(parse_date(&wide), Ok(date));
        }
    }

    #[test]
    fn names_refuse_empty_and_control_characters() {
        assert!("".parse::<PersonName>().is_err());
        assert!("   ".parse::<PersonName>().is_err());
        assert!("a\u{7}b".parse::<PersonName>().is_err());
        assert_eq!(" 練馬 花子 ".parse::<PersonName>().unwrap().as_str(), "練馬 花子");
    }

    #[test]
    fn a_month_is_read_as_desks_write_it_and_one_that_does_not_exist_is_refused() {
        for s in ["2026-12", "2026/12", "２０２６－１２", "2026年12月", "令和8年12月", "R8.12", " 2026-12 "]
        {
            assert_eq!(s.parse::<YearMonth>().map(|m| m.to_string()), Ok("2026-12".to_string()), "{s}");
        }
        for s in ["2026-13", "2026-00", "2026", "12", "2026-12-01", "", "令和8年13月", "26-12"] {
            assert!(s.parse::<YearMonth>().is_err(), "{s}");
        }
        let dec: YearMonth = "2026-12".parse().unwrap();
        assert_eq!(
            (dec.next().to_string(), dec.first_day().to_string()),
            ("2027-01".to_string(), "2026-12-01".to_string())
        );
    }
}

/// The unit an age limit counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum AgeUnit {
    Months,
    Weeks,
    /// Days after the birth (板橋区: 産後120日以内); the birth day is day 0.
    Days,
}

/// Whether the limit's number itself is allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum AgeBound {
    /// 「N か月未満」: completed units < N.
    Under,
    /// 「N か月まで」: completed units ≤ N.
    Through,
}

/// An age limit on the baby for every day of a use, e.g. 生後2か月未満 or 生後6週まで.
///
/// `soft` limits (the program's 「概ね生後4か月まで」) may be passed with a recorded reason;
/// hard ones never. The check itself lives in `calendar::age`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgeLimit {
    pub unit: AgeUnit,
    pub n: u32,
    pub bound: AgeBound,
    #[serde(default)]
    pub soft: bool,
}
