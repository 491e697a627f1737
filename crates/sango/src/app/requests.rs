//! Typed requests: what a door's input form becomes once, before anything is read or written. Both
//! doors convert the same form with the same `TryFrom` (the CLI from its flags, the window from
//! the IPC's JSON), so a booking from either reaches the rules as the same value.

use chrono::NaiveDate;

use super::views::BookingInput;
use super::AppError;
use crate::types::{parse_date, CardNumber, Service};

/// A booking (or a quote, or a waiting-list place) as the rules read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingRequest {
    pub card: CardNumber,
    pub service: Service,
    pub first_day: NaiveDate,
    /// Days of a stay or day care, visits of a home visit; `None`: the program's minimum.
    pub units: Option<u32>,
    /// Why an over-age use is asked for anyway (概ね生後4か月を超える理由); blank is none.
    pub reason: Option<String>,
}

impl TryFrom<&BookingInput> for BookingRequest {
    type Error = AppError;

    fn try_from(input: &BookingInput) -> Result<BookingRequest, AppError> {
        Ok(BookingRequest {
            card: input.card.parse()?,
            service: input.service,
            first_day: parse_date(&input.date)?,
            units: input.days,
            reason: input.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_string),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::ErrorCode;

    fn input(card: &str, date: &str, reason: Option<&str>) -> BookingInput {
        BookingInput {
            card: card.into(),
            service: Service::DayCare,
            date: date.into(),
            days: Some(1),
            reason: reason.map(str::to_string),
        }
    }

    #[test]
    fn a_form_becomes_a_typed_request_or_a_bad_input_naming_the_field() {
        let r = BookingRequest::try_from(&input("ｃ－１００", "2026-12-08", Some("  "))).unwrap();
        assert_eq!((r.card.as_str(), r.first_day.to_string(), r.reason), ("C-100", "2026-12-08".to_string(), None));
        let e = BookingRequest::try_from(&input("C-100", "12/8", None)).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadInput);
        assert!(BookingRequest::try_from(&input("", "2026-12-08", None)).is_err());
        assert_eq!(
            BookingRequest::try_from(&input("C-1", "2026-12-08", Some(" 双子 "))).unwrap().reason.as_deref(),
            Some("双子")
        );
    }
}
