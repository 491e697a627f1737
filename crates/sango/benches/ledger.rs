//! Sango's hot paths beside their floor and a peer (issue 7), at 10k, 100k and 1M uses.
//!
//! - `quote`/`quota` on a facility store vs the raw sled reads they need (floor) and SQLite's
//!   reads of the same rows (peer);
//! - `import` of a facility's bundle at the ward vs the raw bytes and rows it must write (floor)
//!   and rusqlite inserting the same rows in one transaction (peer);
//! - `claims` of the busiest month at the ward vs its raw sled reads and SQLite's query;
//! - a facility's `export` of its last month vs writing a file of that size (floor).
//!
//! The peer's SQLite copy of each store is made once and kept beside it (`peer.sqlite`).
//!
//! Stores are generated once (`sango-gen`, batch path) and kept under
//! `$SANGO_BENCH_DATA` (default `$CARGO_TARGET_DIR/sango-bench`); their build times are written
//! beside them (`built.txt`). `SANGO_BENCH_SIZES=10000,100000` limits the sizes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveTime};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode};
use sango::app::{App, BookingInput, BookingRequest};
use sango::ledger::{Actor, Entry, Event, Role};
use sango::sync::{Identity, Role as KeyRole, WardCard};
use sango::types::{FacilityId, Service};
use sango_gen::{self as generate, Build, Keys, Spec};

#[path = "common/sqlite_peer.rs"]
mod sqlite_peer;

/// The CLI's allocator (crates/sango-cli/src/main.rs), so that `ours` is what ships there; the window
/// keeps glibc's (docs/performance.md gives the import's figure with each). SQLite allocates through the
/// C library's malloc whatever Rust's allocator is.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SEED: u64 = 20240401;
const FACILITY: &str = "pao";

fn root() -> PathBuf {
    if let Ok(d) = std::env::var("SANGO_BENCH_DATA") {
        return d.into();
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../target").into());
    Path::new(&target).join("sango-bench")
}

fn sizes() -> Vec<u64> {
    std::env::var("SANGO_BENCH_SIZES")
        .unwrap_or_else(|_| "10000,100000,1000000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect()
}

fn jst(day: NaiveDate, h: u32) -> DateTime<FixedOffset> {
    day.and_time(NaiveTime::from_hms_opt(h, 0, 0).unwrap())
        .and_local_timezone(FixedOffset::east_opt(9 * 3600).unwrap())
        .single()
        .unwrap()
}

/// What a cached store was built with: probe card, its birth, the busiest month, build seconds.
struct Cached {
    dir: PathBuf,
    probe_card: String,
    probe_birth: NaiveDate,
    busiest_month: String,
}

fn cached(kind: &str, uses: u64, build: impl FnOnce(&Spec, &Path) -> generate::Built) -> Cached {
    let dir = root().join(format!("{kind}-{uses}-seed{SEED}"));
    let info = dir.join("built.txt");
    if !info.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let spec = Spec::with_uses(SEED, uses);
        let t = Instant::now();
        let b = build(&spec, &dir.join("store"));
        let secs = t.elapsed().as_secs_f64();
        let size = du(&dir.join("store"));
        std::fs::write(
            &info,
            format!(
                "{}\n{}\n{}\nmothers={} uses={} journal_entries={} build_seconds={secs:.1} bytes_on_disk={size}\n",
                b.probe_card, b.probe_birth, b.busiest_month, b.mothers, b.uses, b.journal_entries
            ),
        )
        .unwrap();
        eprintln!(
            "built {kind}-{uses}: {} uses, {} entries in {secs:.1} s, {} MB",
            b.uses,
            b.journal_entries,
            size / 1_000_000
        );
    }
    let text = std::fs::read_to_string(&info).unwrap();
    let mut lines = text.lines();
    Cached {
        dir: dir.join("store"),
        probe_card: lines.next().unwrap().into(),
        probe_birth: lines.next().unwrap().parse().unwrap(),
        busiest_month: lines.next().unwrap().into(),
    }
}

fn du(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(|e| if e.path().is_dir() { du(&e.path()) } else { e.metadata().map(|m| m.len()).unwrap_or(0) })
                .sum()
        })
        .unwrap_or(0)
}

/// A copy of a store, synced to disk: otherwise the first `sync_data` of the measured work
/// would also write back the whole copy (a gigabyte at 1M uses).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let t = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &t);
        } else if e.file_name() != "lock" {
            std::fs::copy(e.path(), &t).unwrap();
            std::fs::File::open(&t).unwrap().sync_all().unwrap();
        }
    }
}

fn facility_store(uses: u64) -> Cached {
    cached("facility", uses, |spec, dir| generate::facility(spec, &FACILITY.parse().unwrap(), dir).unwrap())
}

fn ward_store(uses: u64) -> Cached {
    cached("ward", uses, |spec, dir| generate::ward(spec, &Keys::generate(spec).unwrap(), Build::Batch, dir).unwrap())
}

/// The booking path: what the desk waits for on every keystroke of a booking form.
fn booking(c: &mut Criterion) {
    let mut g = c.benchmark_group("booking");
    g.sample_size(30).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(2));
    for uses in sizes() {
        let s = facility_store(uses);
        let card: sango::types::CardNumber = s.probe_card.parse().unwrap();
        let input = BookingInput {
            card: s.probe_card.clone(),
            service: Service::DayCare,
            date: (s.probe_birth + Days::new(30)).to_string(),
            days: Some(1),
            reason: None,
        };
        let now = jst(s.probe_birth + Days::new(10), 9);
        {
            let app = App::open(&s.dir).unwrap();
            let q = app
                .quote(
                    now,
                    &Actor { name: "bench".into(), role: Role::Admin },
                    &BookingRequest::try_from(&input).unwrap(),
                )
                .unwrap();
            assert!(q.fee.is_some());
            g.bench_with_input(BenchmarkId::new("App::quote", uses), &uses, |b, _| {
                // The window's path: the form typed (as the door does), then quoted.
                b.iter(|| {
                    app.quote(
                        now,
                        &Actor { name: "bench".into(), role: Role::Admin },
                        &BookingRequest::try_from(&input).unwrap(),
                    )
                    .unwrap()
                })
            });
            g.bench_with_input(BenchmarkId::new("App::quota", uses), &uses, |b, _| {
                b.iter(|| app.quota(&card, now.date_naive()).unwrap())
            });
        }
        // The floor: the same sled reads, raw bytes, no decoding, no rules.
        let db = sled::Config::new().path(s.dir.join("state")).cache_capacity(64 * 1024 * 1024).open().unwrap();
        let t = |n: &str| db.open_tree(n).unwrap();
        let (meta, mothers, bookings, by_card, by_day, roster) =
            (t("meta"), t("mothers"), t("bookings"), t("by_card"), t("by_day"), t("roster_uses"));
        let mut card_prefix = s.probe_card.as_bytes().to_vec();
        card_prefix.push(0);
        let mut day_prefix = b"day-care".to_vec();
        day_prefix.push(0);
        day_prefix.extend_from_slice(input.date.as_bytes());
        day_prefix.push(0);
        let quota_reads = || {
            let mut n = mothers.get(s.probe_card.as_bytes()).unwrap().map_or(0, |v| v.len());
            for k in by_card.scan_prefix(&card_prefix).keys() {
                let k = k.unwrap();
                n += bookings.get(&k[card_prefix.len()..]).unwrap().map_or(0, |v| v.len());
            }
            n + roster.scan_prefix(&card_prefix).count()
        };
        g.bench_with_input(BenchmarkId::new("floor: sled reads of quote", uses), &uses, |b, _| {
            b.iter(|| {
                let n = meta.get("install").unwrap().map_or(0, |v| v.len())
                    + meta.get("settings").unwrap().map_or(0, |v| v.len());
                n + quota_reads() + by_day.scan_prefix(&day_prefix).count()
            })
        });
        g.bench_with_input(BenchmarkId::new("floor: sled reads of quota", uses), &uses, |b, _| b.iter(quota_reads));
        drop((meta, mothers, bookings, by_card, by_day, roster, db));
        let peer = rusqlite::Connection::open(sqlite_peer::of_store(&s.dir)).unwrap();
        assert!(sqlite_peer::quota(&peer, &s.probe_card).0.is_some(), "the peer holds the probe mother");
        g.bench_with_input(BenchmarkId::new("peer: SQLite reads of quote", uses), &uses, |b, _| {
            b.iter(|| sqlite_peer::quote(&peer, &s.probe_card, "day-care", &input.date))
        });
        g.bench_with_input(BenchmarkId::new("peer: SQLite reads of quota", uses), &uses, |b, _| {
            b.iter(|| sqlite_peer::quota(&peer, &s.probe_card))
        });
    }
    g.finish();
}

/// A month's claims at the ward, and the same month read by SQLite (peer) from the same rows.
fn claims(c: &mut Criterion) {
    let mut g = c.benchmark_group("claims");
    g.sample_size(10).warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3));
    for uses in sizes() {
        let s = ward_store(uses);
        let app = App::open(&s.dir).unwrap();
        let r = app
            .claims(
                &sango::ledger::Actor { name: "bench".into(), role: sango::ledger::Role::Admin },
                s.busiest_month.parse().unwrap(),
            )
            .unwrap();
        eprintln!(
            "claims {uses}: month {} has {} uses + {} no-shows",
            s.busiest_month, r.totals.uses, r.totals.no_shows
        );
        g.bench_with_input(BenchmarkId::new("App::claims", uses), &uses, |b, _| {
            b.iter(|| {
                app.claims(
                    &sango::ledger::Actor { name: "bench".into(), role: sango::ledger::Role::Admin },
                    s.busiest_month.parse().unwrap(),
                )
                .unwrap()
            })
        });
        g.bench_with_input(BenchmarkId::new("App::claims + CSV", uses), &uses, |b, _| {
            b.iter(|| {
                sango::report::claims_csv(
                    &app.claims(
                        &sango::ledger::Actor { name: "bench".into(), role: sango::ledger::Role::Admin },
                        s.busiest_month.parse().unwrap(),
                    )
                    .unwrap(),
                    sango::report::CsvEncoding::Utf8Bom,
                )
            })
        });
        // The floor: the month's index scanned, each booking and its mother read, raw. Which
        // mother goes with which booking is looked up beforehand, outside the measurement.
        let cards: Vec<String> =
            app.state().bookings_in_month(&s.busiest_month).unwrap().iter().map(|b| b.card.to_string()).collect();
        drop(app);
        let db = sled::Config::new().path(s.dir.join("state")).cache_capacity(64 * 1024 * 1024).open().unwrap();
        let (by_month, bookings, mothers) =
            (db.open_tree("by_month").unwrap(), db.open_tree("bookings").unwrap(), db.open_tree("mothers").unwrap());
        let mut month_prefix = s.busiest_month.as_bytes().to_vec();
        month_prefix.push(0);
        g.bench_with_input(BenchmarkId::new("floor: sled reads of claims", uses), &uses, |b, _| {
            b.iter(|| {
                let mut n = 0;
                for (k, card) in by_month.scan_prefix(&month_prefix).keys().zip(&cards) {
                    let k = k.unwrap();
                    n += bookings.get(&k[month_prefix.len()..]).unwrap().map_or(0, |v| v.len());
                    n += mothers.get(card.as_bytes()).unwrap().map_or(0, |v| v.len());
                }
                n
            })
        });
        drop((by_month, bookings, mothers, db));
        let peer = rusqlite::Connection::open(sqlite_peer::of_store(&s.dir)).unwrap();
        assert_eq!(
            sqlite_peer::claims(&peer, &s.busiest_month).len(),
            (r.totals.uses + r.totals.no_shows) as usize,
            "the peer finds the same claim lines"
        );
        g.bench_with_input(BenchmarkId::new("peer: SQLite query of claims", uses), &uses, |b, _| {
            b.iter(|| sqlite_peer::claims(&peer, &s.busiest_month))
        });
    }
    g.finish();
}

/// The ward imports one facility's bundle of N uses into a fresh store.
fn import(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(100))
        .measurement_time(Duration::from_secs(5));
    let work = root().join("import-work");
    let _ = std::fs::remove_dir_all(&work);
    let template = work.join("ward-template");
    let t0 = jst(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(), 9);
    let (app, _) = App::init_ward(&template, t0).unwrap();
    let ward_card = WardCard::from_json(&app.ward_card_json().unwrap()).unwrap();
    let facility: FacilityId = FACILITY.parse().unwrap();
    let identity = Identity::generate(KeyRole::Facility { facility: facility.clone() }).unwrap();
    let officer = Actor { name: "母子保健係".into(), role: Role::Ward };
    // The ward imports only from a facility it registered (issue 16, 8e5c6c9): without this
    // every import was refused and the group timed no `App::import` at all.
    app.facility_add(t0, &officer, &identity.facility_card().unwrap().to_json()).unwrap();
    drop(app);
    let now = jst(NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(), 9);
    let import_sizes: Vec<u64> = std::env::var("SANGO_BENCH_IMPORT")
        .unwrap_or_else(|_| "1000,10000,100000".into())
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    for uses in import_sizes {
        let spec = Spec::with_uses(SEED, uses);
        let (bytes, entries) = generate::export_bundle(&spec, &facility, &ward_card, &identity).unwrap();
        let file = work.join(format!("bundle-{uses}.sango"));
        std::fs::write(&file, &bytes).unwrap();
        let payload_json = serde_json::to_vec(&entries).unwrap().len();
        eprintln!(
            "import {uses}: {} entries, bundle {} KB, entries as JSON {} KB",
            entries.len(),
            bytes.len() / 1000,
            payload_json / 1000
        );
        // One try first: a bundle the store cannot take is a finding, not a benchmark.
        let probe = work.join("probe");
        copy_dir(&template, &probe);
        let tried = App::open(&probe).unwrap().import(now, &officer, &file);
        let _ = std::fs::remove_dir_all(&probe);
        if let Err(e) = tried {
            eprintln!("import {uses}: REFUSED: {} ({})", e.message_en, e.code);
        } else {
            // Ours and the peer do the same work inside their timers. Before it, each has its empty
            // store: ours an `init`ed ward opened, the peer's schema created and its connection open
            // (cache 64 MiB, as sled's). Inside: ours reads the bundle (decrypt, verify, parse), writes
            // the journal and syncs it (acknowledged), folds into sled, then flushes sled to disk and
            // closes; the peer inserts the same rows in one transaction, commits with the WAL synced
            // (`synchronous=FULL`: acknowledged), then closes, checkpointing the WAL into its file.
            g.bench_with_input(BenchmarkId::new("App::import", uses), &uses, |b, _| {
                b.iter_custom(|iters| {
                    let mut total = Duration::ZERO;
                    for i in 0..iters {
                        let dir = work.join(format!("run-{i}"));
                        copy_dir(&template, &dir);
                        let app = App::open(&dir).unwrap();
                        let t = Instant::now();
                        app.import(now, &officer, &file).unwrap();
                        app.flush().unwrap();
                        drop(app);
                        total += t.elapsed();
                        std::fs::remove_dir_all(&dir).unwrap();
                    }
                    total
                })
            });
        }
        // The floor: the bytes and rows the import cannot avoid writing — the entries appended to
        // a file with one sync, and each booking's final record and index rows inserted raw into
        // a fresh sled in key order, tree by tree (mothers left out: a lower bound).
        let record = serde_json::to_vec(&entries).unwrap();
        let rows = raw_rows(&entries);
        g.bench_with_input(BenchmarkId::new("floor: raw journal bytes + sled rows", uses), &uses, |b, _| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for i in 0..iters {
                    let dir = work.join(format!("floor-{i}"));
                    let t = Instant::now();
                    write_raw(&dir, &record, &rows);
                    total += t.elapsed();
                    std::fs::remove_dir_all(&dir).unwrap();
                }
                total
            })
        });
        g.bench_with_input(BenchmarkId::new("peer: rusqlite one transaction", uses), &uses, |b, _| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for i in 0..iters {
                    let path = work.join(format!("peer-{i}.sqlite"));
                    let db = sqlite_peer::ready_for_import(&path);
                    let t = Instant::now();
                    sqlite_peer::import(db, &entries);
                    total += t.elapsed();
                    let wal = std::fs::metadata(format!("{}-wal", path.display())).map(|m| m.len()).unwrap_or(0);
                    assert_eq!(wal, 0, "closing the peer checkpointed its WAL");
                    for ext in ["", "-wal", "-shm"] {
                        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
                    }
                }
                total
            })
        });
    }
    g.finish();
}

/// Tree name, key, value: a booking's record and index rows as the working state keeps them.
type RawRow = (&'static str, Vec<u8>, Vec<u8>);

fn raw_rows(entries: &[Entry]) -> Vec<RawRow> {
    let mut last = std::collections::BTreeMap::new();
    for e in entries {
        if let Event::BookingSaved { booking, .. } = &e.event {
            last.insert(booking.id.to_string(), booking);
        }
    }
    let key = |parts: &[&str]| parts.join("\0").into_bytes();
    let mut rows = Vec::new();
    for (id, b) in last {
        rows.push(("bookings", id.clone().into_bytes(), postcard::to_allocvec(b).unwrap()));
        rows.push(("by_card", key(&[b.card.as_str(), &id]), vec![]));
        rows.push(("by_month", key(&[&b.claim_month(), &id]), vec![]));
        if b.status.counts() {
            rows.extend(b.days().map(|d| ("by_day", key(&[b.service.code(), &d.to_string(), &id]), vec![])));
        }
    }
    rows.sort();
    rows
}

fn write_raw(dir: &Path, record: &[u8], rows: &[RawRow]) {
    use std::io::Write;
    std::fs::create_dir_all(dir).unwrap();
    let mut journal = std::fs::File::create(dir.join("journal")).unwrap();
    journal.write_all(record).unwrap();
    journal.sync_data().unwrap();
    let db = sled::Config::new()
        .path(dir.join("state"))
        .cache_capacity(64 * 1024 * 1024)
        .mode(sled::Mode::HighThroughput)
        .open()
        .unwrap();
    let trees: std::collections::HashMap<&str, sled::Tree> =
        ["bookings", "by_card", "by_month", "by_day"].into_iter().map(|n| (n, db.open_tree(n).unwrap())).collect();
    for (tree, k, v) in rows {
        trees[tree].insert(k.as_slice(), v.as_slice()).unwrap();
    }
    // Written back to disk, as ours is inside its timer.
    db.flush().unwrap();
}

/// A facility exports its last month (every earlier month already exported).
fn export(c: &mut Criterion) {
    let mut g = c.benchmark_group("export");
    g.sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(100))
        .measurement_time(Duration::from_secs(3));
    let desk = Actor { name: "受付".into(), role: Role::Admin };
    // Each run copies the whole store (gigabytes at 1M): `SANGO_BENCH_EXPORT` can leave sizes out.
    let export_sizes: Vec<u64> = std::env::var("SANGO_BENCH_EXPORT")
        .unwrap_or_else(|_| "10000,100000,1000000".into())
        .split(',')
        .filter_map(|s| s.parse().ok())
        .collect();
    for uses in sizes().into_iter().filter(|u| export_sizes.contains(u)) {
        let s = facility_store(uses);
        let pending = App::open(&s.dir)
            .unwrap()
            .sync_status(&Actor { name: "bench".into(), role: Role::Admin })
            .unwrap()
            .pending_events;
        eprintln!("export {uses}: {pending} entries pending (the last month)");
        let now = jst(s.probe_birth + Days::new(400), 9);
        let work = root().join(format!("export-work-{uses}"));
        let _ = std::fs::remove_dir_all(&work);
        // Exporting moves the watermark: each run exports from a fresh copy of the store.
        g.bench_with_input(BenchmarkId::new("App::export", uses), &uses, |b, _| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    copy_dir(&s.dir, &work);
                    let app = App::open(&work).unwrap();
                    let t = Instant::now();
                    app.export(now, &desk, &work.join("out.sango")).unwrap();
                    total += t.elapsed();
                    drop(app);
                    std::fs::remove_dir_all(&work).unwrap();
                }
                total
            })
        });
        // The floor: a file of the export's size written, synced and renamed into place, and one
        // small journal entry appended and synced (the watermark). No peer: SQLite would write
        // the same file.
        copy_dir(&s.dir, &work);
        App::open(&work).unwrap().export(now, &desk, &work.join("out.sango")).unwrap();
        let out = std::fs::read(work.join("out.sango")).unwrap();
        std::fs::remove_dir_all(&work).unwrap();
        std::fs::create_dir_all(&work).unwrap();
        g.bench_with_input(
            BenchmarkId::new("floor: file written and synced + one synced append", uses),
            &uses,
            |b, _| {
                b.iter(|| {
                    use std::io::Write;
                    let tmp = work.join("out.tmp");
                    let mut f = std::fs::File::create(&tmp).unwrap();
                    f.write_all(&out).unwrap();
                    f.sync_all().unwrap();
                    std::fs::rename(&tmp, work.join("out.sango")).unwrap();
                    let mut journal =
                        std::fs::OpenOptions::new().create(true).append(true).open(work.join("journal")).unwrap();
                    journal.write_all(&[b'x'; 300]).unwrap();
                    journal.sync_data().unwrap();
                })
            },
        );
        std::fs::remove_dir_all(&work).unwrap();
    }
    g.finish();
}

criterion_group!(benches, booking, claims, import, export);
criterion_main!(benches);
