//! A refused step of a booking's life (`rules::lifecycle`) in the desk's words, with its code.

use super::booking::status_ja;
use super::{AppError, ErrorCode};
use crate::ledger::Booking;
use crate::rules::lifecycle::Refusal;

/// The error of `refusal` for booking `b`.
pub(crate) fn refused(b: &Booking, refusal: Refusal) -> AppError {
    let (id, status) = (&b.id, status_ja(b.status));
    let wrong_status = |doing_ja: &str, doing_en: &str| {
        AppError::new(
            ErrorCode::WrongStatus,
            format!("予約 {id} は「{status}」のため、{doing_ja}できません。"),
            format!("Booking {id} is {:?}: it cannot be {doing_en}.", b.status),
        )
    };
    match refusal {
        Refusal::NotBooked(_) => AppError::new(
            ErrorCode::NotBooked,
            format!("予約 {id} は「{status}」のため、この操作はできません。"),
            format!("Booking {id} is {:?}; this cannot be done now.", b.status),
        ),
        Refusal::NotYet { first_day } => AppError::new(
            ErrorCode::NotYet,
            format!("利用開始日({first_day})より前には受け入れできません。"),
            format!("Check-in opens on the first day of the use ({first_day})."),
        ),
        Refusal::NotOpen(_) => wrong_status("完了に", "completed"),
        Refusal::NotUsed(_) => wrong_status("精算", "paid"),
        Refusal::NotBegun(_) => AppError::new(
            ErrorCode::WrongStatus,
            format!("予約 {id} は「{status}」のため、記録できません。受け入れ後に記録してください。"),
            format!("Booking {id} is {:?}: nothing can be recorded of it.", b.status),
        ),
        Refusal::BadUnits { .. } if b.service == crate::types::Service::HomeVisit => AppError::new(
            ErrorCode::BadUnits,
            "訪問は1回ずつです。実際の回数は1で入力してください。",
            "A home visit is one visit: the actual units must be 1.",
        ),
        Refusal::BadUnits { min, max } if min == max => AppError::new(
            ErrorCode::BadUnits,
            format!("実際の日数は{min}日で入力してください。"),
            format!("The actual days must be {min}."),
        ),
        Refusal::BadUnits { min, max } => AppError::new(
            ErrorCode::BadUnits,
            format!("実際の日数は{min}〜{max}日で入力してください。"),
            format!("Actual days must be {min} to {max}."),
        ),
        Refusal::AlreadyPaid => {
            AppError::new(ErrorCode::AlreadyPaid, "この利用はすでに精算済みです。", "This use is already paid.")
        }
        Refusal::NotPaid => AppError::new(ErrorCode::NotPaid, "まだ精算されていません。", "Not paid yet."),
    }
}
