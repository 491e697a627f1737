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
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|p| p == &json!({"name": "nerima-2024", "municipality": "練馬区", "effective_from": "2024-04-01"})),
        "{list}"
    );
    let good = write(&tmp.path().join("minato.toml"), MINATO);
    assert_eq!(ok(&dir, &["program", "check", &good]), json!({"ok": true, "name": "minato-2026"}));
    let bad = write(
        &tmp.path().join("bad.toml"),
        &MINATO
            .replace("limit_single = 2", "limit_singel = 2")
            .replace("cancel_hour_jst = 17", "cancel_hour_jst = 24")
            .replace("user_fee = 2000", "user_fee = 2500"),
    );
    let r = sango(&dir, NOW, &["program", "check", &bad]);
    assert_eq!(r.code, 4, "{}", r.err);
    let problems: Vec<(String, u64)> = r.err["error"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["path"].as_str().unwrap().to_string(), p["line"].as_u64().unwrap()))
        .collect();
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["service[0].limit_single", "service[0].limit_singel", "cancel_hour_jst", "fee[0].per_unit"]);
    assert!(problems.iter().all(|(_, line)| *line >= 2), "{problems:?}");
    // Nothing was made by checking.
    assert!(!dir.exists());
    // `fee --program` prices by the named program or file.
    assert_eq!(
        ok(&dir, &["fee", "--service", "day-care", "--date", "2026-12-08", "--program", &good])["user_fee"],
        json!(2000)
    );
    assert_eq!(
        ok(&dir, &["fee", "--service", "day-care", "--date", "2026-12-08", "--program", "nerima-2024"])["user_fee"],
        json!(1500)
    );
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
    assert_eq!(
        ok(&ward, &["directory", "set", "--file", &write(&root.join("dir.json"), &directory(&["shiba"]))]),
        json!({"facilities": 1})
    );
    assert_eq!(ok(&ward, &["directory"])[0]["id"], "shiba");

    // The facility takes the program and the directory from the ward's signed card, not its own word.
    let card = root.join("minato.card");
    ok(&ward, &["ward-card", "--out", card.to_str().unwrap()]);
    let nerima = sango(
        &fac,
        NOW,
        &["init", "--facility", "shiba", "--ward-card", card.to_str().unwrap(), "--program", "nerima-2024"],
    );
    assert_eq!((nerima.code, nerima.err["error"]["code"].as_str()), (2, Some("program_from_ward")), "{}", nerima.err);
    let tampered = std::fs::read_to_string(&card).unwrap().replace("user_fee = 2000", "user_fee = 0");
    let forged =
        sango(&fac, NOW, &["init", "--facility", "shiba", "--ward-card", &write(&root.join("forged.card"), &tampered)]);
    assert_eq!(
        (forged.code, forged.err["error"]["code"].as_str()),
        (4, Some("bad_ward_card")),
        "a program changed on the way is not the ward's: {}",
        forged.err
    );
    assert!(forged.err["error"]["message"].as_str().unwrap().contains("altered"));
    ok(&fac, &["init", "--facility", "shiba", "--ward-card", card.to_str().unwrap(), "--closed", "sun,holidays"]);
    common::register(&ward, &fac);
    assert_eq!(ok(&fac, &["fee", "--service", "day-care", "--date", "2026-12-08"])["user_fee"], json!(2000));

    ok(
        &fac,
        &[
            "approval",
            "add",
            "--card",
            "M-001",
            "--approval-no",
            "A-1",
            "--mother",
            "港 花子",
            "--services",
            "day-care",
            "--household",
            "standard",
        ],
    );
    ok(&fac, &["birth", "--card", "M-001", "--date", "2026-11-01"]);
    let first = ok(&fac, &["book", "--card", "M-001", "--service", "day-care", "--date", "2026-12-08"]);
    assert!(first["booking"].is_string());
    ok(&fac, &["book", "--card", "M-001", "--service", "day-care", "--date", "2026-12-09"]);
    // Minato allows 2 days of day care: the third is refused by its rule, not Nerima's 12.
    let third = sango(&fac, NOW, &["book", "--card", "M-001", "--service", "day-care", "--date", "2026-12-10"]);
    assert_eq!(third.code, 3, "{}", third.err);
    let quota = ok(&fac, &["quota", "--card", "M-001"]);
    assert_eq!(
        (quota["day-care"]["limit"].clone(), quota["day-care"]["remaining"].clone()),
        (json!(2), json!(0)),
        "{quota}"
    );
    // Short stays are not part of Minato's program.
    assert_ne!(
        sango(
            &fac,
            NOW,
            &["book", "--card", "M-001", "--service", "short-stay", "--date", "2026-12-14", "--days", "2"]
        )
        .code,
        0
    );

    // A facility joins: the changed directory and a new fee reach the facility in the roster.
    ok(&ward, &["directory", "set", "--file", &write(&root.join("dir2.json"), &directory(&["shiba", "takanawa"]))]);
    let next_year = MINATO.replace("per_unit = { total_cost = 20000, user_fee = 2000, ward_amount = 18000 }", "until = \"2027-03-31\"\nper_unit = { total_cost = 20000, user_fee = 2000, ward_amount = 18000 }\n[[fee]]\nservice = \"day-care\"\nfrom = \"2027-04-01\"\nper_unit = { total_cost = 22000, user_fee = 2200, ward_amount = 19800 }");
    assert_eq!(
        ok(&ward, &["program", "set", "--program", &write(&root.join("minato2.toml"), &next_year)])["name"],
        "minato-2026"
    );
    let roster = root.join("roster.bin");
    ok(&ward, &["roster", "--out", roster.to_str().unwrap()]);
    ok(&fac, &["import", roster.to_str().unwrap()]);
    assert_eq!(ok(&fac, &["directory"]).as_array().unwrap().len(), 2);
    // The new fee applies from its date, the old one until then.
    assert_eq!(ok(&fac, &["fee", "--service", "day-care", "--date", "2027-03-31"])["user_fee"], json!(2000));
    assert_eq!(ok(&fac, &["fee", "--service", "day-care", "--date", "2027-04-01"])["user_fee"], json!(2200));
    // Directory and program changes are the ward's: a facility cannot set them.
    let at_facility = sango(&fac, NOW, &["directory", "set", "--file", root.join("dir.json").to_str().unwrap()]);
    assert_eq!(
        (at_facility.code, at_facility.err["error"]["code"].as_str()),
        (2, Some("wrong_mode")),
        "{}",
        at_facility.err
    );
    assert_eq!(ok(&fac, &["directory"]).as_array().unwrap().len(), 2);
}

/// 中野区's built-in program with the amounts and hour its page does not publish filled in, as the
/// ward fills them in from its contracts (these amounts are the test's, not Nakano's).
fn nakano_filled_in() -> String {
    let text = sango::program::builtin_named("nakano-2022").unwrap().1;
    let unknown = "per_unit = { total_cost = \"unknown\", user_fee = \"unknown\", ward_amount = \"unknown\" }";
    assert_eq!(text.matches(unknown).count(), 3);
    text.replacen(unknown, "per_unit = { total_cost = 30000, user_fee = 3000, ward_amount = 27000 }", 1)
        .replacen(unknown, "per_unit = { total_cost = 15000, user_fee = 1500, ward_amount = 13500 }", 1)
        .replacen(unknown, "per_unit = { total_cost = 10000, user_fee = 500, ward_amount = 9500 }", 1)
        .replace("cancel_hour_jst = \"unknown\"", "cancel_hour_jst = 10")
}

fn all_services_directory(ids: &[&str]) -> String {
    let facilities: Vec<Value> = ids
        .iter()
        .map(|id| {
            let services: Vec<Value> = ["short-stay", "day-care", "home-visit"].iter().map(|s| json!({"service": s, "age_limit": null, "weekdays": null, "visit_areas": if *s == "home-visit" { json!(["164", "165"]) } else { json!([]) }})).collect();
            json!({"id": id, "name": format!("{id} 助産院"), "short_name": format!("{id}助産院"), "address": "中野区中野1-1-1", "phone": "03-0000-0002", "services": services})
        })
        .collect();
    serde_json::to_string_pretty(&json!({"version": 1, "facilities": facilities})).unwrap()
}

fn carry(from: &Path, verb: &str, to: &[&Path], file: &Path) {
    ok(from, &[verb, "--out", file.to_str().unwrap()]);
    for dir in to {
        ok(dir, &["import", file.to_str().unwrap()]);
    }
}

#[test]
fn under_nakanos_program_one_pool_counts_every_service_at_every_facility_and_the_ward_sees_the_overrun() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (ward, a, b) = (root.join("nakano"), root.join("matsugaoka"), root.join("arai"));
    // The built-in program itself publishes no fee: a use under it is refused, never guessed.
    let bare = sango(
        &root.join("none"),
        NOW,
        &["fee", "--service", "day-care", "--date", "2026-12-08", "--program", "nakano-2022"],
    );
    assert_eq!((bare.code, bare.err["error"]["code"].as_str()), (3, Some("program_incomplete")), "{}", bare.err);

    ok(&ward, &["init", "--ward", "--program", &write(&root.join("nakano.toml"), &nakano_filled_in())]);
    ok(
        &ward,
        &[
            "directory",
            "set",
            "--file",
            &write(&root.join("dir.json"), &all_services_directory(&["matsugaoka", "arai"])),
        ],
    );
    let card = root.join("nakano.card");
    ok(&ward, &["ward-card", "--out", card.to_str().unwrap()]);
    for (dir, id) in [(&a, "matsugaoka"), (&b, "arai")] {
        ok(dir, &["init", "--facility", id, "--ward-card", card.to_str().unwrap()]);
        common::register(&ward, dir);
    }
    ok(
        &ward,
        &[
            "approval",
            "add",
            "--card",
            "N-1",
            "--approval-no",
            "R4-1",
            "--mother",
            "中野 陽菜",
            "--services",
            "short-stay,day-care,home-visit",
            "--household",
            "standard",
            "--postal",
            "164-0001",
        ],
    );
    ok(&ward, &["birth", "--card", "N-1", "--date", "2026-11-01"]);
    carry(&ward, "roster", &[&a, &b], &root.join("roster1.bin"));

    // At the first facility: a 6-day stay and 3 days of day care (9 of the pool's 15).
    ok(&a, &["book", "--card", "N-1", "--service", "short-stay", "--date", "2026-12-02", "--days", "6"]);
    ok(&a, &["book", "--card", "N-1", "--service", "day-care", "--date", "2026-12-09", "--days", "3"]);
    carry(&a, "export", &[&ward], &root.join("a1.bin"));
    carry(&ward, "roster", &[&b], &root.join("roster2.bin"));

    // The second facility counts them: the stay's own cap of 7 leaves 1, the pool 6 for the rest.
    let quota = ok(&b, &["quota", "--card", "N-1"]);
    assert_eq!(
        (quota["short-stay"]["limit"].clone(), quota["short-stay"]["remaining"].clone()),
        (json!(7), json!(1)),
        "{quota}"
    );
    assert_eq!(
        (quota["day-care"]["remaining"].clone(), quota["home-visit"]["remaining"].clone()),
        (json!(6), json!(6)),
        "{quota}"
    );
    assert_eq!(quota["home-visit"]["pool"]["limit"], json!(15), "{quota}");
    assert_eq!(
        quota["home-visit"]["pool"]["used"].as_u64().unwrap() + quota["home-visit"]["pool"]["booked"].as_u64().unwrap(),
        9,
        "{quota}"
    );
    let stay =
        sango(&b, NOW, &["book", "--card", "N-1", "--service", "short-stay", "--date", "2026-12-20", "--days", "2"]);
    assert_eq!(
        (stay.code, stay.err["error"]["code"].as_str()),
        (3, Some("quota_exceeded")),
        "the stay's own cap: {}",
        stay.err
    );
    ok(&b, &["book", "--card", "N-1", "--service", "day-care", "--date", "2026-12-14", "--days", "5"]);
    ok(&b, &["book", "--card", "N-1", "--service", "home-visit", "--date", "2026-12-21"]);
    // The 16th use of the pool is refused, whatever the service, in the program's words.
    let over = sango(&b, NOW, &["book", "--card", "N-1", "--service", "home-visit", "--date", "2026-12-22"]);
    assert_eq!((over.code, over.err["error"]["code"].as_str()), (3, Some("quota_exceeded")), "{}", over.err);
    assert!(over.err["error"]["message_ja"].as_str().unwrap().contains("産後ケア事業の利用回数"), "{}", over.err);

    // The first facility, not yet told of those 6, books one more visit (10 of 15 as it knows).
    ok(&a, &["book", "--card", "N-1", "--service", "home-visit", "--date", "2026-12-23"]);
    carry(&a, "export", &[&ward], &root.join("a2.bin"));
    carry(&b, "export", &[&ward], &root.join("b1.bin"));
    // Only the ward sees all 16: one overrun of the pool, across both facilities.
    let overruns = ok(&ward, &["overruns"]);
    let list = overruns.as_array().unwrap();
    assert_eq!(list.len(), 1, "{overruns}");
    assert_eq!(
        (list[0]["card"].clone(), list[0]["limit"].clone(), list[0]["used"].clone()),
        (json!("N-1"), json!(15), json!(16)),
        "{overruns}"
    );
    assert_eq!(list[0]["pool"], json!("産後ケア事業の利用回数(3事業の合計)"));
    assert_eq!(list[0]["facilities"], json!(["arai", "matsugaoka"]));
}
