//! The peer: the same data in SQLite (rusqlite, bundled), with the tables and indexes a
//! SQLite-backed Sango would have, and the queries it would run. Typed columns: the peer pays no
//! decoding of its own, so it is a strict peer.

use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};
use sango::app::App;
use sango::ledger::{Booking, Entry, Event};

/// WAL, each commit synced (`synchronous=FULL`: in WAL mode `NORMAL` would acknowledge a commit
/// before its sync, which our import never does).
const DURABILITY: &str = "
    PRAGMA journal_mode = WAL;
    PRAGMA synchronous = FULL;
";

/// sled's page cache (`ledger/state.rs`, `CACHE_BYTES`: 64 MiB), in SQLite's terms: a negative
/// `cache_size` is KiB. SQLite's default is 2 MB.
const SLED_CACHE: &str = "PRAGMA cache_size = -65536;";

const SCHEMA: &str = "
    CREATE TABLE events (origin TEXT NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (origin, seq));
    CREATE TABLE mothers (card TEXT PRIMARY KEY, approval_no TEXT NOT NULL, household TEXT NOT NULL, services TEXT NOT NULL,
        birth_date TEXT, babies INTEGER, body TEXT NOT NULL);
    CREATE TABLE bookings (id TEXT PRIMARY KEY, facility TEXT NOT NULL, card TEXT NOT NULL, service TEXT NOT NULL,
        first_day TEXT NOT NULL, units INTEGER NOT NULL, status TEXT NOT NULL, month TEXT NOT NULL,
        total_cost INTEGER NOT NULL, user_fee INTEGER NOT NULL, ward_amount INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE INDEX bookings_card ON bookings (card, id);
    CREATE INDEX bookings_month ON bookings (month, id);
    CREATE TABLE booking_days (service TEXT NOT NULL, day TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (service, day, id));
    CREATE INDEX booking_days_id ON booking_days (id);
";

fn open(path: &Path) -> Connection {
    let db = Connection::open(path).unwrap();
    db.execute_batch(DURABILITY).unwrap();
    db.execute_batch(SCHEMA).unwrap();
    db
}

/// A fresh peer for the import, made before its timer as our ward store is `init`ed before it: the
/// schema created, and the connection open with our durability and sled's cache.
pub fn ready_for_import(path: &Path) -> Connection {
    let db = open(path);
    db.execute_batch(SLED_CACHE).unwrap();
    let cache: i64 = db.query_row("PRAGMA cache_size", [], |r| r.get(0)).unwrap();
    assert_eq!(cache, -65536, "the peer's cache is sled's");
    db
}

fn status(b: &Booking) -> String {
    serde_json::to_value(b.status).unwrap().as_str().unwrap().to_string()
}

/// A booking as it now stands: its row, and its days while it holds a place.
fn put_booking(tx: &rusqlite::Transaction, b: &Booking) {
    let mut bk = tx
        .prepare_cached("INSERT OR REPLACE INTO bookings VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)")
        .unwrap();
    let mut del = tx.prepare_cached("DELETE FROM booking_days WHERE id = ?1").unwrap();
    let mut day = tx.prepare_cached("INSERT OR REPLACE INTO booking_days VALUES (?1, ?2, ?3)").unwrap();
    let yen = |y: rust_decimal::Decimal| i64::try_from(y).unwrap();
    let id = b.id.to_string();
    bk.execute(params![
        id,
        b.facility.as_str(),
        b.card.as_str(),
        b.service.code(),
        b.first_day.to_string(),
        b.units,
        status(b),
        b.claim_month(),
        yen(b.fee.total_cost()),
        yen(b.fee.user_fee()),
        yen(b.fee.ward_amount()),
        serde_json::to_string(b).unwrap()
    ])
    .unwrap();
    del.execute([&id]).unwrap();
    if b.status.counts() {
        for d in b.days() {
            day.execute(params![b.service.code(), d.to_string(), id]).unwrap();
        }
    }
}

/// What the ward's import stores: every entry, and each booking as it now stands, in one
/// transaction (acknowledged when its commit has synced the WAL); then the connection closed, which
/// checkpoints the WAL into the database file and syncs it, as our import's sled is flushed.
pub fn import(mut db: Connection, entries: &[Entry]) {
    let tx = db.transaction().unwrap();
    {
        let mut ev = tx.prepare("INSERT INTO events VALUES (?1, ?2, ?3, ?4)").unwrap();
        for e in entries {
            ev.execute(params![e.origin, e.seq as i64, e.at.to_rfc3339(), serde_json::to_string(&e.event).unwrap()])
                .unwrap();
            if let Event::BookingSaved { booking, .. } = &e.event {
                put_booking(&tx, booking);
            }
        }
    }
    tx.commit().unwrap();
    db.close().map_err(|(_, e)| e).unwrap();
}

/// The working state of a store, copied into SQLite once and kept beside it.
pub fn of_store(store: &Path) -> PathBuf {
    let path = store.with_file_name("peer.sqlite");
    if path.exists() {
        return path;
    }
    let building = store.with_file_name("peer.sqlite.building");
    let _ = std::fs::remove_file(&building);
    let app = App::open(store).unwrap();
    let state = app.state();
    let mut db = open(&building);
    let tx = db.transaction().unwrap();
    {
        let mut m = tx.prepare("INSERT INTO mothers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)").unwrap();
        for mother in state.mothers() {
            let r = mother.unwrap();
            let a = &r.approval;
            let services: Vec<&str> = a.services.iter().map(|s| s.code()).collect();
            m.execute(params![
                a.card.as_str(),
                a.approval_no.to_string(),
                a.household.code(),
                services.join(","),
                r.birth.map(|b| b.date.to_string()),
                r.birth.map(|b| b.babies),
                serde_json::to_string(&r).unwrap()
            ])
            .unwrap();
        }
        for b in state.bookings() {
            put_booking(&tx, &b.unwrap());
        }
    }
    tx.commit().unwrap();
    db.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;").unwrap();
    drop(db);
    std::fs::rename(&building, &path).unwrap();
    path
}

/// The rows a quota is counted from: the mother, and each of her uses.
pub type QuotaRows = (Option<(String, Option<String>, Option<u32>)>, Vec<(String, String, u32, String)>);

pub fn quota(db: &Connection, card: &str) -> QuotaRows {
    let mut m = db.prepare_cached("SELECT services, birth_date, babies FROM mothers WHERE card = ?1").unwrap();
    let mother = m.query_row([card], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional().unwrap();
    let mut b = db
        .prepare_cached("SELECT service, status, units, facility FROM bookings WHERE card = ?1 ORDER BY first_day, id")
        .unwrap();
    let uses = b
        .query_map([card], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (mother, uses)
}

/// A quote's reads: the quota's, and the places taken on the day.
pub fn quote(db: &Connection, card: &str, service: &str, day: &str) -> (QuotaRows, u32) {
    let mut t = db.prepare_cached("SELECT count(*) FROM booking_days WHERE service = ?1 AND day = ?2").unwrap();
    let taken = t.query_row([service, day], |r| r.get(0)).unwrap();
    (quota(db, card), taken)
}

/// A claim line: facility, booking, card, approval number, service, first day, units, the three
/// amounts, household, status.
pub type ClaimRow =
    (String, String, String, Option<String>, String, String, u32, i64, i64, i64, Option<String>, String);

/// A month's claims: its used and no-show uses with their mothers, by facility.
pub fn claims(db: &Connection, month: &str) -> Vec<ClaimRow> {
    let mut q = db
        .prepare_cached(
            "SELECT b.facility, b.id, b.card, m.approval_no, b.service, b.first_day, b.units, b.total_cost, b.user_fee, b.ward_amount,
                    m.household, b.status
             FROM bookings b LEFT JOIN mothers m ON m.card = b.card
             WHERE b.month = ?1 AND b.status IN ('completed', 'no-show')
             ORDER BY b.facility, b.first_day, b.id",
        )
        .unwrap();
    q.query_map([month], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
            r.get(8)?,
            r.get(9)?,
            r.get(10)?,
            r.get(11)?,
        ))
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}
