//! How a fee schedule prices a use: amounts as published (each possibly not published), a first
//! block plus a price per unit, a price per day, a table by length, a surcharge per extra baby,
//! and the household reductions (a share, or a fixed user fee per unit).
//!
//! A value the municipality has not published is `None` here ("unknown" in the file). A price
//! that needs one is [`Missing::Unknown`], never a guess; the third of three amounts follows from
//! the other two (cost = user + ward), which is arithmetic, not a guess.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::money::Fee;
use crate::types::{Service, Yen};

/// Three amounts of one unit, block or table row, as the municipality published them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amounts {
    pub total_cost: Option<Yen>,
    pub user_fee: Option<Yen>,
    pub ward_amount: Option<Yen>,
}

impl Amounts {
    pub fn known(fee: Fee) -> Amounts {
        Amounts {
            total_cost: Some(fee.total_cost()),
            user_fee: Some(fee.user_fee()),
            ward_amount: Some(fee.ward_amount()),
        }
    }

    /// The fee, when at least two amounts are published (the third is their difference or sum);
    /// `None` when two are unknown or they do not add up.
    pub fn fee(&self) -> Option<Fee> {
        match (self.total_cost, self.user_fee, self.ward_amount) {
            (Some(t), Some(u), Some(w)) => Fee::from_parts(t, u, w).ok(),
            (None, Some(u), Some(w)) => Fee::new(u, w).ok(),
            (Some(t), Some(u), None) if t >= u => Fee::new(u, t - u).ok(),
            (Some(t), None, Some(w)) if t >= w => Fee::new(t - w, w).ok(),
            _ => None,
        }
    }

    /// Whether the three published amounts contradict each other (checked when the file loads).
    pub fn contradicts(&self) -> bool {
        let published = [self.total_cost, self.user_fee, self.ward_amount].iter().filter(|a| a.is_some()).count();
        published >= 2 && self.fee().is_none()
    }
}

/// How a schedule prices a use of some units.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Price {
    /// A first block priced as one (Nerima's 1泊2日), then each further unit; without a block,
    /// a price per day or visit.
    Block { first: Option<(u32, Amounts)>, per_unit: Amounts },
    /// A price for each length (江東区: 1 to 4 nights); a length not in the table is not priced.
    Table(Vec<(u32, Amounts)>),
}

/// What a multiple birth adds, per extra baby.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Surcharge {
    /// Added for each unit (a day) or once per use.
    pub per_unit: bool,
    pub amounts: Amounts,
}

/// Why a schedule cannot price a use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// The price needs a value the municipality has not published: what, in the program's words.
    Unknown(&'static str),
    /// The table has no row for this length.
    NoRow(u32),
    Overflow,
}

/// One fee schedule of one service, in force from `from` through `until` (inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeSchedule {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub price: Price,
    pub per_extra_baby: Option<Surcharge>,
}

impl FeeSchedule {
    pub(super) fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u)
    }

    /// The standard fee of `units` (≥ 1) for `babies`, before any reduction.
    pub fn standard(&self, units: u32, babies: u8) -> Result<Fee, Missing> {
        let base = match &self.price {
            // A use shorter than the block (allowed only when min_units is lower) pays the block.
            Price::Block { first: Some((block_units, block)), per_unit } => {
                let block = block.fee().ok_or(Missing::Unknown("first_block"))?;
                let extra = units.saturating_sub(*block_units);
                if extra == 0 {
                    block
                } else {
                    let unit = per_unit.fee().ok_or(Missing::Unknown("per_unit"))?;
                    block
                        .checked_add(&unit.times(extra).map_err(|_| Missing::Overflow)?)
                        .map_err(|_| Missing::Overflow)?
                }
            }
            Price::Block { first: None, per_unit } => {
                per_unit.fee().ok_or(Missing::Unknown("per_unit"))?.times(units).map_err(|_| Missing::Overflow)?
            }
            Price::Table(rows) => {
                let (_, row) = rows.iter().find(|(n, _)| *n == units).ok_or(Missing::NoRow(units))?;
                row.fee().ok_or(Missing::Unknown("table"))?
            }
        };
        let extra_babies = u32::from(babies.saturating_sub(1));
        match (&self.per_extra_baby, extra_babies) {
            (_, 0) | (None, _) => Ok(base),
            (Some(s), n) => {
                let one = s.amounts.fee().ok_or(Missing::Unknown("per_extra_baby"))?;
                let times = if s.per_unit { n.saturating_mul(units) } else { n };
                base.checked_add(&one.times(times).map_err(|_| Missing::Overflow)?).map_err(|_| Missing::Overflow)
            }
        }
    }
}

/// What a household pays of the standard user fee (減免).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reduction {
    /// This percentage of the standard user fee, rounded down to the yen (0 = waived).
    Share(u32),
    /// A fixed user fee per unit, by service (杉並区: ¥3,000 / ¥2,000 / ¥1,000); never more than
    /// the standard one. A service not listed is not published.
    PerUnit(BTreeMap<Service, Yen>),
    /// The municipality says there is a reduction but not how much.
    Unknown,
}

impl Reduction {
    /// The fee the household pays: what it no longer pays moves to the ward, so the total never
    /// changes. `None` when the reduction is not published for this service.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// use sango::{money::Fee, program::Reduction, types::Service};
    /// let standard = Fee::new(dec!(6000), dec!(20000)).unwrap();
    /// let half = Reduction::Share(50).apply(standard, Service::ShortStay, 1).unwrap();
    /// assert_eq!((half.user_fee(), half.ward_amount()), (dec!(3000), dec!(23000)));
    /// let fixed = Reduction::PerUnit([(Service::ShortStay, dec!(3000))].into()).apply(standard, Service::ShortStay, 2).unwrap();
    /// assert_eq!(fixed.user_fee(), dec!(6000)); // 2 × ¥3,000, the standard ¥6,000 is no more
    /// assert_eq!(Reduction::Unknown.apply(standard, Service::ShortStay, 1), None);
    /// ```
    pub fn apply(&self, standard: Fee, service: Service, units: u32) -> Option<Fee> {
        let user_fee = match self {
            // Rounded down: a reduction never makes the mother pay a fraction of a yen more.
            Reduction::Share(percent) => {
                (standard.user_fee() * Decimal::from((*percent).min(100)) / Decimal::ONE_HUNDRED).floor()
            }
            Reduction::PerUnit(by_service) => {
                by_service.get(&service)?.checked_mul(Decimal::from(units))?.min(standard.user_fee())
            }
            Reduction::Unknown => return None,
        };
        Some(standard.move_to_ward(standard.user_fee() - user_fee))
    }
}

#[cfg(test)]
mod tests {
    use rust_decimal_macros::dec;

    use super::*;

    fn amounts(t: Option<i64>, u: Option<i64>, w: Option<i64>) -> Amounts {
        Amounts { total_cost: t.map(Decimal::from), user_fee: u.map(Decimal::from), ward_amount: w.map(Decimal::from) }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn schedule(price: Price, per_extra_baby: Option<Surcharge>) -> FeeSchedule {
        FeeSchedule { from: day(2025, 4, 1), until: None, price, per_extra_baby }
    }

    #[test]
    fn two_published_amounts_give_the_third_and_one_does_not() {
        let cases = [
            ("all three that add up", amounts(Some(10), Some(3), Some(7)), Some((10, 3, 7))),
            ("all three that do not add up", amounts(Some(11), Some(3), Some(7)), None),
            ("the total missing", amounts(None, Some(3), Some(7)), Some((10, 3, 7))),
            ("the ward's share missing", amounts(Some(10), Some(3), None), Some((10, 3, 7))),
            ("the user's share missing", amounts(Some(10), None, Some(7)), Some((10, 3, 7))),
            ("a share above the total", amounts(Some(2), Some(3), None), None),
            ("only the user's share", amounts(None, Some(3), None), None),
        ];
        for (name, a, expected) in cases {
            let got = a.fee().map(|f| (f.total_cost(), f.user_fee(), f.ward_amount()));
            assert_eq!(got, expected.map(|(t, u, w)| (Decimal::from(t), Decimal::from(u), Decimal::from(w))), "{name}");
        }
        assert!(amounts(Some(11), Some(3), Some(7)).contradicts());
        assert!(!amounts(None, Some(3), None).contradicts());
    }

    #[test]
    fn each_way_of_pricing_prices_on_both_sides_of_its_boundary() {
        let unit = amounts(None, Some(3500), Some(29500));
        let block = Price::Block { first: Some((2, amounts(None, Some(7000), Some(59000)))), per_unit: unit };
        let per_day = Price::Block { first: None, per_unit: amounts(None, Some(5000), Some(0)) };
        let table =
            Price::Table(vec![(2, amounts(None, Some(8200), Some(0))), (3, amounts(None, Some(12300), Some(0)))]);
        let unknown_unit = Price::Block {
            first: Some((2, amounts(None, Some(7000), Some(59000)))),
            per_unit: amounts(None, Some(3500), None),
        };
        let cases: Vec<(&str, Price, u32, Result<i64, Missing>)> = vec![
            ("a block is the block's price at its own length", block.clone(), 2, Ok(7000)),
            ("a block adds one unit a day beyond it", block, 3, Ok(10500)),
            ("a price per day is the days times the price", per_day.clone(), 1, Ok(5000)),
            ("a price per day for two days", per_day, 2, Ok(10000)),
            ("a table prices a length it lists", table.clone(), 3, Ok(12300)),
            ("a table does not price a length it does not list", table, 4, Err(Missing::NoRow(4))),
            ("an unknown unit price is not needed within the block", unknown_unit.clone(), 2, Ok(7000)),
            ("an unknown unit price refuses a longer use", unknown_unit, 3, Err(Missing::Unknown("per_unit"))),
        ];
        for (name, price, units, expected) in cases {
            let got = schedule(price, None).standard(units, 1).map(|f| f.user_fee());
            assert_eq!(got, expected.map(Decimal::from), "{name}");
        }
    }

    #[test]
    fn a_surcharge_per_extra_baby_is_added_per_day_or_per_use() {
        let per_day = Price::Block { first: None, per_unit: amounts(None, Some(6000), Some(0)) };
        let surcharge = |per_unit| Some(Surcharge { per_unit, amounts: amounts(None, Some(2000), Some(0)) });
        let cases = [
            ("one baby pays no surcharge", surcharge(true), 1u8, 3u32, 18_000),
            ("twins pay one surcharge a day", surcharge(true), 2, 3, 24_000),
            ("triplets pay two a day", surcharge(true), 3, 3, 30_000),
            ("twins pay one surcharge a use", surcharge(false), 2, 3, 20_000),
            ("no surcharge in the program", None, 2, 3, 18_000),
        ];
        for (name, s, babies, units, user) in cases {
            assert_eq!(
                schedule(per_day.clone(), s).standard(units, babies).unwrap().user_fee(),
                Decimal::from(user),
                "{name}"
            );
        }
        let unknown = Some(Surcharge { per_unit: true, amounts: amounts(None, Some(2000), None) });
        assert_eq!(
            schedule(per_day.clone(), unknown).standard(1, 1).unwrap().user_fee(),
            dec!(6000),
            "one baby needs no unknown surcharge"
        );
        assert_eq!(schedule(per_day, unknown).standard(1, 2), Err(Missing::Unknown("per_extra_baby")), "twins need it");
    }

    #[test]
    fn a_reduction_moves_what_she_no_longer_pays_to_the_ward() {
        let standard = Fee::new(dec!(1500), dec!(17500)).unwrap();
        let cases = [
            ("a share of 100 % changes nothing", Reduction::Share(100), Some(dec!(1500))),
            ("a share of 0 % waives it", Reduction::Share(0), Some(dec!(0))),
            ("a share rounds down to the yen", Reduction::Share(33), Some(dec!(495))),
            (
                "a fixed fee below the standard one",
                Reduction::PerUnit([(Service::DayCare, dec!(1000))].into()),
                Some(dec!(1000)),
            ),
            (
                "a fixed fee above the standard one pays the standard",
                Reduction::PerUnit([(Service::DayCare, dec!(2000))].into()),
                Some(dec!(1500)),
            ),
            (
                "a fixed fee for another service only",
                Reduction::PerUnit([(Service::ShortStay, dec!(1000))].into()),
                None,
            ),
            ("a reduction not published", Reduction::Unknown, None),
        ];
        for (name, r, user) in cases {
            let got = r.apply(standard, Service::DayCare, 1);
            assert_eq!(got.map(|f| f.user_fee()), user, "{name}");
            assert!(got.is_none_or(|f| f.total_cost() == standard.total_cost()), "{name}: the total never changes");
        }
    }
}
