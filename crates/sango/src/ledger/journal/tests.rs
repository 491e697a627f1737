use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use proptest::prelude::*;

use super::*;
use crate::ledger::journal_fs::FaultyFs;

fn payload(seq: u64) -> Vec<u8> {
    // Sizes vary so that entries straddle one another's boundaries in interesting ways.
    let len = (seq * 37 % 300) as usize;
    (0..len).map(|i| (seq as usize * 31 + i) as u8).collect()
}

thread_local! {
    /// The format `new_journal` makes: compressed, as this build writes, unless a test runs its
    /// checks on a plain journal (as builds before compression made) too.
    static FORMAT: std::cell::Cell<Format> = const { std::cell::Cell::new(Format::Zstd) };
}

/// Runs `check` on a compressed journal, then on a plain one.
fn in_both_formats(check: impl Fn()) {
    for format in [Format::Zstd, Format::Plain] {
        FORMAT.with(|f| f.set(format));
        check();
    }
    FORMAT.with(|f| f.set(Format::Zstd));
}

fn new_journal(dir: &tempfile::TempDir) -> (PathBuf, Journal) {
    let path = dir.path().join("journal.sjl");
    let journal =
        Journal::create_new_in_format(&path, Arc::new(crate::ledger::journal_fs::RealFs), FORMAT.with(|f| f.get()))
            .unwrap();
    (path, journal)
}

fn read_all_entries(journal: &Journal) -> Vec<Vec<u8>> {
    journal
        .entries()
        .enumerate()
        .map(|(i, entry)| {
            let (seq, payload) = entry.unwrap();
            assert_eq!(seq, i as u64 + 1);
            payload
        })
        .collect()
}

fn reopen(path: &Path) -> (Vec<Vec<u8>>, OpenReport) {
    let (journal, report) = Journal::open(path).unwrap();
    (read_all_entries(&journal), report)
}

/// A journal holding `payload(1..=n)`, closed; returns its path and the bytes of the file.
fn journal_of(dir: &tempfile::TempDir, n: u64) -> (PathBuf, Vec<u8>) {
    let (path, mut journal) = new_journal(dir);
    for seq in 1..=n {
        assert_eq!(journal.append(&payload(seq)).unwrap(), seq);
    }
    drop(journal);
    let bytes = fs::read(&path).unwrap();
    (path, bytes)
}

fn entry_offsets(n: u64) -> Vec<usize> {
    let mut offsets = vec![HEADER_BYTES as usize];
    for seq in 1..=n {
        let last = *offsets.last().unwrap();
        offsets.push(last + stored_len(FORMAT.with(|f| f.get()), &payload(seq)));
    }
    offsets
}

#[test]
fn sequences_start_at_one_and_read_back_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut journal) = new_journal(&dir);
    assert_eq!(journal.last_seq(), 0);
    assert_eq!(journal.len_bytes(), HEADER_BYTES);
    assert_eq!(journal.append(b"first").unwrap(), 1);
    assert_eq!(journal.append(b"").unwrap(), 2);
    assert_eq!(journal.append_batch(&[b"a", b"bc"]).unwrap(), 3..5);
    assert_eq!(journal.append_batch(&[]).unwrap(), 5..5);
    assert_eq!(journal.last_seq(), 4);
    let tail: Vec<_> = journal.read_from(3).map(Result::unwrap).collect();
    assert_eq!(tail, vec![(3, b"a".to_vec()), (4, b"bc".to_vec())]);
    assert_eq!(journal.read_from(5).count(), 0);
    assert_eq!(journal.read_from(0).count(), 4);
    let len_bytes = journal.len_bytes();
    drop(journal);
    assert_eq!(fs::metadata(&path).unwrap().len(), len_bytes);
    let (entries, report) = reopen(&path);
    assert_eq!(entries, vec![b"first".to_vec(), vec![], b"a".to_vec(), b"bc".to_vec()]);
    assert_eq!(report, OpenReport { entries: 4, torn: None });
}

#[test]
fn create_new_refuses_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _journal) = new_journal(&dir);
    let err = Journal::create_new(&path).unwrap_err();
    assert_eq!(err.code(), "journal_exists");
}

#[test]
fn a_file_that_is_not_a_journal_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sjl");
    let check = |bytes: &[u8], code: &str| {
        fs::write(&path, bytes).unwrap();
        let err = Journal::open(&path).unwrap_err();
        assert_eq!(err.code(), code, "{err}");
        assert_eq!(fs::read(&path).unwrap(), bytes, "a refused file is left as it was");
    };
    check(b"", "journal_not_a_journal");
    check(b"SANGOJN", "journal_not_a_journal");
    check(b"SQLite format 3\0", "journal_not_a_journal");
    check(b"SANGOJNL\x03\0\0\0", "journal_unsupported_version");
}

#[test]
fn an_entry_over_the_limit_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_path, mut journal) = new_journal(&dir);
    let huge = vec![0; MAX_PAYLOAD_BYTES as usize + 1];
    let err = journal.append_batch(&[b"fine", &huge]).unwrap_err();
    assert_eq!(err.code(), "journal_entry_too_large");
    assert_eq!(journal.last_seq(), 0);
    assert_eq!(journal.append(b"next").unwrap(), 1);
}

#[test]
fn append_syncs_before_it_acknowledges() {
    let dir = tempfile::tempdir().unwrap();
    let (path, journal) = new_journal(&dir);
    drop(journal);
    let faulty = FaultyFs::new();
    let (mut journal, _) = Journal::open_with(&path, Arc::new(faulty.clone())).unwrap();
    faulty.fail_op(u64::MAX);
    journal.append(b"one").unwrap();
    assert_eq!(faulty.ops_count(), 2, "one write and one sync per append");
    faulty.fail_op(2); // the sync
    assert!(journal.append(b"two").is_err(), "no acknowledgement without a sync");
    faulty.fail_op(u64::MAX);
    journal.append_batch(&[b"a", b"b", b"c"]).unwrap();
    assert_eq!(faulty.ops_count(), 2, "one write and one sync per batch");
}

/// Cuts or garbles the end of a journal of five entries, and checks what open does (in both
/// formats: a torn frame is cut exactly as a torn plain entry).
fn check_torn(damage: impl Fn(&mut Vec<u8>, &[usize]), entries_left: u64) {
    in_both_formats(|| check_torn_once(&damage, entries_left));
}

fn check_torn_once(damage: impl Fn(&mut Vec<u8>, &[usize]), entries_left: u64) {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut bytes) = journal_of(&dir, 5);
    let offsets = entry_offsets(5);
    damage(&mut bytes, &offsets);
    fs::write(&path, &bytes).unwrap();
    let end = offsets[entries_left as usize];

    let before = verify(&path).unwrap();
    assert_eq!(before.entries, entries_left);
    assert_eq!(before.problems.len(), 1, "{:?}", before.problems);

    let (entries, report) = reopen(&path);
    let expected: Vec<_> = (1..=entries_left).map(payload).collect();
    assert_eq!(entries, expected);
    let torn = report.torn.expect("the tail is reported as torn");
    assert_eq!(torn.offset, end as u64);
    assert_eq!(torn.bytes_cut, (bytes.len() - end) as u64);
    assert_eq!(fs::read(&torn.kept_at).unwrap(), &bytes[end..], "the cut bytes are kept");
    assert_eq!(torn.kept_at, dir.path().join("journal.sjl.torn-1"));
    assert_eq!(fs::metadata(&path).unwrap().len(), end as u64);

    let (again, report) = reopen(&path);
    assert_eq!((again, report.torn), (expected, None), "it then opens cleanly");
    assert!(verify(&path).unwrap().problems.is_empty());
}

#[test]
fn a_torn_tail_is_cut_and_kept_aside() {
    // The last entry cut inside its header, inside its payload, one byte short.
    check_torn(|b, o| b.truncate(o[4] + 3), 4);
    check_torn(|b, o| b.truncate(o[4] + 20), 4);
    check_torn(|b, _| b.truncate(b.len() - 1), 4);
    // The last entry whole but garbled: payload, checksum, length, sequence.
    check_torn(|b, _| *b.last_mut().unwrap() ^= 1, 4);
    check_torn(|b, o| b[o[4] + 4] ^= 0x80, 4);
    check_torn(|b, o| b[o[4]] = b[o[4]].wrapping_add(1), 4);
    check_torn(|b, o| b[o[4] + 8] ^= 1, 4);
    // Trailing garbage after whole entries: zeros (a file extended but not written), noise.
    check_torn(|b, _| b.extend_from_slice(&[0; 4096]), 5);
    check_torn(|b, _| b.extend_from_slice(b"\xff\x00\x00\x00garbage"), 5);
    check_torn(|b, _| b.push(7), 5);
    // Every entry torn away.
    check_torn(|b, o| b.truncate(o[0] + 5), 0);
}

#[test]
fn torn_tails_never_overwrite_one_kept_earlier() {
    let dir = tempfile::tempdir().unwrap();
    let (path, bytes) = journal_of(&dir, 3);
    for n in 1..=3 {
        let mut torn = bytes.clone();
        torn.extend_from_slice(&[n; 5]);
        fs::write(&path, &torn).unwrap();
        let (_, report) = reopen(&path);
        let kept_at = report.torn.unwrap().kept_at;
        assert_eq!(kept_at, dir.path().join(format!("journal.sjl.torn-{n}")));
        assert_eq!(fs::read(kept_at).unwrap(), vec![n; 5]);
    }
}

/// Damages the middle of a journal of five entries: open must refuse and change nothing (in
/// both formats).
fn check_corrupt(damage: impl Fn(&mut Vec<u8>, &[usize]), bad_seq: u64) {
    in_both_formats(|| check_corrupt_once(&damage, bad_seq));
}

fn check_corrupt_once(damage: impl Fn(&mut Vec<u8>, &[usize]), bad_seq: u64) {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut bytes) = journal_of(&dir, 5);
    let offsets = entry_offsets(5);
    damage(&mut bytes, &offsets);
    fs::write(&path, &bytes).unwrap();
    match Journal::open(&path).unwrap_err() {
        JournalError::Corrupt { offset, seq, .. } => {
            assert_eq!((offset, seq), (offsets[bad_seq as usize - 1] as u64, bad_seq));
        }
        other => panic!("expected Corrupt, got {other}"),
    }
    assert_eq!(fs::read(&path).unwrap(), bytes, "nothing is cut");
    assert!(!dir.path().join("journal.sjl.torn-1").exists());
    let report = verify(&path).unwrap();
    assert_eq!(report.entries, bad_seq - 1);
    assert_eq!(report.problems.len(), 1);
}

#[test]
fn a_bad_entry_followed_by_good_ones_is_refused_not_cut() {
    check_corrupt(|b, o| b[o[1] + 17] ^= 1, 2); // payload bit flip
    check_corrupt(|b, o| b[o[1] + 5] ^= 1, 2); // checksum
    check_corrupt(|b, o| b[o[1]] ^= 0x40, 2); // length points into the next entry
    check_corrupt(|b, o| b[o[0] + 3] = 0xff, 1); // length far over the limit
    check_corrupt(|b, o| b[o[2] + 8] ^= 2, 3); // sequence
    check_corrupt(|b, o| b[o[3]..o[4]].fill(0), 4); // a zeroed block before the last entry
    check_corrupt(|b, o| b.drain(o[2]..o[2] + 1).for_each(drop), 3); // a lost byte
                                                                     // A missing entry: the sequence has a gap.
    check_corrupt(|b, o| b.drain(o[1]..o[2]).for_each(drop), 2);
}

#[test]
fn verify_reports_problems_without_changing_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut bytes) = journal_of(&dir, 5);
    assert_eq!(verify(&path).unwrap(), VerifyReport { entries: 5, problems: vec![] });
    bytes.extend_from_slice(b"torn");
    fs::write(&path, &bytes).unwrap();
    let report = verify(&path).unwrap();
    assert_eq!(report.entries, 5);
    assert!(report.problems[0].starts_with("torn tail: 4 bytes after entry 5"), "{report:?}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
    fs::write(&path, b"nonsense").unwrap();
    assert_eq!(verify(&path).unwrap().problems.len(), 1);
    assert_eq!(verify(&dir.path().join("missing")).unwrap_err().code(), "journal_io");
}

#[test]
fn a_copy_opens_with_the_same_entries() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = journal_of(&dir, 40);
    let (journal, _) = Journal::open(&path).unwrap();
    let out = dir.path().join("backup.sjl");
    fs::write(&out, b"an older backup").unwrap();
    assert_eq!(journal.copy_to(&out).unwrap(), journal.len_bytes());
    assert_eq!(fs::read(&out).unwrap(), fs::read(&path).unwrap());
    assert!(!dir.path().join("backup.sjl.partial").exists());
    let (copy, report) = reopen(&out);
    assert_eq!((copy, report.torn), (read_all_entries(&journal), None));
}

/// Appends `payload(seq)` through a faulty file system (some as batches of two) until one
/// append fails; checks the failed append's promises. Returns the acknowledged count and
/// whether an append failed.
fn append_until_failure(path: &Path, faulty: &FaultyFs, arm: impl Fn(&FaultyFs)) -> (u64, bool) {
    let (mut journal, _) = Journal::open_with(path, Arc::new(faulty.clone())).unwrap();
    arm(faulty);
    for i in 0..7 {
        let acked = journal.last_seq();
        let next = acked + 1;
        let result = if i % 3 == 2 {
            journal.append_batch(&[&payload(next), &payload(next + 1)]).map(|r| r.start)
        } else {
            journal.append(&payload(next))
        };
        match result {
            Ok(seq) => assert_eq!(seq, next),
            Err(e) => {
                assert_eq!(e.code(), "journal_io", "{e}");
                assert_eq!(journal.last_seq(), acked, "a failed append adds nothing");
                faulty.heal();
                let after = journal.append(b"after the failure").unwrap();
                assert_eq!(after, next, "the next append follows with no gap");
                return (acked, true);
            }
        }
    }
    (journal.last_seq(), false)
}

fn expected_entries(acked: u64) -> Vec<Vec<u8>> {
    (1..=acked).map(payload).collect()
}

#[test]
fn a_failed_write_or_sync_loses_nothing_for_every_k() {
    // Seven appends take fourteen writes and syncs: k = 15 and 16 fail none.
    for k in 1..=16 {
        let dir = tempfile::tempdir().unwrap();
        let (path, journal) = new_journal(&dir);
        drop(journal);
        let faulty = FaultyFs::new();
        let (acked, failed) = append_until_failure(&path, &faulty, |f| f.fail_op(k));
        assert_eq!(failed, k <= 14, "k={k}");
        let (entries, report) = reopen(&path);
        assert_eq!(report.torn, None, "k={k}: the failed entry was cut back at once");
        let mut expected = expected_entries(acked);
        if failed {
            expected.push(b"after the failure".to_vec());
        }
        assert_eq!(entries, expected, "k={k}");
    }
}

#[test]
fn a_full_disk_loses_nothing_at_any_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = journal_of(&dir, 0);
    let template = fs::read(&path).unwrap();
    let mut failures = 0;
    // Every byte of the first three appends (two singles, then a batch: 434 bytes), then every
    // seventh byte of the rest, to keep the test quick.
    for room in (0..440).chain((440..1600).step_by(7)) {
        fs::write(&path, &template).unwrap();
        let faulty = FaultyFs::new();
        let (acked, failed) = append_until_failure(&path, &faulty, |f| f.disk_full_after(room));
        let (entries, report) = reopen(&path);
        assert_eq!(report.torn, None, "room={room}");
        let mut expected = expected_entries(acked);
        if failed {
            expected.push(b"after the failure".to_vec());
            failures += 1;
        }
        assert_eq!(entries, expected, "room={room}");
    }
    assert!(failures > 500, "the disk filled at every byte of several appends ({failures})");
}

#[test]
fn a_failed_append_that_cannot_be_undone_poisons_the_journal() {
    for k in 1..=2 {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = journal_of(&dir, 3);
        let faulty = FaultyFs::new();
        let (mut journal, _) = Journal::open_with(&path, Arc::new(faulty.clone())).unwrap();
        faulty.fail_truncates(true);
        faulty.fail_op(k); // the write (half written), then the sync
        assert_eq!(journal.append(b"doomed entry").unwrap_err().code(), "journal_io");
        assert!(journal.is_poisoned());
        faulty.heal();
        assert_eq!(journal.append(b"refused").unwrap_err().code(), "journal_poisoned");
        drop(journal);

        let (entries, report) = reopen(&path);
        assert_eq!(entries[..3], expected_entries(3));
        match k {
            // Half an entry was left: cut as a torn tail and kept aside.
            1 => assert_eq!((entries.len(), report.torn.is_some()), (3, true)),
            // The entry was whole but unsynced: it may survive, whole.
            _ => assert_eq!(entries[3..], [b"doomed entry".to_vec()]),
        }
        let (mut journal, _) = Journal::open(&path).unwrap();
        journal.append(b"works again").unwrap();
    }
}

#[test]
fn a_failed_batch_leaves_none_of_its_entries() {
    for room in [0, 20, 40, 60] {
        let dir = tempfile::tempdir().unwrap();
        let (path, _) = journal_of(&dir, 2);
        let faulty = FaultyFs::new();
        let (mut journal, _) = Journal::open_with(&path, Arc::new(faulty.clone())).unwrap();
        faulty.disk_full_after(room);
        let err = journal.append_batch(&[&[1; 30], &[2; 30], &[3; 30]]).unwrap_err();
        assert_eq!(err.code(), "journal_io");
        drop(journal);
        let (entries, report) = reopen(&path);
        assert_eq!((entries, report.torn), (expected_entries(2), None), "room={room}");
    }
}

#[test]
fn an_open_that_cannot_keep_the_torn_tail_aside_cuts_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut bytes) = journal_of(&dir, 3);
    bytes.extend_from_slice(b"torn bytes");
    // Keeping aside takes a write, a sync and a directory sync; then the journal's sync.
    for k in 1..=4 {
        fs::write(&path, &bytes).unwrap();
        let faulty = FaultyFs::new();
        faulty.fail_op(k);
        assert!(Journal::open_with(&path, Arc::new(faulty)).is_err(), "k={k}");
        if k < 4 {
            assert_eq!(fs::read(&path).unwrap(), bytes, "k={k}: not cut before kept");
        }
        let (entries, report) = reopen(&path);
        assert_eq!(entries, expected_entries(3));
        let kept = fs::read(report.torn.map_or(PathBuf::new(), |t| t.kept_at));
        assert!(k == 4 || kept.unwrap() == b"torn bytes", "k={k}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn open_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..300),
                                         with_header in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.sjl");
        let mut file = Vec::new();
        if with_header {
            file.extend_from_slice(&MAGIC);
            file.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        }
        file.extend_from_slice(&bytes);
        fs::write(&path, &file).unwrap();
        let _ = verify(&path).unwrap();
        if let Ok((journal, _)) = Journal::open(&path) {
            for entry in journal.entries() {
                entry.unwrap();
            }
        }
    }

    #[test]
    fn open_never_panics_on_a_damaged_journal(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..4),
        cut in any::<prop::sample::Index>(),
        do_cut in any::<bool>(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut bytes) = journal_of(&dir, 6);
        for (at, x) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= x;
        }
        if do_cut {
            bytes.truncate(cut.index(bytes.len() + 1));
        }
        fs::write(&path, &bytes).unwrap();
        let verified = verify(&path).unwrap();
        match Journal::open(&path) {
            Ok((journal, report)) => {
                prop_assert_eq!(report.torn.is_some(), !verified.problems.is_empty());
                prop_assert_eq!(report.entries, verified.entries);
                // What survives is a prefix of what was written.
                let entries = read_all_entries(&journal);
                prop_assert_eq!(&entries[..], &expected_entries(6)[..entries.len()]);
            }
            Err(_) => prop_assert!(!verified.problems.is_empty()),
        }
    }
}

#[derive(Debug, Clone)]
enum Op {
    Append(Vec<u8>),
    AppendBatch(Vec<Vec<u8>>),
    /// Truncates the closed file at a byte between the header and the end, then reopens.
    Tear(prop::sample::Index),
    /// Adds bytes after the end, as a crash during a write can, then reopens.
    Garbage(Vec<u8>),
    Reboot,
}

fn op() -> impl Strategy<Value = Op> {
    let bytes = || proptest::collection::vec(any::<u8>(), 0..40);
    prop_oneof![
        4 => bytes().prop_map(Op::Append),
        1 => proptest::collection::vec(bytes(), 0..4).prop_map(Op::AppendBatch),
        1 => any::<prop::sample::Index>().prop_map(Op::Tear),
        1 => proptest::collection::vec(any::<u8>(), 1..30).prop_map(Op::Garbage),
        1 => Just(Op::Reboot),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn torn_tails_match_the_model(ops in proptest::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.sjl");
        let mut journal = Some(Journal::create_new(&path).unwrap());
        let mut model: Vec<Vec<u8>> = Vec::new();
        let mut torn_files = 0;
        for op in ops {
            match op {
                Op::Append(payload) => {
                    let seq = journal.as_mut().unwrap().append(&payload).unwrap();
                    model.push(payload);
                    prop_assert_eq!(seq, model.len() as u64);
                }
                Op::AppendBatch(payloads) => {
                    let refs: Vec<&[u8]> = payloads.iter().map(Vec::as_slice).collect();
                    let seqs = journal.as_mut().unwrap().append_batch(&refs).unwrap();
                    prop_assert_eq!(seqs.start, model.len() as u64 + 1);
                    model.extend(payloads);
                }
                Op::Reboot | Op::Tear(_) | Op::Garbage(_) => {
                    drop(journal.take());
                    let mut bytes = fs::read(&path).unwrap();
                    let mut expect_cut = 0;
                    if let Op::Tear(at) = &op {
                        let cut_at = HEADER_BYTES as usize
                            + at.index(bytes.len() - HEADER_BYTES as usize + 1);
                        // Entries wholly before the cut survive; the rest of the cut is torn.
                        let mut end = HEADER_BYTES as usize;
                        let mut whole = 0;
                        for entry in &model {
                            let next = end + stored_len(Format::Zstd, entry);
                            if next > cut_at { break; }
                            end = next;
                            whole += 1;
                        }
                        bytes.truncate(cut_at);
                        model.truncate(whole);
                        expect_cut = cut_at - end;
                    }
                    if let Op::Garbage(garbage) = &op {
                        bytes.extend_from_slice(garbage);
                        expect_cut = garbage.len();
                    }
                    fs::write(&path, &bytes).unwrap();
                    let (reopened, report) = Journal::open(&path).unwrap();
                    let cut = report.torn.as_ref().map_or(0, |t| t.bytes_cut as usize);
                    prop_assert_eq!(cut, expect_cut);
                    if report.torn.is_some() {
                        torn_files += 1;
                        let kept = dir.path().join(format!("journal.sjl.torn-{torn_files}"));
                        prop_assert_eq!(&report.torn.unwrap().kept_at, &kept);
                    }
                    journal = Some(reopened);
                }
            }
            let journal = journal.as_ref().unwrap();
            prop_assert_eq!(journal.last_seq(), model.len() as u64);
            prop_assert_eq!(&read_all_entries(journal), &model);
        }
    }
}

#[test]
fn a_failed_copy_leaves_the_old_backup_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (path, bytes) = journal_of(&dir, 10);
    let out = dir.path().join("backup.sjl");
    // A copy takes a write, a sync, then a directory sync after the rename.
    for k in 1..=3 {
        fs::write(&out, b"an older backup").unwrap();
        let faulty = FaultyFs::new();
        let (journal, _) = Journal::open_with(&path, Arc::new(faulty.clone())).unwrap();
        faulty.fail_op(k);
        assert_eq!(journal.copy_to(&out).unwrap_err().code(), "journal_io");
        let expected: &[u8] = if k < 3 { b"an older backup" } else { &bytes };
        assert_eq!(fs::read(&out).unwrap(), expected, "k={k}");
    }
}

#[test]
fn a_new_journal_stores_zstd_frames_and_reads_them_back_plain() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut journal) = new_journal(&dir);
    let event = br#"{"type":"booked","card":"C-101","service":"day-care","date":"2026-12-08"}"#.repeat(20);
    journal.append(&event).unwrap();
    drop(journal);
    let bytes = fs::read(&path).unwrap();
    assert_eq!(read_u32(&bytes, 8), 2, "version 2 in the header");
    let stored = &bytes[(HEADER_BYTES + ENTRY_HEADER_BYTES) as usize..];
    assert_eq!(stored[..4], [0x28, 0xb5, 0x2f, 0xfd], "a zstd frame's magic");
    assert!(stored.len() * 5 < event.len(), "repetitive JSON shrinks: {} of {}", stored.len(), event.len());
    assert_eq!(read_all_entries(&Journal::open(&path).unwrap().0), vec![event.clone()]);
}

#[test]
fn a_plain_journal_made_before_opens_reads_and_appends_as_before() {
    let dir = tempfile::tempdir().unwrap();
    FORMAT.with(|f| f.set(Format::Plain));
    let (path, bytes) = journal_of(&dir, 5);
    // Byte for byte the version 1 layout: header, then len | crc | seq | payload.
    assert_eq!(read_u32(&bytes, 8), 1);
    assert_eq!(bytes.len(), entry_offsets(5)[5]);
    let first = payload(1);
    let at = (HEADER_BYTES + ENTRY_HEADER_BYTES) as usize;
    assert_eq!(&bytes[at..at + first.len()], &first[..]);
    let (mut journal, report) = Journal::open(&path).unwrap();
    assert_eq!((journal.format(), report.entries), (Format::Plain, 5));
    journal.append(&payload(6)).unwrap();
    drop(journal);
    let after = fs::read(&path).unwrap();
    assert_eq!(after.len(), entry_offsets(6)[6], "a plain journal stays plain");
    assert_eq!(reopen(&path).0, expected_entries(6));
}

#[test]
fn a_frame_whose_checksum_holds_but_does_not_decompress_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.sjl");
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&2u32.to_le_bytes());
    encode_entry(&mut bytes, 1, b"not a zstd frame");
    fs::write(&path, &bytes).unwrap();
    let (journal, report) = Journal::open(&path).unwrap();
    assert_eq!(report.entries, 1);
    let err = journal.entries().next().unwrap().unwrap_err();
    assert_eq!(err.code(), "journal_corrupt");
}

#[test]
fn a_snapshot_copies_what_was_acknowledged_and_nothing_after() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut journal) = new_journal(&dir);
    for seq in 1..=30 {
        journal.append(&payload(seq)).unwrap();
    }
    let snapshot = journal.snapshot().unwrap();
    let at_snapshot = fs::read(&path).unwrap();
    journal.append(&payload(31)).unwrap();
    let mut copied = Vec::new();
    snapshot
        .copy_chunks(|chunk| {
            let _: () = copied.extend_from_slice(chunk);
            Ok(())
        })
        .unwrap();
    assert_eq!((snapshot.last_seq(), copied.len() as u64), (30, snapshot.len_bytes()));
    assert_eq!(copied, at_snapshot);
}

#[test]
fn a_journal_larger_than_one_read_chunk_opens_and_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut journal) = new_journal(&dir);
    // Incompressible payloads past the scan's chunk, so entries straddle chunk boundaries.
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let mut noise = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x as u8
            })
            .collect()
    };
    let payloads: Vec<Vec<u8>> = (0..12).map(|i| noise(700_000 + i * 1_111)).collect();
    let refs: Vec<&[u8]> = payloads.iter().map(Vec::as_slice).collect();
    journal.append_batch(&refs).unwrap();
    drop(journal);
    assert!(fs::metadata(&path).unwrap().len() > 2 * SCAN_CHUNK_BYTES as u64);
    assert_eq!(verify(&path).unwrap(), VerifyReport { entries: 12, problems: vec![] });
    assert_eq!(reopen(&path).0, payloads);
}
