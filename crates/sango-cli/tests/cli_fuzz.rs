//! Random bytes into every flag of every verb and into every file the CLI reads (bundles, backups,
//! ward cards, program files): never a panic, always one of the contract's exit codes with a
//! JSON error, and a refusal writes nothing. The verbs and flags are read from `sango --help`,
//! so a verb added later is fuzzed without touching this file. Deterministic from its seed.

mod common;

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::{Path, PathBuf};

use common::*;

/// xorshift64*: enough randomness for inputs, the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    /// A value of one of the shapes that break parsers.
    fn value(&mut self) -> OsString {
        const EDGES: &[&str] = &[
            "",
            "-1",
            "0",
            "18446744073709551616",
            "1e9",
            "NaN",
            "2026-02-30",
            "2026-12-01T25:00:00+09:00",
            "C-005",
            "short-stay=-3",
            "sun,mon,2026-13-01",
            "..",
        ];
        match self.below(5) {
            0 => (0..self.below(40)).map(|_| (b' ' + self.below(95) as u8) as char).collect::<String>().into(),
            1 => (0..self.below(30))
                .filter_map(|_| char::from_u32(1 + self.next() as u32 % 0x3_0000))
                .collect::<String>()
                .into(),
            // Any bytes but NUL, which no argument can hold.
            2 => OsString::from_vec({
                let len = self.below(30);
                self.bytes(len).into_iter().map(|b| b.max(1)).collect()
            }),
            3 => "あ".repeat(2000 + self.below(3000)).into(),
            _ => EDGES[self.below(EDGES.len())].into(),
        }
    }

    /// Contents for a file the CLI reads: random, or random behind a prefix that gets it past the
    /// first check (a bundle's format line, age's header, JSON, TOML).
    fn file(&mut self) -> Vec<u8> {
        const PREFIXES: &[&[u8]] = &[
            b"",
            b"sango-bundle/1\n",
            b"age-encryption.org/v1\n",
            b"{\"role\":\"ward\",",
            b"[program]\nname = ",
            b"SG1:",
        ];
        let mut out = PREFIXES[self.below(PREFIXES.len())].to_vec();
        let len = [0, 1, 64, 4096, 100_000][self.below(5)];
        out.extend(self.bytes(len));
        out
    }
}

/// Lines of a `--help` section (`Commands:` or `Options:`), first word of each.
fn section(help: &str, title: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim() != title)
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

fn help(words: &[String]) -> String {
    let o = command().args(words).arg("--help").output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{words:?} --help");
    String::from_utf8(o.stdout).unwrap()
}

/// Every verb, with its sub-verbs (`approval add` …), as the help lists them.
fn verbs() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for verb in section(&help(&[]), "Commands:").into_iter().filter(|v| v != "help") {
        let subs: Vec<String> =
            section(&help(std::slice::from_ref(&verb)), "Commands:").into_iter().filter(|v| v != "help").collect();
        if subs.is_empty() {
            out.push(vec![verb]);
        } else {
            out.extend(subs.into_iter().map(|s| vec![verb.clone(), s]));
        }
    }
    out
}

struct Flag {
    name: String,
    takes_value: bool,
}

/// A verb's flags (not `--data-dir` or `--help`) and whether it takes a positional FILE.
fn flags(verb: &[String]) -> (Vec<Flag>, bool) {
    let h = help(verb);
    let mut out = Vec::new();
    for line in h.lines().skip_while(|l| l.trim() != "Options:") {
        let words: Vec<&str> = line.split_whitespace().collect();
        let Some(i) = words.iter().position(|w| w.starts_with("--")) else { continue };
        let name = words[i].trim_end_matches(',').to_string();
        if name == "--data-dir" || name == "--help" || name == "--version" {
            continue;
        }
        out.push(Flag { takes_value: words.get(i + 1).is_some_and(|w| w.starts_with('<')), name });
    }
    let positional = h.lines().any(|l| l.starts_with("Usage:") && l.contains("<FILE>"));
    (out, positional)
}

/// Flags naming a file to read, or one to write: given a random file, or a path inside the test's
/// folder (never a random path: the test may run as root).
const READS: &[&str] = &["--ward-card", "--program", "--recovery-key-file"];
const WRITES: &[&str] = &["--out"];

/// A value that gets past a flag's own parsing, so that what follows it is reached too.
fn plausible(flag: &str) -> Option<&'static str> {
    Some(match flag {
        "--card" => "C-005",
        "--date" => "2026-12-10",
        "--service" => "day-care",
        "--days" => "1",
        "--month" => "2026-12",
        "--babies" => "1",
        "--household" => "standard",
        "--services" => "short-stay,day-care",
        "--facility" => "tsumugi",
        "--now" => NOW,
        "--staff" => "受付 一郎",
        "--approval-no" => "A-200",
        "--mother" => "練馬 花子",
        "--postal" => "177-0045",
        "--booking" => "tsumugi-000001",
        "--units" => "2",
        "--notes" => "特記なし",
        "--reason" => "授乳相談",
        "--temperature" => "36.8",
        "--closed" => "sun,holidays",
        "--capacity" => "day-care=2",
        "--payload" => "SG1:ABC",
        _ => return None,
    })
}

/// The journal's entries when `dir` holds a store (a refused `init` must not leave one).
fn stored(dir: &Path) -> Option<u64> {
    dir.join("journal.sjl").exists().then(|| entries(dir))
}

struct Outcome {
    code: i32,
    stderr: String,
}

fn run(dir: &Path, cwd: &Path, args: &[OsString]) -> Outcome {
    let o = command().arg("--data-dir").arg(dir).args(args).current_dir(cwd).output().expect("sango runs");
    Outcome { code: o.status.code().unwrap_or(-1), stderr: String::from_utf8_lossy(&o.stderr).into_owned() }
}

fn check(what: &str, o: &Outcome) {
    assert!(!o.stderr.contains("panicked"), "{what}: a panic reached the user:\n{}", o.stderr);
    assert!((0..=5).contains(&o.code), "{what}: exit {} is not in the contract:\n{}", o.code, o.stderr);
    if o.code != 0 && o.code != 2 {
        let err: serde_json::Value =
            serde_json::from_str(&o.stderr).unwrap_or_else(|_| panic!("{what}: the error is not JSON:\n{}", o.stderr));
        assert!(err["error"]["code"].is_string() && err["error"]["message"].is_string(), "{what}: {err}");
    }
}

#[test]
fn random_bytes_into_every_flag_and_every_file_never_panic_and_refusals_write_nothing() {
    let w = world("tsumugi");
    mother(&w.facility, "C-005", "2026-11-10");
    let scratch = w.root.join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let mut rng = Rng(0x5A4E_6F00_2026_1125);
    let mut files = 0;
    let mut random_file = |rng: &mut Rng| -> PathBuf {
        files += 1;
        let p = scratch.join(format!("in-{files}"));
        std::fs::write(&p, rng.file()).unwrap();
        p
    };
    let verbs = verbs();
    assert!(verbs.len() >= 25, "verbs read from the help: {verbs:?}");
    let mut fresh = 0;
    let mut codes = [0u32; 6];
    for verb in &verbs {
        let (flags, positional) = flags(verb);
        // Each flag fuzzed in turn with the others plausible, so that the random value meets the
        // verb's own checks; then rounds with every flag random at once.
        let targets: Vec<Option<usize>> = (0..flags.len()).flat_map(|i| [Some(i); 2]).chain([None; 3]).collect();
        for (round, target) in targets.into_iter().enumerate() {
            // `init` and `restore` want an empty folder; every other verb a set-up facility or ward.
            let dir: PathBuf = match verb[0].as_str() {
                "init" | "restore" => {
                    fresh += 1;
                    w.root.join(format!("fresh-{fresh}"))
                }
                "roster" | "overruns" | "ward-card" => w.ward.clone(),
                _ => w.facility.clone(),
            };
            let mut args: Vec<OsString> = verb.iter().map(OsString::from).collect();
            for (i, f) in flags.iter().enumerate() {
                let fuzzed = target.is_none_or(|t| t == i);
                let value: Option<OsString> = if !f.takes_value {
                    None
                } else if READS.contains(&f.name.as_str()) {
                    Some(random_file(&mut rng).into_os_string())
                } else if WRITES.contains(&f.name.as_str()) {
                    Some(scratch.join(format!("out-{}", rng.below(1000))).into_os_string())
                } else if fuzzed {
                    Some(rng.value())
                } else {
                    match plausible(&f.name) {
                        Some(v) => Some(v.into()),
                        None => continue,
                    }
                };
                // A switch is given at random, fuzzed or not.
                if !f.takes_value && rng.below(2) == 0 {
                    continue;
                }
                args.push(f.name.clone().into());
                args.extend(value);
            }
            if positional {
                args.push(random_file(&mut rng).into_os_string());
            }
            let before = stored(&dir);
            let o = run(&dir, &scratch, &args);
            let what = format!("sango {:?} (round {round})", args);
            check(&what, &o);
            codes[o.code as usize] += 1;
            if o.code != 0 {
                assert_eq!(stored(&dir), before, "{what}: refused but wrote:\n{}", o.stderr);
            }
        }
    }
    // The inputs must reach past argument parsing: some runs succeed, most are refused by the
    // verbs themselves rather than as usage errors.
    let total: u32 = codes.iter().sum();
    eprintln!("exit codes 0..=5: {codes:?}");
    assert!(codes[0] > 0 && codes[4] > total / 4 && codes[2] < total / 2, "exit codes 0..=5: {codes:?}");
}

#[test]
fn random_files_into_every_importer_are_refused_as_bad_input_or_not_authentic() {
    let w = world("tsumugi");
    let scratch = w.root.join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let mut rng = Rng(0x0BAD_F11E);
    for i in 0..40 {
        let file = scratch.join(format!("in-{i}"));
        std::fs::write(&file, rng.file()).unwrap();
        let f = file.clone().into_os_string();
        let empty = w.root.join(format!("empty-{i}"));
        let cases: Vec<(PathBuf, Vec<OsString>)> = vec![
            (w.facility.clone(), vec!["import".into(), f.clone()]),
            (w.ward.clone(), vec!["import".into(), f.clone()]),
            (
                empty.clone(),
                vec![
                    "restore".into(),
                    f.clone(),
                    "--recovery-key-file".into(),
                    w.facility_key.clone().into_os_string(),
                ],
            ),
            (
                empty.join("f"),
                vec!["init".into(), "--facility".into(), "tsumugi".into(), "--ward-card".into(), f.clone()],
            ),
            (empty.join("w"), vec!["init".into(), "--ward".into(), "--program".into(), f.clone()]),
        ];
        for (dir, args) in cases {
            let before = stored(&dir);
            let o = run(&dir, &scratch, &args);
            let what = format!("{args:?} with random file {i}");
            check(&what, &o);
            assert!(o.code == 4 || o.code == 5, "{what}: exit {}:\n{}", o.code, o.stderr);
            assert_eq!(stored(&dir), before, "{what}: refused but wrote (or a refused init left a store behind)");
        }
    }
}
