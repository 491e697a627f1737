//! Issue 19 at the command line: the program and the directory as data, checked, set by the
//! ward and carried to facilities in its signed card and roster.

mod common;

use std::path::Path;

use common::{ok, sango, NOW};
use serde_json::{json, Value};

/// A second ward's program, written by hand: day care only, 2 days per birth, ¥2,000 a day.
const MINATO: &str = r#"
id = "minato-2026"
municipality = "港区"
ward_office = "港区 みなと保健所 健康づくり課"
ward_contact = "電話 03-0000-0000"
name_ja = "港区産後ケア事業"
name_en = "Minato City postpartum care program"
effective_from = "2026-04-01"
cancel_hour_jst = 17
[no_show]
user_fee_charged = true
ward_pays = false
[[service]]
service = "day-care"
unit = "day"
limit_single = 2
limit_multiple = 3
min_units = 1
meals_per_day = 1
[[fee]]
service = "day-care"
from = "2026-04-01"
per_unit = { total_cost = 20000, user_fee = 2000, ward_amount = 18000 }
"#;

/// The second ward's facilities: one midwife's house, day care on every open day.
fn directory(ids: &[&str]) -> String {
    let facilities: Vec<Value> = ids
        .iter()
        .map(|id| {
            json!({"id": id, "name": format!("{id} 助産院"), "short_name": format!("{id}助産院"), "address": "港区芝1-1-1", "phone": "03-0000-0001",
                   "services": [{"service": "day-care", "age_limit": null, "weekdays": null}]})
        })
        .collect();
    serde_json::to_string_pretty(&json!({"version": 1, "facilities": facilities})).unwrap()
}

fn write(path: &Path, text: &str) -> String {
    std::fs::write(path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn program_list_names_the_built_in_programs_and_check_lists_every_problem_with_its_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("none");
    let list = ok(&dir, &["program", "list"]);
    assert!(list.as_array().unwrap().iter().any(|p| p == &json!({"name": "nerima-2024", "municipality": "練馬区", "effective_from": "2024-04-01"})), "{list}");
    let good = write(&tmp.path().join("minato.toml"), MINATO);
    assert_eq!(ok(&dir, &["program", "check", &good]), json!({"ok": true, "name": "minato-2026"}));
    let bad = write(&tmp.path().join("bad.toml"), &MINATO.replace("limit_single = 2", "limit_singel = 2").replace("cancel_hour_jst = 17", "cancel_hour_jst = 24").replace("user_fee = 2000", "user_fee = 2500"));
    let r = sango(&dir, NOW, &["program", "check", &bad]);
    assert_eq!(r.code, 4, "{}", r.err);
    let problems: Vec<(String, u64)> = r.err["error"]["problems"].as_array().unwrap().iter().map(|p| (p["path"].as_str().unwrap().to_string(), p["line"].as_u64().unwrap())).collect();
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["service[0].limit_single", "service[0].limit_singel", "cancel_hour_jst", "fee[0].per_unit"]);
    assert!(problems.iter().all(|(_, line)| *line >= 2), "{problems:?}");
    // Nothing was made by checking.
    assert!(!dir.exists());
    // `fee --program` prices by the named program or file.
    assert_eq!(ok(&dir, &["fee", "--service", "day-care", "--date", "2026-12-08", "--program", &good])["user_fee"], json!(2000));
    assert_eq!(ok(&dir, &["fee", "--service", "day-care", "--date", "2026-12-08", "--program", "nerima-2024"])["user_fee"], json!(1500));
    assert_eq!(sango(&dir, NOW, &["fee", "--service", "day-care", "--date", "2026-12-08", "--program", &bad]).code, 4);
}

#[test]
fn a_second_ward_from_a_hand_written_program_prices_and_refuses_by_its_own_rules_at_its_facility() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (ward, fac) = (root.join("minato"), root.join("shiba"));
    let program = write(&root.join("minato.toml"), MINATO);
    ok(&ward, &["init", "--ward", "--program", &program]);
    // The ward's directory: every problem of a broken one listed, and nothing changed.
    let broken = directory(&["shiba", "shiba"]).replace("\"03-0000-0001\"", "\"\"");
    let r = sango(&ward, NOW, &["directory", "set", "--file", &write(&root.join("broken.json"), &broken)]);
    assert_eq!(r.code, 4, "{}", r.err);
    assert_eq!(r.err["error"]["problems"].as_array().unwrap().len(), 3, "{}", r.err);
    assert_eq!(ok(&ward, &["directory"]).as_array().unwrap().len(), 30, "still Nerima's built-in list");
    assert_eq!(ok(&ward, &["directory", "set", "--file", &write(&root.join("dir.json"), &directory(&["shiba"]))]), json!({"facilities": 1}));
    assert_eq!(ok(&ward, &["directory"])[0]["id"], "shiba");

    // The facility takes the program and the directory from the ward's signed card, not its own word.
    let card = root.join("minato.card");
    ok(&ward, &["ward-card", "--out", card.to_str().unwrap()]);
    let nerima = sango(&fac, NOW, &["init", "--facility", "shiba", "--ward-card", card.to_str().unwrap(), "--program", "nerima-2024"]);
    assert_eq!((nerima.code, nerima.err["error"]["code"].as_str()), (2, Some("program_from_ward")), "{}", nerima.err);
    let tampered = std::fs::read_to_string(&card).unwrap().replace("user_fee = 2000", "user_fee = 0");
    let forged = sango(&fac, NOW, &["init", "--facility", "shiba", "--ward-card", &write(&root.join("forged.card"), &tampered)]);
    assert_eq!((forged.code, forged.err["error"]["code"].as_str()), (4, Some("bad_ward_card")), "a program changed on the way is not the ward's: {}", forged.err);
    assert!(forged.err["error"]["message"].as_str().unwrap().contains("altered"));
    ok(&fac, &["init", "--facility", "shiba", "--ward-card", card.to_str().unwrap(), "--closed", "sun,holidays"]);
    common::register(&ward, &fac);
    assert_eq!(ok(&fac, &["fee", "--service", "day-care", "--date", "2026-12-08"])["user_fee"], json!(2000));

    ok(&fac, &["approval", "add", "--card", "M-001", "--approval-no", "A-1", "--mother", "港 花子", "--services", "day-care", "--household", "standard"]);
    ok(&fac, &["birth", "--card", "M-001", "--date", "2026-11-01"]);
    let first = ok(&fac, &["book", "--card", "M-001", "--service", "day-care", "--date", "2026-12-08"]);
    assert!(first["booking"].is_string());
    ok(&fac, &["book", "--card", "M-001", "--service", "day-care", "--date", "2026-12-09"]);
    // Minato allows 2 days of day care: the third is refused by its rule, not Nerima's 12.
    let third = sango(&fac, NOW, &["book", "--card", "M-001", "--service", "day-care", "--date", "2026-12-10"]);
    assert_eq!(third.code, 3, "{}", third.err);
    let quota = ok(&fac, &["quota", "--card", "M-001"]);
    assert_eq!((quota["day-care"]["limit"].clone(), quota["day-care"]["remaining"].clone()), (json!(2), json!(0)), "{quota}");
    // Short stays are not part of Minato's program.
    assert_ne!(sango(&fac, NOW, &["book", "--card", "M-001", "--service", "short-stay", "--date", "2026-12-14", "--days", "2"]).code, 0);

    // A facility joins: the changed directory and a new fee reach the facility in the roster.
    ok(&ward, &["directory", "set", "--file", &write(&root.join("dir2.json"), &directory(&["shiba", "takanawa"]))]);
    let next_year = MINATO.replace("per_unit = { total_cost = 20000, user_fee = 2000, ward_amount = 18000 }", "until = \"2027-03-31\"\nper_unit = { total_cost = 20000, user_fee = 2000, ward_amount = 18000 }\n[[fee]]\nservice = \"day-care\"\nfrom = \"2027-04-01\"\nper_unit = { total_cost = 22000, user_fee = 2200, ward_amount = 19800 }");
    assert_eq!(ok(&ward, &["program", "set", "--program", &write(&root.join("minato2.toml"), &next_year)])["name"], "minato-2026");
    let roster = root.join("roster.bin");
    ok(&ward, &["roster", "--out", roster.to_str().unwrap()]);
    ok(&fac, &["import", roster.to_str().unwrap()]);
    assert_eq!(ok(&fac, &["directory"]).as_array().unwrap().len(), 2);
    // The new fee applies from its date, the old one until then.
    assert_eq!(ok(&fac, &["fee", "--service", "day-care", "--date", "2027-03-31"])["user_fee"], json!(2000));
    assert_eq!(ok(&fac, &["fee", "--service", "day-care", "--date", "2027-04-01"])["user_fee"], json!(2200));
    // Directory and program changes are the ward's: a facility cannot set them.
    let at_facility = sango(&fac, NOW, &["directory", "set", "--file", root.join("dir.json").to_str().unwrap()]);
    assert_eq!((at_facility.code, at_facility.err["error"]["code"].as_str()), (2, Some("wrong_mode")), "{}", at_facility.err);
    assert_eq!(ok(&fac, &["directory"]).as_array().unwrap().len(), 2);
}
