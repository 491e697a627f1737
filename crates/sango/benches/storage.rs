//! The ward at twenty years (issue 22): what a store takes on disk beside SQLite's file of the
//! same data, and how long a rebuild, a backup and a restore take, with the memory each needs.
//!
//! Not criterion: each figure is one run of a whole operation (a rebuild of 1M uses is not run
//! thirty times), in a child process of its own so that its peak memory (`VmHWM`) is its own.
//!
//! `SANGO_BENCH_DATA` (default `$CARGO_TARGET_DIR/sango-bench`) keeps the generated stores
//! (`storage-<kind>-<uses>/`); `SANGO_BENCH_SIZES` (default `100000`) and `SANGO_BENCH_KINDS`
//! (default `ward,facility`) choose them. `cargo bench -p sango --bench storage`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use sango::app::App;
use sango::sync::RecoveryKey;
use sango_gen::{self as generate, Build, Keys, Spec};

#[path = "common/sqlite_peer.rs"]
#[allow(dead_code)]
mod sqlite_peer;

/// The CLI's allocator, so that the figures are the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 20240401;
const CHILD: &str = "SANGO_STORAGE_CHILD";

fn root() -> PathBuf {
    if let Ok(d) = std::env::var("SANGO_BENCH_DATA") {
        return d.into();
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../target").into());
    Path::new(&target).join("sango-bench")
}

fn list(var: &str, default: &str) -> Vec<String> {
    std::env::var(var)
        .unwrap_or_else(|_| default.into())
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn du(p: &Path) -> u64 {
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => std::fs::read_dir(p).map(|rd| rd.flatten().map(|e| du(&e.path())).sum()).unwrap_or(0),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// Peak resident memory of this process so far.
fn peak_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Runs one operation in a child process; returns its seconds and peak memory in MB.
fn in_child(op: &str, args: &[&Path]) -> (f64, f64) {
    let exe = std::env::current_exe().unwrap();
    let out = Command::new(exe).env(CHILD, op).args(args).output().unwrap();
    assert!(out.status.success(), "{op}: {}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("child ")).unwrap_or_else(|| panic!("{op}: {text}"));
    let mut it = line.split_whitespace().skip(1).map(|v| v.parse::<f64>().unwrap());
    (it.next().unwrap(), it.next().unwrap() / 1024.0)
}

fn child(op: &str) {
    let args: Vec<PathBuf> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).map(PathBuf::from).collect();
    let now = chrono::DateTime::parse_from_rfc3339("2044-04-01T09:00:00+09:00").unwrap();
    let t = Instant::now();
    match op {
        "rebuild" => {
            sango::app::backup::rebuild(&args[0]).unwrap();
        }
        "open" => {
            drop(App::open(&args[0]).unwrap());
        }
        "backup" => {
            let app = App::open(&args[0]).unwrap();
            let t = Instant::now();
            sango::app::backup::backup(&app, now, &args[1]).unwrap();
            println!("child {} {}", t.elapsed().as_secs_f64(), peak_kb());
            return;
        }
        "restore" => {
            let key = RecoveryKey::parse(&std::fs::read_to_string(&args[2]).unwrap()).unwrap();
            sango::app::backup::restore(now, &args[0], &args[1], &key).unwrap();
        }
        "reports" => {
            // The ward's 集計 of its first fiscal year and 請求 of the busiest month, once the
            // window is open: medians of five.
            let app = App::open(&args[0]).unwrap();
            let month = std::fs::read_to_string(args[0].with_file_name("busiest-month.txt")).unwrap();
            let actor = sango::ledger::Actor { name: "bench".into(), role: sango::ledger::Role::Admin };
            let median = |f: &mut dyn FnMut()| {
                let mut times: Vec<f64> = (0..5)
                    .map(|_| {
                        let t = Instant::now();
                        f();
                        t.elapsed().as_secs_f64() * 1000.0
                    })
                    .collect();
                times.sort_by(f64::total_cmp);
                times[2]
            };
            let mut lines = 0;
            let fiscal = median(&mut || {
                app.fiscal_report(&actor, 2024).unwrap();
            });
            let claims = median(&mut || {
                let r = app.claims(&actor, month.trim().parse().unwrap()).unwrap();
                lines = r.totals.uses + r.totals.no_shows;
            });
            println!("reports fiscal_2024_ms={fiscal:.1} claims_{}_ms={claims:.1} claim_lines={lines}", month.trim());
        }
        "trees" => {
            // Which trees take the space: rows, and the bytes of their keys and values.
            let db = sled::Config::new().path(args[0].join("state")).cache_capacity(64 * 1024 * 1024).open().unwrap();
            let mut sizes: Vec<(String, u64, u64)> = db
                .tree_names()
                .into_iter()
                .map(|name| {
                    let tree = db.open_tree(&name).unwrap();
                    let (rows, bytes) = tree
                        .iter()
                        .map(|kv| kv.unwrap())
                        .fold((0u64, 0u64), |(r, b), (k, v)| (r + 1, b + (k.len() + v.len()) as u64));
                    (String::from_utf8_lossy(&name).into_owned(), rows, bytes)
                })
                .collect();
            sizes.sort_by_key(|(_, _, bytes)| std::cmp::Reverse(*bytes));
            let total: u64 = sizes.iter().map(|s| s.2).sum();
            for (name, rows, bytes) in sizes.iter().filter(|s| s.2 > 0) {
                println!(
                    "tree {name} {rows} rows {} ({:.0} %)",
                    mb(*bytes),
                    *bytes as f64 * 100.0 / total.max(1) as f64
                );
            }
            println!("tree (all) {} of keys and values", mb(total));
        }
        other => panic!("unknown child {other}"),
    }
    println!("child {} {}", t.elapsed().as_secs_f64(), peak_kb());
}

/// A generated store, built once; its recovery key is replaced by one the bench knows (the
/// generator does not keep the words `init` showed).
fn store(kind: &str, uses: u64) -> (PathBuf, PathBuf, f64) {
    let dir = root().join(format!("storage-{kind}-{uses}"));
    let store = dir.join("store");
    let key = dir.join("recovery-key.txt");
    let built = dir.join("built-seconds.txt");
    if !built.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let spec = Spec::with_uses(SEED, uses);
        let t = Instant::now();
        let built_store = match kind {
            "ward" => generate::ward(&spec, &Keys::generate(&spec).unwrap(), Build::Batch, &store).unwrap(),
            _ => generate::facility(&spec, &"pao".parse().unwrap(), &store).unwrap(),
        };
        std::fs::write(dir.join("busiest-month.txt"), &built_store.busiest_month).unwrap();
        let secs = t.elapsed().as_secs_f64();
        let recovery = RecoveryKey::generate().unwrap();
        let id_path = store.join("identity.json");
        let mut id: serde_json::Value = serde_json::from_slice(&std::fs::read(&id_path).unwrap()).unwrap();
        id["recovery_recipient"] = recovery.recipient().to_string().into();
        std::fs::write(&id_path, serde_json::to_vec(&id).unwrap()).unwrap();
        std::fs::write(&key, recovery.words()).unwrap();
        std::fs::write(&built, format!("{secs:.1}")).unwrap();
    }
    let secs = std::fs::read_to_string(&built).unwrap().trim().parse().unwrap();
    (store, key, secs)
}

fn main() {
    if let Ok(op) = std::env::var(CHILD) {
        return child(&op);
    }
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    for uses in list("SANGO_BENCH_SIZES", "100000").iter().map(|s| s.parse::<u64>().unwrap()) {
        for kind in list("SANGO_BENCH_KINDS", "ward,facility") {
            let (store, key, built) = store(&kind, uses);
            let (journal, state) = (du(&store.join("journal.sjl")), du(&store.join("state")));
            let peer = du(&sqlite_peer::of_store(&store));
            println!("{kind} {uses}: generated in {built:.1} s");
            println!(
                "  disk: journal {} + working state {} = {} ; SQLite peer {} ; ours / peer {:.2}",
                mb(journal),
                mb(state),
                mb(journal + state),
                mb(peer),
                (journal + state) as f64 / peer as f64
            );
            let exe = std::env::current_exe().unwrap();
            let trees = Command::new(exe).env(CHILD, "trees").arg(&store).output().unwrap();
            for line in String::from_utf8_lossy(&trees.stdout).lines().filter(|l| l.starts_with("tree ")) {
                println!("  {line}");
            }
            let (secs, peak) = in_child("rebuild", &[&store]);
            let rebuilt = du(&store.join("state"));
            println!("  rebuild: {secs:.1} s, peak {peak:.0} MB; working state after {}", mb(rebuilt));
            let (secs, peak) = in_child("open", &[&store]);
            println!("  open (the window's App::open): {secs:.2} s, peak {peak:.0} MB");
            if kind == "ward" {
                let exe = std::env::current_exe().unwrap();
                let out = Command::new(exe).env(CHILD, "reports").arg(&store).output().unwrap();
                let text = String::from_utf8_lossy(&out.stdout);
                println!("  {}", text.lines().find(|l| l.starts_with("reports ")).unwrap_or("reports failed"));
            }
            let backup = store.with_file_name("backup.sgb");
            let (secs, peak) = in_child("backup", &[&store, &backup]);
            println!(
                "  backup: {secs:.1} s, peak {peak:.0} MB (the store opened first, not counted in the time), file {}",
                mb(du(&backup))
            );
            let restored = store.with_file_name("restored");
            let _ = std::fs::remove_dir_all(&restored);
            let (secs, peak) = in_child("restore", &[&backup, &restored, &key]);
            println!("  restore: {secs:.1} s, peak {peak:.0} MB (decrypt, verify, rebuild the working state)");
            let _ = std::fs::remove_dir_all(&restored);
            let _ = std::fs::remove_file(&backup);
        }
    }
}
