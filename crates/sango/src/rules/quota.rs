//! Quota: one mother's counted uses against the program's limits — a service's own limit and
//! the pool it counts in (中野区: 15 over all three services, a stay at most 7), per birth, per
//! child, per fiscal year or once.
//!
//! [`MotherHistory`] is loaded once by whoever asks (the booking check, the desk's lines, the
//! ward's overruns) and asked the same questions by all three.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::calendar::fiscal_year_of;
use crate::program::{Counts, Limit, Pool, Program};
use crate::types::Service;

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

/// One use of hers that counts against her limits, wherever the install learnt of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountedUse {
    pub service: Service,
    pub facility: String,
    /// Learnt from the ward's roster (another facility's), not this install's own records.
    pub from_roster: bool,
    pub first_day: NaiveDate,
    pub units: u32,
    /// Happened, or deemed to: "used" rather than "booked".
    pub used: bool,
    /// A late cancellation or no-show: it counts as the program says ([`Program::late_units`]).
    pub late: bool,
}

/// Everything the quota rules need of one mother: her birth's babies and her counted uses.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MotherHistory {
    /// Babies of the birth (1 when no birth is recorded).
    pub babies: u8,
    pub uses: Vec<CountedUse>,
}

/// A limit's count: `limit` is `None` where the program has not published it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub limit: Option<u32>,
    pub used: u32,
    pub booked: u32,
    /// Separate uses counted (for a limit of one use only).
    pub uses: u32,
}

impl Tally {
    pub fn counted(&self) -> u32 {
        self.used.saturating_add(self.booked)
    }

    pub fn remaining(&self) -> Option<u32> {
        self.limit.map(|l| l.saturating_sub(self.counted()))
    }
}

/// Why a use does not fit her limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuotaFailure {
    /// The limit is not published: `pool` names the pool where it is the pool's.
    Unknown { pool: Option<String> },
    /// Counted + asked exceed the limit.
    Over { limit: u32, counted: u32, pool: Option<String> },
    /// The limit allows one use only, and she has had it.
    OnceUsed,
}

impl MotherHistory {
    /// The units a use counts: a late cancellation as the program says, else all of them.
    pub fn counted_units(program: &Program, u: &CountedUse) -> u32 {
        if u.late {
            program.late_units(u.units)
        } else {
            u.units
        }
    }

    /// Her count under `limit` over `services`, for a use on `on` (a fiscal-year limit counts
    /// only the uses of that year).
    pub fn tally(&self, program: &Program, services: &[Service], limit: &Limit, on: NaiveDate) -> Tally {
        let in_scope = |u: &&CountedUse| {
            services.contains(&u.service)
                && (limit.counts != Counts::FiscalYear || fiscal_year_of(u.first_day) == fiscal_year_of(on))
        };
        let mut t = Tally { limit: limit.units(self.babies), used: 0, booked: 0, uses: 0 };
        for u in self.uses.iter().filter(in_scope) {
            let n = Self::counted_units(program, u);
            if u.used {
                t.used = t.used.saturating_add(n);
            } else {
                t.booked = t.booked.saturating_add(n);
            }
            t.uses += 1;
        }
        t
    }

    /// The service's own count (`None` when it has no limit of its own) and its pool's.
    pub fn standing<'p>(
        &self,
        program: &'p Program,
        service: Service,
        on: NaiveDate,
    ) -> (Option<Tally>, Option<(&'p Pool, Tally)>) {
        let own = program.service(service).and_then(|s| s.limit).map(|l| self.tally(program, &[service], &l, on));
        let pool = program.pool_of(service).map(|p| (p, self.tally(program, &p.services, &p.limit, on)));
        (own, pool)
    }

    /// Every limit a use of `units` of `service` on `first_day` breaks (none: it fits).
    pub fn failures(&self, program: &Program, service: Service, first_day: NaiveDate, units: u32) -> Vec<QuotaFailure> {
        let (own, pool) = self.standing(program, service, first_day);
        let own_limit = program.service(service).and_then(|s| s.limit);
        let mut out = Vec::new();
        let limits = own
            .map(|t| (t, own_limit, None))
            .into_iter()
            .chain(pool.map(|(p, t)| (t, Some(p.limit), Some(p.name_ja.clone()))));
        for (tally, limit, pool) in limits {
            match tally.limit {
                None => out.push(QuotaFailure::Unknown { pool }),
                Some(_) if limit.and_then(|l| l.uses()).is_some_and(|most| tally.uses >= most) => {
                    out.push(QuotaFailure::OnceUsed)
                }
                Some(l) if u64::from(tally.counted()) + u64::from(units) > u64::from(l) => {
                    out.push(QuotaFailure::Over { limit: l, counted: tally.counted(), pool })
                }
                Some(_) => {}
            }
        }
        out
    }

    /// What remains for `service` on `on`: the least of its own limit and its pool's; `None`
    /// when a limit it needs is not published.
    pub fn remaining(&self, program: &Program, service: Service, on: NaiveDate) -> Option<u32> {
        let (own, pool) = self.standing(program, service, on);
        let all: Vec<Option<u32>> =
            own.map(|t| t.remaining()).into_iter().chain(pool.map(|(_, t)| t.remaining())).collect();
        if all.is_empty() {
            return Some(0);
        }
        all.into_iter().try_fold(u32::MAX, |least, r| r.map(|r| least.min(r)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn used(service: Service, facility: &str, first_day: NaiveDate, units: u32) -> CountedUse {
        CountedUse { service, facility: facility.into(), from_roster: false, first_day, units, used: true, late: false }
    }

    /// 中野区's shape: 15 uses pooled over all three services (21 for a multiple birth), a stay
    /// at most 7, a 1泊2日 stay = 2 uses.
    fn pooled() -> Program {
        Program::from_toml_str(include_str!("../../data/program-nakano-2022.toml")).unwrap()
    }

    #[test]
    fn a_quota_counts_used_and_booked_against_the_limit() {
        let q = Quota::new(12, 5, 4);
        assert_eq!((q.remaining, q.overrun()), (3, 0));
        assert!(q.fits(3) && !q.fits(4));
        let q = Quota::new(6, 5, 3);
        assert_eq!((q.remaining, q.overrun()), (0, 2));
        assert_eq!(remaining(u32::MAX, u32::MAX, u32::MAX), 0);
    }

    #[test]
    fn a_pooled_limit_counts_every_service_at_every_facility_and_each_service_keeps_its_cap() {
        let p = pooled();
        let day = d(2026, 6, 1);
        let history = |uses: Vec<CountedUse>| MotherHistory { babies: 1, uses };
        let six_stay = vec![used(Service::ShortStay, "a", d(2026, 5, 1), 6)];
        let mixed = vec![
            used(Service::ShortStay, "a", d(2026, 5, 1), 6),
            used(Service::DayCare, "b", d(2026, 5, 10), 5),
            used(Service::HomeVisit, "c", d(2026, 5, 20), 3),
        ];
        let cases: Vec<(&str, MotherHistory, Service, u32, usize)> = vec![
            ("a stay within its cap and the pool", history(six_stay.clone()), Service::ShortStay, 1, 0),
            ("a stay one day over its own cap of 7", history(six_stay.clone()), Service::ShortStay, 2, 1),
            ("day care after a stay fits the pool", history(six_stay), Service::DayCare, 9, 0),
            ("the pool's 15th use fits", history(mixed.clone()), Service::HomeVisit, 1, 0),
            ("the pool's 16th use does not, whatever the service", history(mixed.clone()), Service::DayCare, 2, 1),
            ("twins have 21 in the pool", MotherHistory { babies: 2, uses: mixed }, Service::DayCare, 7, 0),
        ];
        for (name, h, service, units, failures) in cases {
            assert_eq!(
                h.failures(&p, service, day, units).len(),
                failures,
                "{name}: {:?}",
                h.failures(&p, service, day, units)
            );
        }
        let h = MotherHistory {
            babies: 1,
            uses: vec![used(Service::ShortStay, "a", d(2026, 5, 1), 6), used(Service::DayCare, "b", d(2026, 5, 10), 5)],
        };
        assert_eq!(h.remaining(&p, Service::ShortStay, day), Some(1), "the stay's cap is the tighter");
        assert_eq!(h.remaining(&p, Service::HomeVisit, day), Some(4), "the pool is the only limit of a visit");
    }

    #[test]
    fn each_counting_basis_counts_on_both_sides_of_its_boundary() {
        let mut p = Program::builtin();
        let limit = |counts| Limit { single: Some(5), multiple: Some(5), counts };
        let day_care = |units, first_day| used(Service::DayCare, "a", first_day, units);
        let last_year = MotherHistory { babies: 1, uses: vec![day_care(4, d(2026, 3, 20))] };
        let cases = [
            ("per birth counts last year's uses", limit(Counts::Birth), last_year.clone(), d(2026, 4, 2), 2, 1),
            (
                "per fiscal year does not count last year's",
                limit(Counts::FiscalYear),
                last_year.clone(),
                d(2026, 4, 2),
                2,
                0,
            ),
            ("per fiscal year counts this year's", limit(Counts::FiscalYear), last_year.clone(), d(2026, 3, 30), 2, 1),
            (
                "per child: twins have twice the limit",
                limit(Counts::Child),
                MotherHistory { babies: 2, ..last_year.clone() },
                d(2026, 4, 2),
                6,
                0,
            ),
            (
                "once: a second use is refused even with days left",
                limit(Counts::Once),
                last_year.clone(),
                d(2026, 4, 2),
                1,
                1,
            ),
            (
                "once: the first use up to the limit",
                limit(Counts::Once),
                MotherHistory { babies: 1, uses: vec![] },
                d(2026, 4, 2),
                5,
                0,
            ),
        ];
        for (name, l, h, on, units, failures) in cases {
            p = p.with_limit(Service::DayCare, l);
            assert_eq!(h.failures(&p, Service::DayCare, on, units).len(), failures, "{name}");
        }
    }

    #[test]
    fn a_late_cancellation_counts_as_the_program_says() {
        let late = |p: &Program| {
            let u = CountedUse { late: true, ..used(Service::ShortStay, "a", d(2026, 5, 1), 5) };
            MotherHistory::counted_units(p, &u)
        };
        assert_eq!(late(&Program::builtin()), 5, "Nerima: the whole use");
        assert_eq!(late(&crate::program::builtin_named("itabashi-2023").unwrap().0), 1, "Itabashi: one day");
    }

    #[test]
    fn an_unpublished_limit_is_a_failure_not_a_guess() {
        let p = Program::builtin()
            .with_limit(Service::HomeVisit, Limit { single: None, multiple: None, counts: Counts::Birth });
        let h = MotherHistory { babies: 1, uses: vec![] };
        assert_eq!(h.failures(&p, Service::HomeVisit, d(2026, 6, 1), 1), vec![QuotaFailure::Unknown { pool: None }]);
        assert_eq!(h.remaining(&p, Service::HomeVisit, d(2026, 6, 1)), None);
    }
}
