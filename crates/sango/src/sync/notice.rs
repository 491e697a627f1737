//! The ward-signed code printed on the approval notice (利用承認通知書), checked offline at any facility.
//!
//! # Text
//! The signed bytes below, written as decimal digits only: `9` (a Sango notice), `1` (the version,
//! which must agree with the signed version byte), then each 7 bytes as 17 digits (a tail of 1–6
//! bytes as 3, 5, 8, 10, 13 or 15). Digits are the one alphabet every 2D-code reader types the same
//! under any keyboard layout, and with the input method on they arrive full-width and normalise
//! back (`types::normalise_token`). QR numeric mode spends 3.3 bits a digit, so the code is no
//! bigger on paper than the base45 text was (`tests::the_digits_code_is_no_bigger_in_a_qr_code`).
//!
//! Codes printed before (issue 10) are `SG1:` and base45 (RFC 9285) of the same bytes; they still
//! scan, also typed full-width, in lower case, or by a reader set to a US layout on a JIS keyboard
//! (which types `+` for `:`, `(` for `*` and `~` for `+`: a code starting `SG1+` is read back).
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
//! With a 10-character card and approval number the text is 248 digits (156 characters in base45).
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
//! Text that is neither 33 digits or more starting `9` nor `SG<digits>:` is not ours (exit 4), nor
//! is a version we do not know. Text with kana or kanji in it is what the input method made of a
//! scan (`ime_on`, exit 4): the desk is told to switch it to 半角英数, not that the notice is wrong.
//! Anything after our prefix is authenticated: a changed, cut or extended code is altered (exit 5),
//! and one signed by another ward's key is foreign (exit 5).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use ed25519_dalek::Signature;
use serde::{Deserialize, Serialize};

use super::identity::{Identity, Role, WardCard};
pub use crate::program::FeeBand;
use crate::types::{ApprovalNumber, CardNumber, PostalCode, Service};

const PREFIX: &str = "SG";
/// The first digit of a digits code: says "a Sango notice" before the version digit.
const DIGITS_MARK: char = '9';
const VERSION: u8 = 1;
const SIGNATURE_CONTEXT: &[u8] = b"sango-notice/1\0";
const FIXED_LEN: usize = 1 + 8 + 2 + 1 + 1 + 2;
const SIGNATURE_LEN: usize = 64;
/// Codes longer than this are not ours; keeps a pasted megabyte away from base45.
const TEXT_LEN_MAX: usize = 512;
/// Digits codes are longer than any card number, which is how the desk tells them apart.
pub const DIGITS_MIN: usize = 33;
/// Digits for a chunk of 0..=7 bytes: the fewest that hold 256^n values.
const CHUNK_DIGITS: [usize; 8] = [0, 3, 5, 8, 10, 13, 15, 17];

fn band_byte(band: FeeBand) -> u8 {
    match band {
        FeeBand::Standard => 0,
        FeeBand::Reduced => 1,
        FeeBand::Free => 2,
    }
}

fn band_of_byte(b: u8) -> Option<FeeBand> {
    match b {
        0 => Some(FeeBand::Standard),
        1 => Some(FeeBand::Reduced),
        2 => Some(FeeBand::Free),
        _ => None,
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
    #[error("the input method (IME) is on: the reader's characters arrived as kana")]
    ImeOn,
    #[error("this approval notice code has version {0}, which this version of Sango does not know")]
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
        self.code().kind().exit_code()
    }

    pub fn code(&self) -> crate::app::ErrorCode {
        use crate::app::ErrorCode as C;
        match self {
            NoticeError::NotOurs => C::NotOurs,
            NoticeError::ImeOn => C::ImeOn,
            NoticeError::UnknownVersion(_) => C::UnknownVersion,
            NoticeError::Altered => C::NoticeAltered,
            NoticeError::Foreign => C::ForeignWard,
            NoticeError::Invalid(_) => C::NoticeInvalid,
            NoticeError::Encode(_) => C::EncodeFailed,
        }
    }

    /// A sentence for the desk (受付), not a code.
    pub fn message_ja(&self) -> &'static str {
        match self {
            NoticeError::NotOurs | NoticeError::Invalid(_) => {
                "読み取ったコードは産後ケアの利用承認通知書のものではありません。通知書のコードをもう一度読み取ってください。"
            }
            NoticeError::ImeOn => IME_ON_JA,
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

/// What the desk is told when the input method turned a scan into kana.
pub const IME_ON_JA: &str = "日本語入力がオンのようです。半角英数にしてからもう一度読み取ってください。";

/// The form a normalised scan has, decided before anything is verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanForm {
    /// `9` `1` and digits (this version's code).
    Digits(String),
    /// `SG<n>:` and base45 (codes printed before), as typed on a US layout read back.
    Base45(String),
    /// Kana or kanji: the input method was on.
    ImeOn,
    /// Anything else: perhaps a card number, not a notice.
    Other(String),
}

/// Text as a reader typed it, normalised: NFKC (full-width to half-width), the dash family to
/// `-`, upper case (base45 has no lower case), surrounding spaces off; and its form.
pub fn scan_form(text: &str) -> ScanForm {
    use unicode_normalization::UnicodeNormalization;
    // Bounded before any work: a full-width digits code is 3 bytes a character.
    if text.chars().nth(4 * TEXT_LEN_MAX).is_some() {
        return ScanForm::Other(String::new());
    }
    let t: String = text.nfkc().map(|c| if crate::types::is_dash(c) { '-' } else { c.to_ascii_uppercase() }).collect();
    let t = t.trim();
    let digits: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() >= DIGITS_MIN && digits.bytes().all(|b| b.is_ascii_digit()) {
        return ScanForm::Digits(digits);
    }
    if t.chars().any(is_kana_or_kanji) {
        return ScanForm::ImeOn;
    }
    // A reader on a US layout at a JIS keyboard: its `:` arrives as `+`, `*` as `(`, `+` as `~`.
    // `(` and `~` are not base45, so reading them back is never a guess; the signature checks the rest.
    if let Some(rest) = t.strip_prefix("SG1+") {
        let back: String = rest
            .chars()
            .map(|c| match c {
                '+' => ':',
                '(' => '*',
                '~' => '+',
                c => c,
            })
            .collect();
        return ScanForm::Base45(format!("SG1:{back}"));
    }
    if t.starts_with(PREFIX) {
        return ScanForm::Base45(t.to_string());
    }
    ScanForm::Other(t.to_string())
}

fn is_kana_or_kanji(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// How a code is written: digits (what this version prints) or base45 (what issue 10 printed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeForm {
    Digits,
    Base45,
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
    encode_notice_as(data, ward, CodeForm::Digits)
}

/// [`encode_notice`] in either form; base45 is what notices printed before this version carry.
pub fn encode_notice_as(data: &NoticeData, ward: &Identity, form: CodeForm) -> Result<String, NoticeError> {
    if *ward.role() != Role::Ward {
        return Err(NoticeError::Encode("only the ward signs approval notices"));
    }
    let days = (data.issued_on - EPOCH).num_days();
    let days = u16::try_from(days).map_err(|_| NoticeError::Encode("issue date outside 2020–2199"))?;
    let district: u16 = data.postal_district.district().parse().expect("a postal code's district is 3 digits");
    let services = data.services.iter().fold(0u8, |acc, s| acc | service_bit(*s));

    let mut bytes = Vec::with_capacity(FIXED_LEN + 66 + SIGNATURE_LEN);
    bytes.push(VERSION);
    bytes.extend(ward.key_id().as_bytes());
    bytes.extend(days.to_be_bytes());
    bytes.push(services);
    bytes.push(band_byte(data.fee_band));
    bytes.extend(district.to_be_bytes());
    for field in [data.card.as_str(), data.approval.as_str()] {
        // Both types allow at most 32 ASCII characters.
        bytes.push(field.len() as u8);
        bytes.extend(field.as_bytes());
    }
    let signature = ward.sign(&signed_bytes(&bytes));
    bytes.extend(signature.to_bytes());
    Ok(match form {
        CodeForm::Digits => format!("{DIGITS_MARK}{VERSION}{}", to_digits(&bytes)),
        CodeForm::Base45 => format!("{PREFIX}{VERSION}:{}", base45::encode(&bytes)),
    })
}

/// Bytes as decimal digits: each 7 bytes as 17, a shorter tail as [`CHUNK_DIGITS`] says.
fn to_digits(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 17 / 7 + 17);
    for chunk in bytes.chunks(7) {
        let n = chunk.iter().fold(0u64, |acc, b| acc << 8 | u64::from(*b));
        out.push_str(&format!("{n:0width$}", width = CHUNK_DIGITS[chunk.len()]));
    }
    out
}

/// [`to_digits`] read back; `None` for a length no bytes give or a chunk too large for its bytes.
fn from_digits(digits: &str) -> Option<Vec<u8>> {
    let tail = CHUNK_DIGITS.iter().position(|d| *d == digits.len() % 17)?;
    let mut out = Vec::with_capacity(digits.len() * 7 / 17 + 7);
    let mut rest = digits;
    while !rest.is_empty() {
        let (len, width) = if rest.len() >= 17 { (7, 17) } else { (tail, CHUNK_DIGITS[tail]) };
        let (chunk, tail_text) = rest.split_at(width);
        let n: u64 = chunk.parse().ok()?;
        if len < 8 && n >> (8 * len) != 0 {
            return None;
        }
        out.extend(&n.to_be_bytes()[8 - len..]);
        rest = tail_text;
    }
    Some(out)
}

/// Verifies a scanned code against the ward card installed at `init`.
///
/// Either form, as typed: see [`scan_form`] (a scanner's Enter, full width, lower case).
///
/// # Errors
/// See [`NoticeError`]; [`NoticeError::exit_code`] gives the CLI's code.
pub fn decode_notice(text: &str, ward: &WardCard) -> Result<NoticeData, NoticeError> {
    let bytes = match scan_form(text) {
        ScanForm::Digits(d) => decode_digits(&d)?,
        ScanForm::Base45(t) => decode_base45(&t)?,
        ScanForm::ImeOn => return Err(NoticeError::ImeOn),
        ScanForm::Other(_) => return Err(NoticeError::NotOurs),
    };
    verify(&bytes, ward)
}

fn decode_digits(text: &str) -> Result<Vec<u8>, NoticeError> {
    if text.len() > TEXT_LEN_MAX {
        return Err(NoticeError::NotOurs);
    }
    let mut chars = text.chars();
    if chars.next() != Some(DIGITS_MARK) {
        return Err(NoticeError::NotOurs);
    }
    let version = chars.next().ok_or(NoticeError::NotOurs)?;
    if version.to_digit(10) != Some(u32::from(VERSION)) {
        return Err(NoticeError::UnknownVersion(version.to_string()));
    }
    // From here on the text claims to be ours: whatever is wrong with it is damage or forgery.
    from_digits(chars.as_str()).ok_or(NoticeError::Altered)
}

fn decode_base45(text: &str) -> Result<Vec<u8>, NoticeError> {
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
    base45::decode(body).map_err(|_| NoticeError::Altered)
}

/// The signed bytes of either form, checked against the ward's key, then read.
fn verify(bytes: &[u8], ward: &WardCard) -> Result<NoticeData, NoticeError> {
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
    ward.public_key().verify_strict(&signed_bytes(message), &signature).map_err(|_| NoticeError::Altered)?;
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
    let services = Service::ALL.into_iter().filter(|s| services_bits & service_bit(*s) != 0).collect();
    let fee_band = band_of_byte(message[12]).ok_or(NoticeError::Invalid("unknown fee band"))?;
    let district = u16::from_be_bytes([message[13], message[14]]);
    if district > 999 {
        return Err(NoticeError::Invalid("postal district"));
    }
    let postal_district: PostalCode =
        format!("{district:03}").parse().map_err(|_| NoticeError::Invalid("postal district"))?;
    let issued_on =
        EPOCH.checked_add_days(chrono::Days::new(u64::from(days))).ok_or(NoticeError::Invalid("issue date"))?;

    let mut rest = &message[FIXED_LEN..];
    let mut field = || -> Result<&str, NoticeError> {
        let (&len, tail) = rest.split_first().ok_or(NoticeError::Invalid("fields cut short"))?;
        let len = usize::from(len);
        if tail.len() < len {
            return Err(NoticeError::Invalid("fields cut short"));
        }
        let (value, tail) = tail.split_at(len);
        rest = tail;
        std::str::from_utf8(value).map_err(|_| NoticeError::Invalid("not text"))
    };
    let card: CardNumber = field()?.parse().map_err(|_| NoticeError::Invalid("card number"))?;
    let approval: ApprovalNumber = field()?.parse().map_err(|_| NoticeError::Invalid("approval number"))?;
    if !rest.is_empty() {
        return Err(NoticeError::Invalid("trailing bytes"));
    }
    Ok(NoticeData { card, approval, services, fee_band, postal_district, issued_on })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Household;
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
            fee_band: crate::program::Program::builtin().fee_band(household),
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

    /// The code's signed bytes, in either form.
    fn bytes_of(text: &str) -> Vec<u8> {
        match text.strip_prefix("SG1:") {
            Some(b45) => base45::decode(b45).unwrap(),
            None => from_digits(&text[2..]).unwrap(),
        }
    }

    /// The code with its decoded bytes changed by `f`, re-encoded (in the same form) as a forger would.
    fn with_bytes(text: &str, f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut bytes = bytes_of(text);
        f(&mut bytes);
        match text.starts_with("SG1:") {
            true => format!("SG1:{}", base45::encode(&bytes)),
            false => format!("91{}", to_digits(&bytes)),
        }
    }

    /// What a 2D-code reader types with the IME on: every ASCII character full-width.
    fn full_width(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                ' ' => '\u{3000}',
                '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap(),
                c => c,
            })
            .collect()
    }

    /// A reader set to a US layout on a JIS keyboard: the keys it presses, as the JIS layout reads them.
    fn us_reader_on_jis(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                ':' => '+',
                '*' => '(',
                '+' => '~',
                c => c,
            })
            .collect()
    }

    #[test]
    fn a_notice_round_trips_in_digits_any_reader_types() {
        let (w, card) = ward();
        let data = notice(Household::Welfare);
        let text = encode_notice(&data, &w).unwrap();
        assert!(text.starts_with("91"));
        assert_eq!(text.len(), 248);
        assert!(text.bytes().all(|b| b.is_ascii_digit()), "{text}");
        assert_eq!(decode_notice(&text, &card).unwrap(), data);
        for typed in [
            format!("  {text}\r\n"),
            full_width(&text),
            us_reader_on_jis(&text),
            format!("{}\n{}", &text[..100], &text[100..]),
        ] {
            assert_eq!(decode_notice(&typed, &card).unwrap(), data, "{typed}");
        }
        assert_eq!(scan_form(&full_width(&text)), ScanForm::Digits(text.clone()));
    }

    #[test]
    fn codes_printed_before_still_scan_as_any_reader_types_them() {
        let (w, card) = ward();
        let data = notice(Household::Welfare);
        let text = encode_notice_as(&data, &w, CodeForm::Base45).unwrap();
        assert!(text.starts_with("SG1:"));
        assert_eq!(text.len(), 156);
        assert!(text.chars().all(|c| QR_ALPHANUMERIC.contains(c)), "{text}");
        assert_eq!(bytes_of(&text), bytes_of(&encode_notice(&data, &w).unwrap()), "the same signed bytes");
        for typed in [
            text.clone(),
            format!("  {text}\r\n"),
            full_width(&text),
            text.to_ascii_lowercase(),
            us_reader_on_jis(&text),
            full_width(&us_reader_on_jis(&text)),
        ] {
            assert_eq!(decode_notice(&typed, &card).unwrap(), data, "{typed}");
        }
        // The IME in kana mode makes ま of MA: the code is lost, and the desk is told why.
        let kana = format!("{}ま{}", &text[..20], &text[22..]);
        assert_eq!(refused(&kana, &card), NoticeError::ImeOn);
        assert_eq!(refused("ＳＧ１：２６０４Ｂ３かな", &card).code(), "ime_on");
        assert_eq!(
            NoticeError::ImeOn.message_ja(),
            "日本語入力がオンのようです。半角英数にしてからもう一度読み取ってください。"
        );
    }

    #[test]
    fn the_digits_code_is_no_bigger_in_a_qr_code() {
        use qrcode::{EcLevel, QrCode};
        let (w, _) = ward();
        for (card, approval) in [("C-1", "R8-1"), ("C-00012345", "R8-0001234"), (&*"C".repeat(32), &*"R".repeat(32))] {
            let mut data = notice(Household::Standard);
            data.card = card.parse().unwrap();
            data.approval = approval.parse().unwrap();
            let size = |form| {
                let text = encode_notice_as(&data, &w, form).unwrap();
                QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap().width()
            };
            let (digits, base45) = (size(CodeForm::Digits), size(CodeForm::Base45));
            assert!(digits <= base45, "{card}: {digits} modules against {base45}");
        }
    }

    #[test]
    fn digits_read_back_only_from_lengths_bytes_give() {
        for n in 0..=40 {
            let bytes: Vec<u8> = (0..n).map(|i| (i * 37 + 255) as u8).collect();
            let digits = to_digits(&bytes);
            assert_eq!(from_digits(&digits).as_deref(), Some(&bytes[..]), "{n} bytes");
            let max = vec![0xFF; n];
            assert_eq!(from_digits(&to_digits(&max)), Some(max));
        }
        for bad in ["1", "12", "1234", "123456", "999", "99999", "99999999999999999"] {
            assert_eq!(from_digits(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_service_set_and_band_round_trips() {
        let (w, card) = ward();
        for bits in 0u8..8 {
            for band in [FeeBand::Standard, FeeBand::Reduced, FeeBand::Free] {
                let mut data = notice(Household::Standard);
                data.services = Service::ALL.into_iter().filter(|s| bits & service_bit(*s) != 0).collect();
                data.fee_band = band;
                data.postal_district = "003".parse().unwrap();
                data.issued_on = NaiveDate::from_ymd_opt(2199, 6, 6).unwrap();
                assert_eq!(decode_notice(&encode_notice(&data, &w).unwrap(), &card).unwrap(), data);
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
        assert_ne!(welfare, encode_notice(&notice(Household::Standard), &w).unwrap());
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
        let f = Identity::generate(Role::Facility { facility: "a".parse().unwrap() }).unwrap();
        assert_eq!(encode_notice(&notice(Household::Standard), &f).unwrap_err().code(), "encode_failed");
        let mut data = notice(Household::Standard);
        data.issued_on = NaiveDate::from_ymd_opt(2019, 12, 31).unwrap();
        assert_eq!(encode_notice(&data, &w).unwrap_err().exit_code(), 1);
    }

    #[test]
    fn every_changed_character_is_refused_with_the_right_exit_code() {
        let (w, card) = ward();
        let data = notice(Household::Standard);
        let digits = encode_notice(&data, &w).unwrap();
        for i in 0..digits.len() {
            for c in ('0'..='9').filter(|c| *c != digits.as_bytes()[i] as char) {
                let mut t = digits.clone();
                t.replace_range(i..=i, &c.to_string());
                let e = refused(&t, &card);
                // The mark and the version are ours to read; after them it is damage.
                let want = match i {
                    0 => NoticeError::NotOurs,
                    1 => NoticeError::UnknownVersion(c.to_string()),
                    _ => e.clone(),
                };
                assert_eq!(e, want, "digit {i} → {c:?}");
                assert_eq!(e.exit_code(), if i < 2 { 4 } else { 5 }, "digit {i} → {c:?}: {e:?}");
            }
        }
        let text = encode_notice_as(&data, &w, CodeForm::Base45).unwrap();
        for i in 0..text.len() {
            for c in QR_ALPHANUMERIC.chars().filter(|c| *c != text.as_bytes()[i] as char) {
                let mut t = text.clone();
                t.replace_range(i..=i, &c.to_string());
                if i == 3 && c == '+' {
                    // `SG1+` is a US-layout reader's `SG1:`, its `+` our `:`: the same code when
                    // the body has no `+` (which that reader would have typed as `~`), else damaged.
                    match decode_notice(&t, &card) {
                        Ok(back) => assert!(!text[4..].contains('+') && back == data),
                        Err(e) => assert!(text[4..].contains('+') && e.exit_code() == 5, "{e:?}"),
                    }
                    continue;
                }
                let e = refused(&t, &card);
                let want = if i < 4 { 4 } else { 5 };
                assert_eq!(e.exit_code(), want, "character {i} → {c:?}: {e:?}");
            }
        }
    }

    #[test]
    fn every_field_altered_without_the_wards_key_is_refused() {
        let (w, card) = ward();
        for text in [
            encode_notice(&notice(Household::Standard), &w).unwrap(),
            encode_notice_as(&notice(Household::Standard), &w, CodeForm::Base45).unwrap(),
        ] {
            let len = bytes_of(&text).len();
            for i in 0..len {
                let t = with_bytes(&text, |b| b[i] ^= 0x01);
                let e = refused(&t, &card);
                let want = if (1..9).contains(&i) { NoticeError::Foreign } else { NoticeError::Altered };
                assert_eq!(e, want, "byte {i}");
            }
        }
    }

    #[test]
    fn cut_or_extended_codes_are_altered() {
        let (w, card) = ward();
        let digits = encode_notice(&notice(Household::Standard), &w).unwrap();
        for cut in 2..digits.len() {
            // Fewer digits than a card can have are read as a card at the desk: not ours here.
            let want = if cut < DIGITS_MIN { NoticeError::NotOurs } else { NoticeError::Altered };
            assert_eq!(refused(&digits[..cut], &card), want, "cut at {cut}");
        }
        for junk in ["0", "00", "000", "1234567", "12345678901234567"] {
            assert_eq!(refused(&format!("{digits}{junk}"), &card), NoticeError::Altered, "{junk}");
        }
        assert_eq!(refused(&with_bytes(&digits, |b| b.push(0)), &card), NoticeError::Altered);
        let text = encode_notice_as(&notice(Household::Standard), &w, CodeForm::Base45).unwrap();
        for cut in 4..text.len() {
            assert_eq!(refused(&text[..cut], &card), NoticeError::Altered, "cut at {cut}");
        }
        for junk in ["0", "00", "000", "ABCDEF", ":"] {
            assert_eq!(refused(&format!("{text}{junk}"), &card), NoticeError::Altered, "{junk}");
        }
        assert_eq!(refused(&with_bytes(&text, |b| b.push(0)), &card), NoticeError::Altered);
    }

    #[test]
    fn another_wards_code_is_foreign() {
        let (_, card) = ward();
        let (other, _) = ward();
        let e = refused(&encode_notice(&notice(Household::Standard), &other).unwrap(), &card);
        assert_eq!((e.code().as_str(), e.exit_code()), ("foreign_ward".to_string(), 5));
    }

    #[test]
    fn text_that_is_not_ours_is_bad_input() {
        let (_, card) = ward();
        for (text, code) in [
            ("", "not_ours"),
            ("   ", "not_ours"),
            ("C-00012345", "not_ours"),
            ("https://example.com/notice", "not_ours"),
            ("HC1:6BFOXN*TS0BI$ZD.P9UOL97O4-2HH77HRM3DSPTLRR+%3", "not_ours"),
            ("SG", "not_ours"),
            ("SG1", "not_ours"),
            ("SGX:ABC", "not_ours"),
            ("SG2:ABC", "unknown_version"),
            ("SG10:ABC", "unknown_version"),
            ("12345678901234567890123456789012", "not_ours"),
            ("812345678901234567890123456789012", "not_ours"),
            ("９２３４５６７８９０１２３４５６７８９０１２３４５６７８９０１２３", "unknown_version"),
            ("90345678901234567890123456789012345", "unknown_version"),
        ] {
            let e = refused(text, &card);
            assert_eq!((e.code().as_str(), e.exit_code()), (code.to_string(), 4), "{text:?}");
        }
        assert_eq!(refused(&format!("SG1:{}", "A".repeat(600)), &card).exit_code(), 4);
        assert_eq!(refused(&format!("91{}", "0".repeat(600)), &card).exit_code(), 4);
        assert_eq!(refused(&"９".repeat(5000), &card).exit_code(), 4);
        // Lower case is how a reader with caps lock types: read as upper, then checked.
        assert_eq!(refused("sg1:ABC", &card).code(), "notice_altered");
    }

    #[test]
    fn refusals_have_a_sentence_for_the_desk() {
        for e in [
            NoticeError::NotOurs,
            NoticeError::ImeOn,
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
        fn random_digits_with_our_mark_are_refused_without_panic(body in "[0-9]{31,400}") {
            let card = FIXED_CARD.with(|c| c.clone());
            let e = decode_notice(&format!("91{body}"), &card).unwrap_err();
            prop_assert_eq!(e.exit_code(), 5);
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
