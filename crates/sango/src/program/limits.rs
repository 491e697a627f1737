//! What a limit is and what it counts: per birth, per child, per fiscal year or once; a limit per
//! service, or a pool over services (中野区: 15 uses over all three) with each service capped.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::types::Service;

/// What a limit counts (「出産1回につき」「子ども1人につき」「年度内」「1回限り」).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Counts {
    /// Per birth (練馬区): a multiple birth has its own limit.
    #[default]
    Birth,
    /// Per child (杉並区): the limit once for each baby of the birth.
    Child,
    /// Within the fiscal year (April to March) of the use (品川区).
    FiscalYear,
    /// One use only, of at most the limit's units (江東区: one stay of up to 4泊5日).
    Once,
}

/// A limit in units, for a single and a multiple birth; `None` where it is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Limit {
    pub single: Option<u32>,
    pub multiple: Option<u32>,
    pub counts: Counts,
}

impl Limit {
    /// The units allowed for a birth of `babies`; `None` when the municipality has not published it.
    ///
    /// ```
    /// use sango::program::{Counts, Limit};
    /// let per_child = Limit { single: Some(5), multiple: Some(5), counts: Counts::Child };
    /// assert_eq!((per_child.units(1), per_child.units(2)), (Some(5), Some(10)));
    /// let per_birth = Limit { single: Some(12), multiple: Some(18), counts: Counts::Birth };
    /// assert_eq!((per_birth.units(1), per_birth.units(3)), (Some(12), Some(18)));
    /// ```
    pub fn units(&self, babies: u8) -> Option<u32> {
        let babies = babies.max(1);
        match self.counts {
            Counts::Child => self.single.map(|n| n.saturating_mul(u32::from(babies))),
            _ if babies >= 2 => self.multiple,
            _ => self.single,
        }
    }

    /// The most uses the limit allows (only `once` has one).
    pub fn uses(&self) -> Option<u32> {
        (self.counts == Counts::Once).then_some(1)
    }
}

/// One limit over several services, each of which may also have its own (a sub-cap).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Pool {
    /// As the file names it, e.g. `care-card`.
    pub id: String,
    /// The program's word for it, e.g. 「産後ケア利用券」.
    pub name_ja: String,
    pub services: Vec<Service>,
    pub limit: Limit,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_way_of_counting_gives_its_limit_on_both_sides_of_a_multiple_birth() {
        let l = |counts| Limit { single: Some(7), multiple: Some(10), counts };
        let cases = [
            ("per birth, one baby", l(Counts::Birth), 1, Some(7)),
            ("per birth, twins have the multiple limit", l(Counts::Birth), 2, Some(10)),
            ("per child, one baby", l(Counts::Child), 1, Some(7)),
            ("per child, twins have it twice", l(Counts::Child), 2, Some(14)),
            ("per fiscal year, twins have the multiple limit", l(Counts::FiscalYear), 2, Some(10)),
            ("once, one baby", l(Counts::Once), 1, Some(7)),
            ("an unpublished multiple limit", Limit { multiple: None, ..l(Counts::Birth) }, 2, None),
            (
                "an unpublished multiple limit is not needed for one baby",
                Limit { multiple: None, ..l(Counts::Birth) },
                1,
                Some(7),
            ),
            ("no birth recorded counts as one baby", l(Counts::Child), 0, Some(7)),
        ];
        for (name, limit, babies, expected) in cases {
            assert_eq!(limit.units(babies), expected, "{name}");
        }
        assert_eq!(l(Counts::Once).uses(), Some(1));
        assert_eq!(l(Counts::Birth).uses(), None);
    }
}
