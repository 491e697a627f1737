//! The ward-signed code printed on the approval notice (利用承認通知書), checked offline at any facility.
//!
//! # Text, version 1
//! `SG1:` followed by base45 (RFC 9285) of the bytes below. Every character is in the QR code's
//! alphanumeric set (`0-9 A-Z space $ % * + - . / :`), so a code stays small at print size.
//! ```text
//! u8       version = 1 (signed: must agree with the prefix)
//! 8 bytes  ward key id (the card the facility installed at `init`)
//! u16 BE   issue date, days since 2020-01-01
//! u8       services: bit 0 short-stay, bit 1 day-care, bit 2 home-visit
//! u8       fee band: 0 standard, 1 reduced
//! u16 BE   postal district, 0..=999 (the first three digits of the postal code)
//! u8 + n   card number (ASCII)
//! u8 + n   approval number (ASCII)
//! 64 bytes ed25519 signature by the ward over "sango-notice/1\0" ‖ everything above
//! ```
//! With a 10-character card and approval number the text is 156 characters.
//!
//! # What the code reveals
//! Only what a facility needs: the card and approval numbers, the services, the postal district (for
//! visit areas) and what to charge. The household category is *not* in it: 住民税非課税 and 生活保護 are
//! both sensitive and both get the same reduction (the user share is waived, `program-rules.md`), so
//! the code carries a fee band, `standard` or `reduced`, never which of the two. Should the ward one day
//! price the two apart, a new band value is added (a band still names a fee, not a household).
//! No name, no address, no date of birth: the paper around the code carries those for the mother.
//!
//! # Refusals
//! Text that does not start with `SG<digits>:` is not ours (exit 4), nor is a version we do not know.
//! Anything after our prefix is authenticated: a changed, cut or extended code is altered (exit 5),
//! and one signed by another ward's key is foreign (exit 5).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use ed25519_dalek::Signature;
use serde::{Deserialize, Serialize};

use super::identity::{Identity, Role, WardCard};
use crate::types::{ApprovalNumber, CardNumber, Household, PostalCode, Service};

const PREFIX: &str = "SG";
const VERSION: u8 = 1;
const SIGNATURE_CONTEXT: &[u8] = b"sango-notice/1\0";
const FIXED_LEN: usize = 1 + 8 + 2 + 1 + 1 + 2;
const SIGNATURE_LEN: usize = 64;
/// Codes longer than this are not ours; keeps a pasted megabyte away from base45.
const TEXT_LEN_MAX: usize = 512;

/// What the facility charges: the fee band of the mother's household, without saying which household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FeeBand {
    /// The program's user share (一般).
    Standard,
    /// The reduced user share (減免) of non-taxable and welfare households alike.
    Reduced,
}

impl FeeBand {
    pub fn from_household(household: Household) -> FeeBand {
        match household {
            Household::Standard => FeeBand::Standard,
            Household::NonTaxable | Household::Welfare => FeeBand::Reduced,
        }
    }

    /// The household to price a use by at a facility that knows only the band. Both reduced
    /// households share one reduction in the program data; `non-taxable` stands for both.
    pub fn pricing_household(self) -> Household {
        match self {
            FeeBand::Standard => Household::Standard,
            FeeBand::Reduced => Household::NonTaxable,
        }
    }

    fn byte(self) -> u8 {
        match self {
            FeeBand::Standard => 0,
            FeeBand::Reduced => 1,
        }
    }

    fn from_byte(b: u8) -> Option<FeeBand> {
        match b {
            0 => Some(FeeBand::Standard),
            1 => Some(FeeBand::Reduced),
            _ => None,
        }
    }
}

/// What an approval notice's code says, once verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeData {
    pub card: CardNumber,
    pub approval: ApprovalNumber,
    /// The services approved (○ on the notice).
    pub services: BTreeSet<Service>,
    pub fee_band: FeeBand,
    /// The postal district only: a 3-digit [`PostalCode`]; a 7-digit one is cut to its district.
    pub postal_district: PostalCode,
    pub issued_on: NaiveDate,
}

/// Why a code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    #[error("this code is not a Sango approval notice")]
    NotOurs,
    #[error(
        "this approval notice code has version {0}, which this version of Sango does not know"
    )]
    UnknownVersion(String),
    #[error("this approval notice code was altered or is incomplete")]
    Altered,
    #[error("this approval notice code was signed by another ward")]
    Foreign,
    #[error("this approval notice code is signed but does not make sense: {0}")]
    Invalid(&'static str),
    #[error("cannot make this code: {0}")]
    Encode(&'static str),
}

impl NoticeError {
    /// The CLI exit code: 4 not ours (or unknown version), 5 altered or foreign.
    pub fn exit_code(&self) -> i32 {
        match self {
            NoticeError::NotOurs | NoticeError::UnknownVersion(_) | NoticeError::Invalid(_) => 4,
            NoticeError::Altered | NoticeError::Foreign => 5,
            NoticeError::Encode(_) => 1,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            NoticeError::NotOurs => "not_ours",
            NoticeError::UnknownVersion(_) => "unknown_version",
            NoticeError::Altered => "notice_altered",
            NoticeError::Foreign => "foreign_ward",
            NoticeError::Invalid(_) => "notice_invalid",
            NoticeError::Encode(_) => "encode_failed",
        }
    }

    /// A sentence for the desk (受付), not a code.
    pub fn message_ja(&self) -> &'static str {
        match self {
            NoticeError::NotOurs | NoticeError::Invalid(_) => {
                "読み取ったコードは産後ケアの利用承認通知書のものではありません。通知書のコードをもう一度読み取ってください。"
            }
            NoticeError::UnknownVersion(_) => {
                "この通知書のコードは新しい形式です。台帳を最新の版に更新してから読み取ってください。"
            }
            NoticeError::Altered => {
                "コードが途中で切れているか、書き換えられています。通知書を読み取り直し、だめなら区に電話で確認してください。"
            }
            NoticeError::Foreign => "このコードは練馬区が発行したものではありません。区に電話で確認してください。",
            NoticeError::Encode(_) => "通知書のコードを作れませんでした。",
        }
    }
}

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(2020, 1, 1) {
    Some(d) => d,
    None => panic!("2020-01-01 is a date"),
};

/// The text of the code for a notice, signed by the ward.
///
/// # Errors
/// [`NoticeError::Encode`] when `ward` is not the ward's identity or the date is outside 2020–2199.
pub fn encode_notice(data: &NoticeData, ward: &Identity) -> Result<String, NoticeError> {
    if *ward.role() != Role::Ward {
        return Err(NoticeError::Encode("only the ward signs approval notices"));
    }
    let days = (data.issued_on - EPOCH).num_days();
    let days =
        u16::try_from(days).map_err(|_| NoticeError::Encode("issue date outside 2020–2199"))?;
    let district: u16 = data
        .postal_district
        .district()
        .parse()
        .expect("a postal code's district is 3 digits");
    let services = data
        .services
        .iter()
        .fold(0u8, |acc, s| acc | service_bit(*s));

    let mut bytes = Vec::with_capacity(FIXED_LEN + 66 + SIGNATURE_LEN);
    bytes.push(VERSION);
    bytes.extend(ward.key_id().as_bytes());
    bytes.extend(days.to_be_bytes());
    bytes.push(services);
    bytes.push(data.fee_band.byte());
    bytes.extend(district.to_be_bytes());
    for field in [data.card.as_str(), data.approval.as_str()] {
        // Both types allow at most 32 ASCII characters.
        bytes.push(field.len() as u8);
        bytes.extend(field.as_bytes());
    }
    let signature = ward.sign(&signed_bytes(&bytes));
    bytes.extend(signature.to_bytes());
    Ok(format!("{PREFIX}{VERSION}:{}", base45::encode(&bytes)))
}

/// Verifies a scanned code against the ward card installed at `init`.
///
/// Surrounding whitespace (a scanner's Enter) is ignored.
///
/// # Errors
/// See [`NoticeError`]; [`NoticeError::exit_code`] gives the CLI's code.
pub fn decode_notice(text: &str, ward: &WardCard) -> Result<NoticeData, NoticeError> {
    let text = text.trim();
    if text.len() > TEXT_LEN_MAX {
        return Err(NoticeError::NotOurs);
    }
    let rest = text.strip_prefix(PREFIX).ok_or(NoticeError::NotOurs)?;
    let (version, body) = rest.split_once(':').ok_or(NoticeError::NotOurs)?;
    if version.is_empty() || version.len() > 3 || !version.bytes().all(|b| b.is_ascii_digit()) {
        return Err(NoticeError::NotOurs);
    }
    if version != VERSION.to_string() {
        return Err(NoticeError::UnknownVersion(version.to_string()));
    }
    // From here on the text claims to be ours: whatever is wrong with it is damage or forgery.
    let bytes = base45::decode(body).map_err(|_| NoticeError::Altered)?;
    if bytes.len() < FIXED_LEN + 2 + SIGNATURE_LEN {
        return Err(NoticeError::Altered);
    }
    let (message, signature) = bytes.split_at(bytes.len() - SIGNATURE_LEN);
    let signature = Signature::from_bytes(signature.try_into().expect("split at 64 from the end"));
    if message[0] != VERSION {
        return Err(NoticeError::Altered);
    }
    if message[1..9] != ward.key_id().as_bytes()[..] {
        return Err(NoticeError::Foreign);
    }
    ward.public_key()
        .verify_strict(&signed_bytes(message), &signature)
        .map_err(|_| NoticeError::Altered)?;
    parse_fields(message)
}

fn signed_bytes(message: &[u8]) -> Vec<u8> {
    let mut out = SIGNATURE_CONTEXT.to_vec();
    out.extend(message);
    out
}

fn service_bit(s: Service) -> u8 {
    match s {
        Service::ShortStay => 1,
        Service::DayCare => 2,
        Service::HomeVisit => 4,
    }
}

/// The fields of a message whose signature already holds.
fn parse_fields(message: &[u8]) -> Result<NoticeData, NoticeError> {
    let days = u16::from_be_bytes([message[9], message[10]]);
    let services_bits = message[11];
    if services_bits & !0b111 != 0 {
        return Err(NoticeError::Invalid("unknown service"));
    }
    let services = Service::ALL
        .into_iter()
        .filter(|s| services_bits & service_bit(*s) != 0)
        .collect();
    let fee_band =
        FeeBand::from_byte(message[12]).ok_or(NoticeError::Invalid("unknown fee band"))?;
    let district = u16::from_be_bytes([message[13], message[14]]);
    if district > 999 {
        return Err(NoticeError::Invalid("postal district"));
    }
    let postal_district: PostalCode = format!("{district:03}")
        .parse()
        .map_err(|_| NoticeError::Invalid("postal district"))?;
    let issued_on = EPOCH
        .checked_add_days(chrono::Days::new(u64::from(days)))
        .ok_or(NoticeError::Invalid("issue date"))?;

    let mut rest = &message[FIXED_LEN..];
    let mut field = || -> Result<&str, NoticeError> {
        let (&len, tail) = rest
            .split_first()
            .ok_or(NoticeError::Invalid("fields cut short"))?;
        let len = usize::from(len);
        if tail.len() < len {
            return Err(NoticeError::Invalid("fields cut short"));
        }
        let (value, tail) = tail.split_at(len);
        rest = tail;
        std::str::from_utf8(value).map_err(|_| NoticeError::Invalid("not text"))
    };
    let card: CardNumber = field()?
        .parse()
        .map_err(|_| NoticeError::Invalid("card number"))?;
    let approval: ApprovalNumber = field()?
        .parse()
        .map_err(|_| NoticeError::Invalid("approval number"))?;
    if !rest.is_empty() {
        return Err(NoticeError::Invalid("trailing bytes"));
    }
    Ok(NoticeData {
        card,
        approval,
        services,
        fee_band,
        postal_district,
        issued_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const QR_ALPHANUMERIC: &str = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

    fn ward() -> (Identity, WardCard) {
        let ward = Identity::generate(Role::Ward).unwrap();
        let card = ward.ward_card("練馬区", "健康部 03-0000-0000").unwrap();
        (ward, card)
    }

    fn notice(household: Household) -> NoticeData {
        NoticeData {
            card: "C-00012345".parse().unwrap(),
            approval: "R8-0001234".parse().unwrap(),
            services: [Service::ShortStay, Service::HomeVisit].into(),
            fee_band: FeeBand::from_household(household),
            postal_district: "177".parse().unwrap(),
            issued_on: NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
        }
    }

    /// Decodes `text` and returns the refusal, failing the test when the code is accepted.
    #[track_caller]
    fn refused(text: &str, card: &WardCard) -> NoticeError {
        match decode_notice(text, card) {
            Ok(n) => panic!("accepted a code that should be refused: {}", n.card),
            Err(e) => e,
        }
    }

    /// The code with its decoded bytes changed by `f`, re-encoded as a forger would.
    fn with_bytes(text: &str, f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut bytes = base45::decode(&text[4..]).unwrap();
        f(&mut bytes);
        format!("SG1:{}", base45::encode(&bytes))
    }

    #[test]
    fn a_notice_round_trips_in_a_small_qr_alphanumeric_code() {
        let (w, card) = ward();
        let data = notice(Household::Welfare);
        let text = encode_notice(&data, &w).unwrap();
        assert!(text.starts_with("SG1:"));
        assert!(text.len() < 200, "{} characters", text.len());
        assert_eq!(text.len(), 156);
        assert!(text.chars().all(|c| QR_ALPHANUMERIC.contains(c)), "{text}");
        assert_eq!(decode_notice(&text, &card).unwrap(), data);
        assert_eq!(
            decode_notice(&format!("  {text}\r\n"), &card).unwrap(),
            data,
            "a scanner's Enter is ignored"
        );
    }

    #[test]
    fn every_service_set_and_band_round_trips() {
        let (w, card) = ward();
        for bits in 0u8..8 {
            for band in [FeeBand::Standard, FeeBand::Reduced] {
                let mut data = notice(Household::Standard);
                data.services = Service::ALL
                    .into_iter()
                    .filter(|s| bits & service_bit(*s) != 0)
                    .collect();
                data.fee_band = band;
                data.postal_district = "003".parse().unwrap();
                data.issued_on = NaiveDate::from_ymd_opt(2199, 6, 6).unwrap();
                assert_eq!(
                    decode_notice(&encode_notice(&data, &w).unwrap(), &card).unwrap(),
                    data
                );
            }
        }
    }

    #[test]
    fn the_code_does_not_tell_welfare_from_non_taxable() {
        let (w, _) = ward();
        // ed25519 signatures are deterministic: equal codes mean nothing in them differs.
        let welfare = encode_notice(&notice(Household::Welfare), &w).unwrap();
        let non_taxable = encode_notice(&notice(Household::NonTaxable), &w).unwrap();
        assert_eq!(welfare, non_taxable);
        assert_ne!(
            welfare,
            encode_notice(&notice(Household::Standard), &w).unwrap()
        );
        assert_eq!(FeeBand::Reduced.pricing_household(), Household::NonTaxable);
        assert_eq!(FeeBand::Standard.pricing_household(), Household::Standard);
    }

    #[test]
    fn a_seven_digit_postal_code_travels_as_its_district() {
        let (w, card) = ward();
        let mut data = notice(Household::Standard);
        data.postal_district = "177-0045".parse().unwrap();
        let back = decode_notice(&encode_notice(&data, &w).unwrap(), &card).unwrap();
        assert_eq!(back.postal_district.digits(), "177");
    }

    #[test]
    fn only_the_ward_signs_and_only_dates_in_range() {
        let (w, _) = ward();
        let f = Identity::generate(Role::Facility {
            facility: "a".parse().unwrap(),
        })
        .unwrap();
        assert_eq!(
            encode_notice(&notice(Household::Standard), &f)
                .unwrap_err()
                .code(),
            "encode_failed"
        );
        let mut data = notice(Household::Standard);
        data.issued_on = NaiveDate::from_ymd_opt(2019, 12, 31).unwrap();
        assert_eq!(encode_notice(&data, &w).unwrap_err().exit_code(), 1);
    }

    #[test]
    fn every_changed_character_is_refused_with_the_right_exit_code() {
        let (w, card) = ward();
        let text = encode_notice(&notice(Household::Standard), &w).unwrap();
        for i in 0..text.len() {
            for c in QR_ALPHANUMERIC
                .chars()
                .filter(|c| *c != text.as_bytes()[i] as char)
            {
                let mut t = text.clone();
                t.replace_range(i..=i, &c.to_string());
                let e = refused(&t, &card);
                let want = if i < 4 { 4 } else { 5 };
                assert_eq!(e.exit_code(), want, "character {i} → {c:?}: {e:?}");
            }
        }
    }

    #[test]
    fn every_field_altered_without_the_wards_key_is_refused() {
        let (w, card) = ward();
        let text = encode_notice(&notice(Household::Standard), &w).unwrap();
        let len = base45::decode(&text[4..]).unwrap().len();
        for i in 0..len {
            let t = with_bytes(&text, |b| b[i] ^= 0x01);
            let e = refused(&t, &card);
            let want = if (1..9).contains(&i) {
                NoticeError::Foreign
            } else {
                NoticeError::Altered
            };
            assert_eq!(e, want, "byte {i}");
        }
    }

    #[test]
    fn cut_or_extended_codes_are_altered() {
        let (w, card) = ward();
        let text = encode_notice(&notice(Household::Standard), &w).unwrap();
        for cut in 4..text.len() {
            assert_eq!(
                refused(&text[..cut], &card),
                NoticeError::Altered,
                "cut at {cut}"
            );
        }
        for junk in ["0", "00", "000", "ABCDEF", ":"] {
            assert_eq!(
                refused(&format!("{text}{junk}"), &card),
                NoticeError::Altered,
                "{junk}"
            );
        }
        assert_eq!(
            refused(&with_bytes(&text, |b| b.push(0)), &card),
            NoticeError::Altered
        );
    }

    #[test]
    fn another_wards_code_is_foreign() {
        let (_, card) = ward();
        let (other, _) = ward();
        let e = refused(
            &encode_notice(&notice(Household::Standard), &other).unwrap(),
            &card,
        );
        assert_eq!((e.code(), e.exit_code()), ("foreign_ward", 5));
    }

    #[test]
    fn text_that_is_not_ours_is_bad_input() {
        let (_, card) = ward();
        for (text, code) in [
            ("", "not_ours"),
            ("   ", "not_ours"),
            ("C-00012345", "not_ours"),
            ("https://example.com/notice", "not_ours"),
            (
                "HC1:6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSPTLRR+%3",
                "not_ours",
            ),
            ("SG", "not_ours"),
            ("SG1", "not_ours"),
            ("SGX:ABC", "not_ours"),
            ("sg1:ABC", "not_ours"),
            ("SG2:ABC", "unknown_version"),
            ("SG10:ABC", "unknown_version"),
        ] {
            let e = refused(text, &card);
            assert_eq!((e.code(), e.exit_code()), (code, 4), "{text:?}");
        }
        assert_eq!(
            refused(&format!("SG1:{}", "A".repeat(600)), &card).exit_code(),
            4
        );
    }

    #[test]
    fn refusals_have_a_sentence_for_the_desk() {
        for e in [
            NoticeError::NotOurs,
            NoticeError::Altered,
            NoticeError::Foreign,
            NoticeError::UnknownVersion("2".into()),
        ] {
            assert!(e.message_ja().ends_with('。'));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn random_text_never_panics_the_decoder(text in ".{0,300}") {
            let card = FIXED_CARD.with(|c| c.clone());
            prop_assert!(decode_notice(&text, &card).is_err());
        }

        #[test]
        fn random_codes_with_our_prefix_are_refused_without_panic(body in "[0-9A-Z $%*+./:-]{0,250}") {
            let card = FIXED_CARD.with(|c| c.clone());
            let e = decode_notice(&format!("SG1:{body}"), &card).unwrap_err();
            prop_assert_eq!(e.exit_code(), 5);
        }
    }

    thread_local! {
        static FIXED_CARD: WardCard = ward().1;
    }
}
