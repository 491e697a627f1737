//! Which of a facility's journal entries the ward has already folded in, as runs of sequence
//! numbers.
//!
//! A bundle carries a facility's entries in sequence order, so what an import folds is a handful
//! of runs, not a set of single numbers: the working state stores one row per run, and an import
//! reads a facility's runs once instead of asking sled twice per entry.

/// Sequence numbers already folded for one origin: sorted, merged, inclusive runs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeenRuns {
    runs: Vec<(u64, u64)>,
}

impl SeenRuns {
    /// From runs in any order, overlapping or touching ones merged.
    pub fn from_runs(mut runs: Vec<(u64, u64)>) -> SeenRuns {
        runs.retain(|(first, last)| first <= last);
        runs.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(runs.len());
        for (first, last) in runs {
            match merged.last_mut() {
                Some(prev) if first <= prev.1.saturating_add(1) => prev.1 = prev.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        SeenRuns { runs: merged }
    }

    pub fn contains(&self, seq: u64) -> bool {
        // The last run starting at or before `seq` is the only one that can hold it.
        let i = self.runs.partition_point(|&(first, _)| first <= seq);
        i > 0 && seq <= self.runs[i - 1].1
    }

    /// Marks `seq` as seen, keeping the runs merged.
    pub fn insert(&mut self, seq: u64) {
        if !self.contains(seq) {
            let mut runs = std::mem::take(&mut self.runs);
            runs.push((seq, seq));
            *self = SeenRuns::from_runs(runs);
        }
    }
}

/// The runs of consecutive numbers in `seqs` (any order, duplicates allowed).
pub fn runs_of(seqs: &[u64]) -> Vec<(u64, u64)> {
    let mut sorted = seqs.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out: Vec<(u64, u64)> = Vec::new();
    for s in sorted {
        match out.last_mut() {
            Some(run) if run.1 + 1 == s => run.1 = s,
            _ => out.push((s, s)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_gap_between_two_parts_stays_unseen() {
        let seen = SeenRuns::from_runs(runs_of(&[1, 2, 3, 7, 8]));
        assert_eq!(seen.runs, vec![(1, 3), (7, 8)]);
        assert!(seen.contains(1) && seen.contains(3) && seen.contains(7) && seen.contains(8));
        assert!(!seen.contains(0) && !seen.contains(4) && !seen.contains(6) && !seen.contains(9));
    }

    #[test]
    fn touching_and_overlapping_runs_merge() {
        let seen = SeenRuns::from_runs(vec![(5, 9), (1, 4), (3, 6), (20, 20)]);
        assert_eq!(seen.runs, vec![(1, 9), (20, 20)]);
    }

    proptest! {
        #[test]
        fn runs_hold_exactly_the_numbers_marked(marked in proptest::collection::vec(0u64..200, 0..80), split in 0usize..80) {
            // Marked in two imports, as two bundles would be.
            let split = split.min(marked.len());
            let mut runs = runs_of(&marked[..split]);
            runs.extend(runs_of(&marked[split..]));
            let seen = SeenRuns::from_runs(runs);
            let mut one_by_one = SeenRuns::default();
            marked.iter().for_each(|&s| one_by_one.insert(s));
            for s in 0..210 {
                prop_assert_eq!(seen.contains(s), marked.contains(&s));
                prop_assert_eq!(one_by_one.contains(s), marked.contains(&s));
            }
        }
    }
}
