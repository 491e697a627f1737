//! Closing a month (`sango close`) and the adjustments after it, end to end (issue 20).

mod common;

use common::*;
use serde_json::Value;

fn n(v: &Value) -> i64 {
    v.as_i64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn at(dir: &std::path::Path, now: &str, args: &[&str]) -> Value {
    let r = sango(dir, now, args);
    assert_eq!(r.code, 0, "sango {args:?} at {now} failed: {}", r.err);
    r.out
}

fn export_and_import(w: &World, now: &str, name: &str) {
    let file = w.root.join(name);
    at(&w.facility, now, &["export", "--out", file.to_str().unwrap()]);
    at(&w.ward, now, &["import", file.to_str().unwrap()]);
}

#[test]
fn a_closed_month_keeps_its_lines_and_a_late_use_is_adjusted_in_the_next_month() {
    let w = world("tsumugi");
    mother(&w.facility, "C-300", "2026-11-10");
    ok(
        &w.ward,
        &[
            "approval",
            "add",
            "--card",
            "C-300",
            "--approval-no",
            "A-100",
            "--mother",
            "練馬 花子",
            "--services",
            "day-care",
            "--household",
            "standard",
        ],
    );
    ok(&w.ward, &["birth", "--card", "C-300", "--date", "2026-11-10"]);
    let first = ok(&w.facility, &["book", "--card", "C-300", "--service", "day-care", "--date", "2026-12-08"])
        ["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let late = ok(&w.facility, &["book", "--card", "C-300", "--service", "day-care", "--date", "2026-12-10"])
        ["booking"]
        .as_str()
        .unwrap()
        .to_string();
    at(&w.facility, "2026-12-08T16:00:00+09:00", &["complete", "--booking", &first]);
    // Exported before the month ended: the second use is still only booked.
    export_and_import(&w, "2026-12-09T18:00:00+09:00", "e1.sango");

    // The facility has not exported since December ended: refused, nothing written.
    let before = entries(&w.ward);
    let r = sango(&w.ward, "2027-01-05T09:00:00+09:00", &["close", "--month", "2026-12"]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (3, Some("exports_missing")), "{}", r.err);
    assert!(r.err["error"]["message_ja"].as_str().unwrap().contains("つむぎ"), "{}", r.err);
    assert_eq!(entries(&w.ward), before);
    // A month that has not ended, or out of order, is refused too.
    let r = sango(&w.ward, "2026-12-20T09:00:00+09:00", &["close", "--month", "2026-12", "--anyway"]);
    assert_eq!(r.err["error"]["code"], "month_not_ended");

    // Closed anyway: recorded, with the facility that had not exported.
    let closed = at(&w.ward, "2027-01-05T09:00:00+09:00", &["close", "--month", "2026-12", "--anyway"]);
    assert_eq!((closed["month"].as_str(), n(&closed["lines"]), n(&closed["ward_amount"])), (Some("2026-12"), 1, 17500));
    assert_eq!(closed["missing_exports"], serde_json::json!(["tsumugi"]));
    let r = sango(&w.ward, "2027-01-05T10:00:00+09:00", &["close", "--month", "2026-12", "--anyway"]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (3, Some("month_already_closed")));
    let r = sango(&w.ward, "2027-03-05T10:00:00+09:00", &["close", "--month", "2027-02", "--anyway"]);
    assert_eq!(r.err["error"]["code"], "close_out_of_order");

    // The late use arrives after closing, with a January use.
    at(&w.facility, "2027-01-05T10:00:00+09:00", &["complete", "--booking", &late]);
    let jan = ok(&w.facility, &["book", "--card", "C-300", "--service", "day-care", "--date", "2027-01-08"])["booking"]
        .as_str()
        .unwrap()
        .to_string();
    at(&w.facility, "2027-01-08T16:00:00+09:00", &["complete", "--booking", &jan]);
    export_and_import(&w, "2027-01-09T09:00:00+09:00", "e2.sango");

    // December stays as closed, forever.
    let dec = ok(&w.ward, &["claims", "--month", "2026-12"]);
    assert_eq!(dec["facilities"][0]["lines"].as_array().unwrap().len(), 1);
    assert_eq!(n(&dec["totals"]["ward_amount"]), 17500);
    assert_eq!(dec["closed"]["anyway"], true);
    assert_eq!(dec["closed"]["missing_exports"], serde_json::json!(["tsumugi"]));
    // January carries December's late use as an adjustment: the difference, its month and why.
    let jan_claims = ok(&w.ward, &["claims", "--month", "2027-01"]);
    let f = &jan_claims["facilities"][0];
    assert_eq!(f["lines"].as_array().unwrap().len(), 1);
    let adj = f["adjustments"].as_array().unwrap();
    assert_eq!(adj.len(), 1, "{jan_claims}");
    assert_eq!(
        (adj[0]["booking"].as_str(), adj[0]["month"].as_str(), adj[0]["reason"].as_str()),
        (Some(late.as_str()), Some("2026-12"), Some("late"))
    );
    assert_eq!(n(&adj[0]["difference"]["ward_amount"]), 17500);
    assert_eq!(n(&f["payable_ward_amount"]), 35000);
    // The CSV shows it as such.
    let o = command().arg("--data-dir").arg(&w.ward).args(["claims", "--month", "2027-01", "--csv"]).output().unwrap();
    let text = String::from_utf8(o.stdout[3..].to_vec()).unwrap();
    assert!(text.contains("過誤調整(2026-12分・締め後の追加)"), "{text}");

    // Exported since January ended: closes without "anyway", carrying the adjustment.
    export_and_import(&w, "2027-02-01T10:00:00+09:00", "e3.sango");
    let closed = at(&w.ward, "2027-02-02T09:00:00+09:00", &["close", "--month", "2027-01"]);
    assert_eq!((n(&closed["lines"]), n(&closed["adjustments"]), n(&closed["ward_amount"])), (1, 1, 35000));
    assert_eq!(closed["missing_exports"], serde_json::json!([]));
    // Carried once: February has nothing to adjust.
    let feb = ok(&w.ward, &["claims", "--month", "2027-02"]);
    assert_eq!(feb["facilities"], serde_json::json!([]));
    // The audit names who closed what; a rebuilt state shows the same closed months.
    let audit = ok(&w.ward, &["audit", "--kind", "month_closed"]);
    assert_eq!(audit.as_array().unwrap().len(), 2, "{audit}");
    ok(&w.ward, &["rebuild"]);
    assert_eq!(ok(&w.ward, &["claims", "--month", "2026-12"]), dec);
}

#[test]
fn a_month_of_no_shows_closes_at_no_cost_to_the_ward_and_only_the_ward_closes() {
    let w = world("tsumugi");
    mother(&w.facility, "C-301", "2026-11-10");
    let b = ok(&w.facility, &["book", "--card", "C-301", "--service", "day-care", "--date", "2026-12-08"])["booking"]
        .as_str()
        .unwrap()
        .to_string();
    // Deemed used (cancelled late): the user share is claimed, the ward pays nothing.
    at(&w.facility, "2026-12-08T09:00:00+09:00", &["cancel", "--booking", &b]);
    export_and_import(&w, "2027-01-02T09:00:00+09:00", "e1.sango");
    let closed = at(&w.ward, "2027-01-05T09:00:00+09:00", &["close", "--month", "2026-12"]);
    assert_eq!((n(&closed["lines"]), n(&closed["ward_amount"])), (1, 0));
    // A facility cannot close months.
    let r = sango(&w.facility, "2027-01-05T09:00:00+09:00", &["close", "--month", "2026-12"]);
    assert_eq!((r.code, r.err["error"]["code"].as_str()), (2, Some("wrong_mode")));
    // A month that does not parse is bad input.
    let r = sango(&w.ward, "2027-01-05T09:00:00+09:00", &["close", "--month", "2026-13"]);
    assert_eq!(r.code, 4, "{}", r.err);
}
