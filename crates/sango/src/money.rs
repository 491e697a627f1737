//! Money: the three amounts of one use (事業に係る経費 = 利用者負担額 + 区支出金額), in whole yen.
//!
//! Money is `rust_decimal::Decimal` holding whole yen, never a float. In JSON it is an integer
//! (`12345`); on the way in an integer or a decimal string (`"12345"`, `"12345.00"`) is accepted,
//! a fraction of a yen never.

use std::fmt;
use std::ops::Add;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::types::Yen;

/// What one use costs and who pays it.
///
/// Invariant: `total_cost == user_fee + ward_amount`, each whole yen and never negative. The
/// fields are private so that no code can break it; [`Fee::new`] computes the total.
///
/// ```
/// use rust_decimal_macros::dec;
/// use sango::money::Fee;
///
/// let fee = Fee::new(dec!(7000), dec!(59000)).unwrap();
/// assert_eq!(fee.total_cost(), dec!(66000));
/// assert_eq!(serde_json::to_string(&fee).unwrap(),
///            r#"{"total_cost":66000,"user_fee":7000,"ward_amount":59000}"#);
/// // A decimal string is accepted on the way in; a sum that does not add up is not.
/// let back: Fee = serde_json::from_str(r#"{"total_cost":"66000","user_fee":7000,"ward_amount":"59000.00"}"#).unwrap();
/// assert_eq!(back, fee);
/// assert!(serde_json::from_str::<Fee>(r#"{"total_cost":1,"user_fee":7000,"ward_amount":59000}"#).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(try_from = "FeeParts")]
#[ts(export)]
pub struct Fee {
    /// 事業に係る経費
    #[serde(with = "yen_int")]
    #[ts(type = "number")]
    total_cost: Yen,
    /// 利用者負担額: paid by the mother at the facility.
    #[serde(with = "yen_int")]
    #[ts(type = "number")]
    user_fee: Yen,
    /// 区支出金額: claimed by the facility from the ward.
    #[serde(with = "yen_int")]
    #[ts(type = "number")]
    ward_amount: Yen,
}

/// Why three amounts are not a [`Fee`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeeError {
    #[error("amounts must be whole yen and not negative, got {0}")]
    NotWholeYen(Yen),
    #[error("total cost {total_cost} is not user fee {user_fee} + ward amount {ward_amount}")]
    DoesNotAdd { total_cost: Yen, user_fee: Yen, ward_amount: Yen },
    #[error("amount too large")]
    Overflow,
}

impl Fee {
    pub const ZERO: Fee = Fee { total_cost: Decimal::ZERO, user_fee: Decimal::ZERO, ward_amount: Decimal::ZERO };

    /// A fee from its two shares; the total is their sum.
    ///
    /// # Errors
    /// A negative or fractional amount, or a sum beyond `Decimal`'s range.
    pub fn new(user_fee: Yen, ward_amount: Yen) -> Result<Fee, FeeError> {
        check_whole(user_fee)?;
        check_whole(ward_amount)?;
        let total_cost = user_fee.checked_add(ward_amount).ok_or(FeeError::Overflow)?;
        Ok(Fee { total_cost, user_fee, ward_amount })
    }

    /// A fee from all three amounts, as written in a schedule or a file.
    ///
    /// # Errors
    /// As [`Fee::new`], and [`FeeError::DoesNotAdd`] when the total is not the sum.
    pub fn from_parts(total_cost: Yen, user_fee: Yen, ward_amount: Yen) -> Result<Fee, FeeError> {
        check_whole(total_cost)?;
        let fee = Fee::new(user_fee, ward_amount)?;
        if fee.total_cost != total_cost {
            return Err(FeeError::DoesNotAdd { total_cost, user_fee, ward_amount });
        }
        Ok(fee)
    }

    pub fn total_cost(&self) -> Yen {
        self.total_cost
    }

    pub fn user_fee(&self) -> Yen {
        self.user_fee
    }

    pub fn ward_amount(&self) -> Yen {
        self.ward_amount
    }

    /// `self` repeated `n` times (`n` days or visits).
    ///
    /// # Errors
    /// [`FeeError::Overflow`] beyond `Decimal`'s range.
    pub fn times(&self, n: u32) -> Result<Fee, FeeError> {
        let n = Decimal::from(n);
        let user = self.user_fee.checked_mul(n).ok_or(FeeError::Overflow)?;
        let ward = self.ward_amount.checked_mul(n).ok_or(FeeError::Overflow)?;
        Fee::new(user, ward)
    }

    /// The sum of two fees (a claim's total, a stay's block plus its extra days).
    ///
    /// # Errors
    /// [`FeeError::Overflow`] beyond `Decimal`'s range.
    pub fn checked_add(&self, other: &Fee) -> Result<Fee, FeeError> {
        let user = self.user_fee.checked_add(other.user_fee).ok_or(FeeError::Overflow)?;
        let ward = self.ward_amount.checked_add(other.ward_amount).ok_or(FeeError::Overflow)?;
        Fee::new(user, ward)
    }

    /// The same total, with `moved` yen of the user fee paid by the ward instead (減免).
    /// `moved` is clamped to the user fee, so the user never pays less than nothing.
    pub(crate) fn move_to_ward(&self, moved: Yen) -> Fee {
        let moved = moved.clamp(Decimal::ZERO, self.user_fee);
        let fee =
            Fee { total_cost: self.total_cost, user_fee: self.user_fee - moved, ward_amount: self.ward_amount + moved };
        fee.debug_check();
        fee
    }

    /// A late cancellation or no-show: the user fee is charged, the ward pays nothing, and
    /// the total is what changes hands (the user fee), so the invariant still holds.
    pub(crate) fn user_only(&self) -> Fee {
        Fee { total_cost: self.user_fee, user_fee: self.user_fee, ward_amount: Decimal::ZERO }
    }

    fn debug_check(&self) {
        debug_assert_eq!(self.total_cost, self.user_fee + self.ward_amount, "fee does not add up: {self:?}");
    }
}

impl Add for Fee {
    type Output = Fee;
    /// Sums two fees. Panics only beyond 7.9 × 10²⁸ yen; use [`Fee::checked_add`] for untrusted sums.
    fn add(self, other: Fee) -> Fee {
        let fee = Fee {
            total_cost: self.total_cost + other.total_cost,
            user_fee: self.user_fee + other.user_fee,
            ward_amount: self.ward_amount + other.ward_amount,
        };
        fee.debug_check();
        fee
    }
}

impl std::iter::Sum for Fee {
    fn sum<I: Iterator<Item = Fee>>(iter: I) -> Fee {
        iter.fold(Fee::ZERO, Add::add)
    }
}

fn check_whole(y: Yen) -> Result<(), FeeError> {
    if y.is_sign_negative() && !y.is_zero() || y.fract() != Decimal::ZERO {
        return Err(FeeError::NotWholeYen(y));
    }
    Ok(())
}

/// The wire shape of a fee, validated into a [`Fee`].
#[derive(Deserialize)]
struct FeeParts {
    #[serde(with = "yen_int")]
    total_cost: Yen,
    #[serde(with = "yen_int")]
    user_fee: Yen,
    #[serde(with = "yen_int")]
    ward_amount: Yen,
}

impl TryFrom<FeeParts> for Fee {
    type Error = FeeError;
    fn try_from(p: FeeParts) -> Result<Fee, FeeError> {
        Fee::from_parts(p.total_cost, p.user_fee, p.ward_amount)
    }
}

/// Yen formatted for receipts and CSV: `¥12,345`, `-¥500`.
///
/// ```
/// use rust_decimal_macros::dec;
/// assert_eq!(sango::money::format_yen(dec!(66000)), "¥66,000");
/// assert_eq!(sango::money::format_yen(dec!(0)), "¥0");
/// assert_eq!(sango::money::format_yen(dec!(-1234567)), "-¥1,234,567");
/// ```
pub fn format_yen(y: Yen) -> String {
    // Whole yen by invariant; a stray fraction is cut, never rounded up.
    let whole = y.trunc().abs().normalize().to_string();
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if y.is_sign_negative() && !y.trunc().is_zero() { "-" } else { "" };
    format!("{sign}¥{grouped}")
}

/// A fee as people read it: `¥66,000 (利用者 ¥7,000 / 区 ¥59,000)`.
impl fmt::Display for Fee {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} (利用者 {} / 区 {})",
            format_yen(self.total_cost),
            format_yen(self.user_fee),
            format_yen(self.ward_amount)
        )
    }
}

/// `#[serde(with = "crate::money::yen_int")]`: whole yen as a JSON integer; in, an integer, an
/// integral float, or a decimal string without a fraction of a yen.
pub mod yen_int {
    use super::*;
    use serde::de::{self, Visitor};
    use serde::{Deserializer, Serializer};

    pub fn serialize<S: Serializer>(y: &Yen, s: S) -> Result<S::Ok, S::Error> {
        if y.fract() != Decimal::ZERO {
            return Err(serde::ser::Error::custom(format!("{y} is not whole yen")));
        }
        match y.to_i64() {
            Some(n) => s.serialize_i64(n),
            None => Err(serde::ser::Error::custom(format!("{y} yen is out of range"))),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Yen, D::Error> {
        // A compact binary format (the working state's records) holds exactly what `serialize`
        // wrote, and cannot say which type comes next.
        if d.is_human_readable() {
            d.deserialize_any(YenVisitor)
        } else {
            d.deserialize_i64(YenVisitor)
        }
    }

    struct YenVisitor;

    impl Visitor<'_> for YenVisitor {
        type Value = Yen;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("whole yen as an integer or a decimal string")
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Yen, E> {
            Ok(Decimal::from(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Yen, E> {
            Ok(Decimal::from(v))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Yen, E> {
            // Only integral floats within f64's exact range: 12345.0 is fine, 0.5 yen is not.
            if v.fract() == 0.0 && v.abs() < 9.0e15 {
                Ok(Decimal::from(v as i64))
            } else {
                Err(E::custom(format!("{v} is not whole yen")))
            }
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Yen, E> {
            let d: Decimal = v.trim().parse().map_err(|_| E::custom(format!("{v:?} is not an amount of yen")))?;
            if d.fract() != Decimal::ZERO {
                return Err(E::custom(format!("{v:?} is not whole yen")));
            }
            Ok(d.trunc().normalize())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn a_fee_adds_up_by_construction() {
        let f = Fee::new(dec!(1500), dec!(17500)).unwrap();
        assert_eq!(f.total_cost(), dec!(19000));
        assert_eq!(f.times(3).unwrap(), Fee::new(dec!(4500), dec!(52500)).unwrap());
    }

    #[test]
    fn fractional_or_negative_yen_is_refused() {
        assert_eq!(Fee::new(dec!(0.5), dec!(1)), Err(FeeError::NotWholeYen(dec!(0.5))));
        assert!(Fee::new(dec!(-1), dec!(1)).is_err());
        assert!(Fee::from_parts(dec!(10), dec!(3), dec!(6)).is_err());
        assert!(serde_json::from_str::<Fee>(r#"{"total_cost":"1.5","user_fee":"1.5","ward_amount":0}"#).is_err());
        assert!(serde_json::from_str::<Fee>(r#"{"total_cost":1.5,"user_fee":1.5,"ward_amount":0}"#).is_err());
    }

    #[test]
    fn json_is_whole_yen_integers_and_round_trips() {
        let f = Fee::new(dec!(3500), dec!(29500)).unwrap();
        let s = serde_json::to_string(&f).unwrap();
        assert_eq!(s, r#"{"total_cost":33000,"user_fee":3500,"ward_amount":29500}"#);
        assert_eq!(serde_json::from_str::<Fee>(&s).unwrap(), f);
        assert_eq!(
            serde_json::from_str::<Fee>(r#"{"total_cost":33000.0,"user_fee":"3500","ward_amount":29500}"#).unwrap(),
            f
        );
    }

    #[test]
    fn moving_the_user_fee_to_the_ward_keeps_the_total() {
        let f = Fee::new(dec!(7000), dec!(59000)).unwrap();
        let waived = f.move_to_ward(dec!(7000));
        assert_eq!((waived.total_cost(), waived.user_fee(), waived.ward_amount()), (dec!(66000), dec!(0), dec!(66000)));
        assert_eq!(f.move_to_ward(dec!(99999)), waived, "never more than the user fee moves");
    }

    #[test]
    fn yen_are_grouped_by_thousands() {
        for (y, s) in [
            (dec!(5), "¥5"),
            (dec!(500), "¥500"),
            (dec!(1000), "¥1,000"),
            (dec!(123456), "¥123,456"),
            (dec!(-500), "-¥500"),
        ] {
            assert_eq!(format_yen(y), s);
        }
        assert_eq!(Fee::new(dec!(7000), dec!(59000)).unwrap().to_string(), "¥66,000 (利用者 ¥7,000 / 区 ¥59,000)");
    }

    #[test]
    fn fees_sum() {
        let a = Fee::new(dec!(1), dec!(2)).unwrap();
        let total: Fee = [a, a, a].into_iter().sum();
        assert_eq!(total, a.times(3).unwrap());
    }
}
