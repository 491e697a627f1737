//! Crash test, sled-style: this test binary re-runs itself as a child writer that appends to a
//! journal and prints each acknowledged sequence; the parent kills it (SIGKILL on Unix) at a
//! random moment, reopens the journal and checks that every acknowledged entry is there, byte
//! for byte, and that nothing half-written is.
//!
//! `SANGO_SOAK_RUNS=1000` runs it longer; `SANGO_CRASH_SEED` replays a failing run's timings.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use sango::ledger::journal::{verify, Journal};

/// Set in the child: the folder of the journal it writes to.
const CHILD_ENV: &str = "SANGO_JOURNAL_CRASH_CHILD";
const TEST_NAME: &str = "every_acknowledged_entry_survives_a_kill";
/// The largest batch the writer appends, so the most entries that can be whole yet unacknowledged.
const BATCH_LEN: u64 = 3;

/// Runs on one journal before starting afresh, so a long soak stays fast.
const RUNS_PER_JOURNAL: u64 = 50;

/// The payload of entry `seq`: its size varies up to 6 kB so writes span pages.
fn payload(seq: u64) -> Vec<u8> {
    let len = (seq * 7919 % 6_000) as usize;
    (0..len).map(|i| (seq as usize).wrapping_mul(31).wrapping_add(i) as u8).collect()
}

#[test]
fn every_acknowledged_entry_survives_a_kill() {
    if let Some(dir) = std::env::var_os(CHILD_ENV) {
        write_until_killed(Path::new(&dir));
        return;
    }
    let runs: u64 = std::env::var("SANGO_SOAK_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(8);
    let seed = std::env::var("SANGO_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
        nanos.as_nanos() as u64 | 1
    });
    eprintln!("SANGO_CRASH_SEED={seed}");
    let mut rng = XorShift(seed);

    let mut dir = tempfile::tempdir().unwrap();
    let mut path = dir.path().join("journal.sjl");
    let mut entries_before = 0;
    let mut acked_max = 0;
    let mut acked_total = 0;
    let mut torn_runs = 0;
    for run in 0..runs {
        if run % RUNS_PER_JOURNAL == 0 {
            acked_total += acked_max;
            (entries_before, acked_max) = (0, 0);
            dir = tempfile::tempdir().unwrap();
            path = dir.path().join("journal.sjl");
            drop(Journal::create_new(&path).unwrap());
        }
        let acked = run_child_and_kill(dir.path(), Duration::from_millis(5 + rng.next() % 120));
        if let Some(&last) = acked.last() {
            acked_max = acked_max.max(last);
        }

        let (journal, report) =
            Journal::open(&path).unwrap_or_else(|e| panic!("run {run} (seed {seed}): the journal must open: {e}"));
        torn_runs += u64::from(report.torn.is_some());
        let last_seq = journal.last_seq();
        assert!(last_seq >= acked_max, "run {run} (seed {seed}): acknowledged {acked_max}, found {last_seq}");
        assert!(last_seq >= entries_before, "run {run}: whole entries never disappear");
        assert!(
            last_seq <= acked_max.max(entries_before) + BATCH_LEN,
            "run {run} (seed {seed}): {last_seq} entries, {acked_max} acknowledged, {entries_before} \
             before: at most the batch in flight is there unacknowledged ({:?})",
            &acked[acked.len().saturating_sub(5)..]
        );
        for entry in journal.entries() {
            let (seq, bytes) = entry.unwrap();
            assert!(bytes == payload(seq), "run {run} (seed {seed}): entry {seq} differs");
        }
        entries_before = last_seq;
        drop(journal);
        let (_, again) = Journal::open(&path).unwrap();
        assert_eq!(again.torn, None, "run {run}: the journal then opens cleanly");
        assert!(verify(&path).unwrap().problems.is_empty(), "run {run}");
    }
    acked_total += acked_max;
    eprintln!("{runs} runs, {acked_total} entries acknowledged, {torn_runs} torn tails cut");
    assert!(acked_total > 0, "the child acknowledged something before the kills (seed {seed})");
}

/// Starts the writer, kills it after `delay`, returns the sequences it acknowledged.
fn run_child_and_kill(dir: &Path, delay: Duration) -> Vec<u64> {
    let exe = std::env::current_exe().unwrap();
    let mut child = Command::new(exe)
        .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .filter_map(|line| line.strip_prefix("acked ").and_then(|seq| seq.parse::<u64>().ok()))
            .collect::<Vec<u64>>()
    });
    std::thread::sleep(delay);
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    reader.join().unwrap()
}

/// The child: appends `payload(seq)` (every fifth as a batch) and prints each acknowledged seq.
fn write_until_killed(dir: &Path) {
    let (mut journal, _) = Journal::open(&dir.join("journal.sjl")).unwrap();
    let started = Instant::now();
    let mut stdout = std::io::stdout().lock();
    // The harness has printed "test <name> ... " without a line end: start a fresh line.
    if writeln!(stdout).is_err() {
        return;
    }
    // A bound, in case the parent died without killing us.
    while started.elapsed() < Duration::from_secs(20) {
        let next = journal.last_seq() + 1;
        let seqs = if next % 5 == 0 {
            let batch: Vec<Vec<u8>> = (next..next + BATCH_LEN).map(payload).collect();
            let refs: Vec<&[u8]> = batch.iter().map(Vec::as_slice).collect();
            journal.append_batch(&refs).unwrap()
        } else {
            let seq = journal.append(&payload(next)).unwrap();
            seq..seq + 1
        };
        for seq in seqs {
            if writeln!(stdout, "acked {seq}").and_then(|()| stdout.flush()).is_err() {
                return;
            }
        }
    }
}

/// Timings only; the payloads are deterministic.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
