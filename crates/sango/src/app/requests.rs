//! Typed requests: what a door's input form becomes once, before anything is read or written. Both
//! doors convert the same form with the same `TryFrom` (the CLI from its flags, the window from
//! the IPC's JSON), so a booking from either reaches the rules as the same value.

use chrono::NaiveDate;
use serde::Deserialize;
use ts_rs::TS;

use super::desk::ApprovalInput;
use super::views::BookingInput;
use super::AppError;
use crate::types::{parse_date, CardNumber, Household, ParseError, Service};

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

/// An approval as the desk types it from the notice (利用承認通知書), as both doors receive it: the window's
/// form (the IPC's JSON) and the CLI's flags. Words as typed; `ApprovalInput` is what they mean.
#[derive(Debug, Clone, Deserialize, TS)]
#[ts(export)]
pub struct ApprovalForm {
    pub card: String,
    pub approval_no: String,
    pub mother: String,
    pub services: Vec<Service>,
    #[ts(as = "Household")]
    pub household: String,
    /// Blank or absent: not written on the notice.
    #[serde(default)]
    #[ts(optional)]
    pub postal: Option<String>,
    pub emergency: bool,
}

impl TryFrom<&ApprovalForm> for ApprovalInput {
    type Error = AppError;

    fn try_from(form: &ApprovalForm) -> Result<ApprovalInput, AppError> {
        let mut services = form.services.clone();
        services.sort();
        services.dedup();
        if services.is_empty() {
            return Err(ParseError::new("services", "", "one or more of short-stay, day-care, home-visit").into());
        }
        Ok(ApprovalInput {
            card: form.card.parse()?,
            approval_no: form.approval_no.parse()?,
            mother: form.mother.parse()?,
            services,
            household: form.household.parse()?,
            postal: form.postal.as_deref().map(str::trim).filter(|p| !p.is_empty()).map(str::parse).transpose()?,
            emergency: form.emergency,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::ErrorCode;

    fn approval(services: Vec<Service>, postal: Option<&str>) -> ApprovalForm {
        ApprovalForm {
            card: "ｃ－１".into(),
            approval_no: "A-1".into(),
            mother: "練馬 花子".into(),
            services,
            household: "non-taxable".into(),
            postal: postal.map(str::to_string),
            emergency: false,
        }
    }

    #[test]
    fn an_approval_form_is_read_once_the_same_for_both_doors() {
        let a = ApprovalInput::try_from(&approval(
            vec![Service::HomeVisit, Service::ShortStay, Service::HomeVisit],
            Some(" "),
        ))
        .unwrap();
        assert_eq!(a.card.as_str(), "C-1");
        assert_eq!(a.services, vec![Service::ShortStay, Service::HomeVisit], "sorted, none twice");
        assert_eq!((a.household, a.postal), (Household::NonTaxable, None), "a blank postal code is none");
        let p = ApprovalInput::try_from(&approval(vec![Service::DayCare], Some("177-0045"))).unwrap();
        assert_eq!(p.postal.as_ref().map(|p| p.digits()), Some("1770045"));
        let none = ApprovalInput::try_from(&approval(vec![], None)).unwrap_err();
        assert_eq!(none.code, ErrorCode::BadInput);
        let mut bad = approval(vec![Service::DayCare], None);
        bad.household = "rich".into();
        assert_eq!(ApprovalInput::try_from(&bad).unwrap_err().code, ErrorCode::BadInput);
    }

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
