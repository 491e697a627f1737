//! Quota arithmetic: a limit per birth against what is used and booked.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What remains of `limit` after `used` (no-shows included) and `booked`; never below 0.
///
/// ```
/// assert_eq!(sango::rules::remaining(7, 2, 3), 2);
/// assert_eq!(sango::rules::remaining(7, 6, 3), 0);
/// ```
pub fn remaining(limit: u32, used: u32, booked: u32) -> u32 {
    limit.saturating_sub(used.saturating_add(booked))
}

/// One service's count for one mother and birth, as `quota --card` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Quota {
    pub limit: u32,
    /// Days or visits used, no-shows and late cancellations included.
    pub used: u32,
    /// Days or visits booked and not yet used.
    pub booked: u32,
    pub remaining: u32,
}

impl Quota {
    pub fn new(limit: u32, used: u32, booked: u32) -> Quota {
        Quota { limit, used, booked, remaining: remaining(limit, used, booked) }
    }

    /// By how much used + booked exceed the limit (an overrun the ward reports), 0 if not.
    pub fn overrun(&self) -> u32 {
        self.used.saturating_add(self.booked).saturating_sub(self.limit)
    }

    /// Whether `units` more fit.
    pub fn fits(&self, units: u32) -> bool {
        units <= self.remaining
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quota_counts_used_and_booked_against_the_limit() {
        let q = Quota::new(12, 5, 4);
        assert_eq!((q.remaining, q.overrun()), (3, 0));
        assert!(q.fits(3) && !q.fits(4));
        let q = Quota::new(6, 5, 3);
        assert_eq!((q.remaining, q.overrun()), (0, 2));
        assert_eq!(remaining(u32::MAX, u32::MAX, u32::MAX), 0);
    }
}
