//! What every CLI test file shares: running the real binary, and a ward with one facility.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

pub const NOW: &str = "2026-12-01T09:00:00+09:00";

pub struct Run {
    pub code: i32,
    pub out: Value,
    pub err: Value,
}

/// The binary with its test clock allowed (`SANGO_TEST_CLOCK=1`, so `--now` is honoured) and no
/// recovery key from the environment: every CLI test builds its command here.
pub fn command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sango"));
    c.env("SANGO_TEST_CLOCK", "1").env_remove("SANGO_RECOVERY_KEY");
    c
}

pub fn sango(dir: &Path, now: &str, args: &[&str]) -> Run {
    let o = command()
        .arg("--data-dir")
        .arg(dir)
        .args(["--now", now])
        .args(args)
        .env("SANGO_TEST_CLOCK", "1")
        .output()
        .expect("sango runs");
    let parse = |b: &[u8]| serde_json::from_slice(b).unwrap_or(Value::Null);
    Run { code: o.status.code().unwrap_or(-1), out: parse(&o.stdout), err: parse(&o.stderr) }
}

pub fn ok(dir: &Path, args: &[&str]) -> Value {
    let r = sango(dir, NOW, args);
    assert_eq!(r.code, 0, "sango {args:?} failed: {}", r.err);
    r.out
}

/// A ward and one facility (つむぎ, closed Sundays and holidays), set up from scratch.
pub struct World {
    pub _tmp: tempfile::TempDir,
    pub root: PathBuf,
    pub ward: PathBuf,
    pub facility: PathBuf,
    /// Files holding each install's recovery key (the words `init` showed once), outside the data folders.
    pub ward_key: PathBuf,
    pub facility_key: PathBuf,
}

pub fn world(facility: &str) -> World {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let ward = root.join("ward");
    let fac = root.join(facility);
    let ward_init = ok(&ward, &["init", "--ward"]);
    let card = root.join("ward.card");
    ok(&ward, &["ward-card", "--out", card.to_str().unwrap()]);
    let fac_init = ok(
        &fac,
        &[
            "init",
            "--facility",
            facility,
            "--ward-card",
            card.to_str().unwrap(),
            "--closed",
            "sun,holidays",
            "--capacity",
            "short-stay=1,day-care=2",
        ],
    );
    let (ward_key, facility_key) = (root.join("ward.recovery"), root.join(format!("{facility}.recovery")));
    std::fs::write(&ward_key, ward_init["recovery_key"].as_str().unwrap()).unwrap();
    std::fs::write(&facility_key, fac_init["recovery_key"].as_str().unwrap()).unwrap();
    register(&ward, &fac);
    World { _tmp: tmp, root, ward, facility: fac, ward_key, facility_key }
}

/// The ward registers a facility from the card it wrote (`card`, then `facility add`); returns
/// the facility's key id.
pub fn register(ward: &Path, facility: &Path) -> String {
    let card = facility.with_extension("card.json");
    let written = ok(facility, &["card", "--out", card.to_str().unwrap()]);
    let added = ok(ward, &["facility", "add", "--card", card.to_str().unwrap()]);
    assert_eq!(added["key_id"], written["key_id"]);
    written["key_id"].as_str().unwrap().to_string()
}

pub fn mother(facility: &Path, card: &str, born: &str) {
    ok(
        facility,
        &[
            "approval",
            "add",
            "--card",
            card,
            "--approval-no",
            "A-100",
            "--mother",
            "練馬 花子",
            "--services",
            "short-stay,day-care,home-visit",
            "--household",
            "standard",
            "--postal",
            "177-0045",
        ],
    );
    ok(facility, &["birth", "--card", card, "--date", born]);
}

pub fn entries(dir: &Path) -> u64 {
    ok(dir, &["verify"])["entries"].as_u64().unwrap()
}
