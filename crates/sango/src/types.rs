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
            .find(|x| x.code() == s.trim())
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
            .find(|x| x.code() == s.trim())
            .ok_or_else(|| ParseError::new("household", s, "standard, non-taxable or welfare"))
    }
}

/// Defines a validated string newtype: trimmed, non-empty, bounded, of allowed characters.
macro_rules! token_type {
    ($(#[$doc:meta])* $name:ident, $what:literal, $max:literal, $allowed:expr, $hint:literal) => {
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
                let t = s.trim();
                let allowed: fn(char) -> bool = $allowed;
                if t.is_empty() || t.chars().count() > $max || !t.chars().all(allowed) {
                    return Err(ParseError::new($what, s, $hint));
                }
                Ok($name(t.to_string()))
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
    CardNumber,
    "card",
    32,
    |c| c.is_ascii_alphanumeric() || c == '-',
    "letters, digits and '-', at most 32"
);

token_type!(
    /// The number on the approval notice (利用承認番号).
    ApprovalNumber,
    "approval number",
    32,
    |c| c.is_ascii_alphanumeric() || c == '-',
    "letters, digits and '-', at most 32"
);

token_type!(
    /// A facility's stable id in the directory, e.g. `tsumugi`.
    FacilityId,
    "facility",
    64,
    |c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-',
    "lower-case letters, digits and '-'"
);

/// A booking's id: the facility that made it and the journal sequence of its booking entry,
/// written `<facility>-<seq>` (`tsumugi-5`), the spelling the journal, the CLI and the window
/// have always used. Only the facility in the id may speak for the booking (sync ownership).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(try_from = "String", into = "String")]
#[ts(export, type = "string")]
pub struct BookingId {
    pub facility: FacilityId,
    pub seq: u64,
}

impl BookingId {
    pub fn new(facility: FacilityId, seq: u64) -> BookingId {
        BookingId { facility, seq }
    }
}

impl FromStr for BookingId {
    type Err = ParseError;
    /// Strict: the facility is everything before the last `-` (facility ids hold `-` too), the
    /// sequence decimal without leading zeros, so that printing a parsed id gives it back.
    fn from_str(s: &str) -> Result<Self, ParseError> {
        let bad = || ParseError::new("booking", s, "<facility>-<number>, e.g. tsumugi-5");
        let (facility, seq) = s.trim().rsplit_once('-').ok_or_else(bad)?;
        let canonical = !seq.is_empty() && seq.len() <= 20 && seq.chars().all(|c| c.is_ascii_digit()) && (seq == "0" || !seq.starts_with('0'));
        if !canonical || facility.trim() != facility {
            return Err(bad());
        }
        Ok(BookingId { facility: facility.parse().map_err(|_| bad())?, seq: seq.parse().map_err(|_| bad())? })
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
        write!(f, "{}-{}", self.facility, self.seq)
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
        let t = s.trim();
        if t.is_empty() || t.chars().count() > 100 || t.chars().any(char::is_control) {
            return Err(ParseError::new("name", s, "a name of 1 to 100 characters"));
        }
        Ok(PersonName(t.to_string()))
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
        let digits: String = s.trim().trim_start_matches('〒').chars().filter(|c| *c != '-').collect();
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
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {value:?} is not valid: expected {expected}")]
pub struct ParseError {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl ParseError {
    pub fn new(what: &'static str, value: &str, expected: &'static str) -> ParseError {
        // Bounded: a pasted megabyte must not end up in an error message.
        let value: String = value.chars().take(40).collect();
        ParseError { what, value, expected }
    }
}

/// Parses `YYYY-MM-DD` strictly (no 2026-02-30, no two-digit years).
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, ParseError> {
    let t = s.trim();
    if t.len() != 10 {
        return Err(ParseError::new("date", s, "YYYY-MM-DD"));
    }
    chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| ParseError::new("date", s, "a real date as YYYY-MM-DD"))
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
    fn booking_ids_print_as_they_parse() {
        for s in ["tsumugi-5", "pao-42", "seibo-nishi-123", "pao-0"] {
            let id: BookingId = s.parse().unwrap();
            assert_eq!(id.to_string(), s);
            assert_eq!(serde_json::to_string(&id).unwrap(), format!("\"{s}\""));
        }
        let id: BookingId = "seibo-nishi-7".parse().unwrap();
        assert_eq!((id.facility.as_str(), id.seq), ("seibo-nishi", 7));
        for bad in ["tsumugi", "tsumugi-", "-5", "tsumugi-05", "tsumugi-5a", "Tsumugi-5", "tsumugi-+5", "tsumugi-99999999999999999999999"] {
            assert!(bad.parse::<BookingId>().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<BookingId>("\"pao-007\"").is_err());
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2026-02-30").is_err());
        assert!(parse_date("26-02-01").is_err());
        assert!(parse_date("2026-2-1").is_err());
        assert_eq!(parse_date("2028-02-29").unwrap().to_string(), "2028-02-29");
    }

    #[test]
    fn names_refuse_empty_and_control_characters() {
        assert!("".parse::<PersonName>().is_err());
        assert!("   ".parse::<PersonName>().is_err());
        assert!("a\u{7}b".parse::<PersonName>().is_err());
        assert_eq!(" 練馬 花子 ".parse::<PersonName>().unwrap().as_str(), "練馬 花子");
    }
}

/// The unit an age limit counts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum AgeUnit {
    Months,
    Weeks,
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
