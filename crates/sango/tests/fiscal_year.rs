//! A generated year at the ward (`sango-gen`): every month closed in turn, the fiscal year's
//! 実績 counted against a plain walk over the uses, and its workbook read back with calamine
//! and compared with the JSON report (issue 20).

use std::collections::BTreeSet;
use std::os::unix::fs::PermissionsExt;

use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use sango::app::App;
use sango::calendar::fiscal_months;
use sango::ledger::{Actor, BookingStatus, Role};
use sango::report::{claims_sheet_name, CLAIMS_HEADER, TABLE_HEADER};
use sango_gen::{self as generate, Build, Keys, Spec};

fn officer() -> Actor {
    Actor { name: "母子保健係".into(), role: Role::Ward }
}

/// Five days after `month` ended, 09:00 Japan time.
fn after(month: &str) -> DateTime<FixedOffset> {
    let next = sango::report::next_month(month).unwrap();
    DateTime::parse_from_rfc3339(&format!("{next}-05T09:00:00+09:00")).unwrap()
}

fn ward() -> (tempfile::TempDir, App) {
    let spec = Spec { seed: 20, mothers: 120, uses_per_mother: 5, facilities: 6, batch: 10 };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("ward");
    generate::ward(&spec, &Keys::generate(&spec).unwrap(), Build::Batch, &dir).unwrap();
    let app = App::open(&dir).unwrap();
    (tmp, app)
}

fn cell(r: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

#[test]
fn each_month_of_a_generated_year_closes_in_turn_and_the_workbook_reads_back_as_the_report() {
    let (tmp, app) = ward();
    let months = fiscal_months(2024);
    // No facility exported after the months ended (the generator's exports come early): each
    // close is refused, then closed anyway, recorded.
    let r = app.close_month(after(&months[0]), &officer(), months[0].parse().unwrap(), false).unwrap_err();
    assert_eq!(r.code, "exports_missing");
    let mut paid = rust_decimal::Decimal::ZERO;
    for m in &months {
        let before = app.claims(&officer(), m.parse().unwrap()).unwrap();
        let closed = app.close_month(after(m), &officer(), m.parse().unwrap(), true).unwrap();
        assert_eq!(closed.ward_amount, before.payable_ward_amount, "{m}");
        assert_eq!(closed.adjustments, 0, "nothing changed after closing: {m}");
        assert!(!closed.missing_exports.is_empty());
        paid += closed.ward_amount;
    }
    // Closed months are as recorded, and add up to the year's ward amount counted afresh.
    let afresh: rust_decimal::Decimal = app
        .state()
        .bookings()
        .map(|b| b.unwrap())
        .filter(|b| b.status.is_used() && sango::calendar::fiscal_year_of(b.first_day) == 2024)
        .map(|b| {
            let m = app.state().mother(&b.card).unwrap();
            let household = m.map(|m| m.approval.household).unwrap_or(sango::types::Household::Standard);
            if b.status == BookingStatus::NoShow {
                app.program().no_show_fee(b.service, b.first_day, b.units, household)
            } else {
                app.program().fee(b.service, b.first_day, b.units, household)
            }
            .unwrap()
            .ward_amount()
        })
        .sum();
    assert_eq!(paid, afresh);

    // The report against a plain walk: completed uses whose first day is in 2024年度.
    let report = app.fiscal_report(&officer(), 2024).unwrap();
    let used: Vec<_> = app
        .state()
        .bookings()
        .map(|b| b.unwrap())
        .filter(|b| {
            b.status == BookingStatus::Completed
                && b.first_day >= NaiveDate::from_ymd_opt(2024, 4, 1).unwrap()
                && b.first_day <= NaiveDate::from_ymd_opt(2025, 3, 31).unwrap()
        })
        .collect();
    let all = report.tables[0].rows.iter().find(|r| r.key == "service:used:all").unwrap();
    assert!(used.len() > 100, "a year of uses: {}", used.len());
    assert_eq!(all.uses as usize, used.len());
    assert_eq!(all.mothers as usize, used.iter().map(|b| b.card.to_string()).collect::<BTreeSet<_>>().len());
    assert_eq!(report.mothers, all.mothers);
    assert!(report.births > 0 && report.utilization_percent.is_some());
    // A figure opens to its uses, audited.
    let uses = app.fiscal_uses(after("2025-03"), &officer(), 2024, "service:used:day-care").unwrap();
    let day_care = report.tables[0].rows.iter().find(|r| r.key == "service:used:day-care").unwrap();
    assert_eq!(uses.len() as u32, day_care.uses);

    // The workbook: private, one sheet per table and per month, the same numbers as the report.
    let out = tmp.path().join("2024年度.xlsx");
    let written = app.fiscal_workbook(after("2025-03"), &officer(), 2024, &out).unwrap();
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len() as u32, written.sheets);
    assert_eq!(names[0], "概要");
    for t in &report.tables {
        let range = wb.worksheet_range(&t.title).unwrap();
        for (c, h) in TABLE_HEADER.iter().enumerate() {
            assert_eq!(cell(&range, 0, c as u32), Data::String(h.to_string()));
        }
        for (i, row) in t.rows.iter().enumerate() {
            let r = i as u32 + 1;
            assert_eq!(cell(&range, r, 0), Data::String(row.group.clone()), "{}", row.key);
            assert_eq!(number(&cell(&range, r, 2)), Some(f64::from(row.mothers)), "{}", row.key);
            assert_eq!(number(&cell(&range, r, 3)), Some(f64::from(row.uses)), "{}", row.key);
            assert_eq!(number(&cell(&range, r, 4)), row.units.map(f64::from), "{}", row.key);
        }
    }
    for m in &months {
        let claims = app.claims(&officer(), m.parse().unwrap()).unwrap();
        assert!(claims.closed.is_some());
        let range = wb.worksheet_range(&claims_sheet_name(m)).unwrap();
        assert_eq!(cell(&range, 1, 11), Data::String(CLAIMS_HEADER[11].into()));
        let lines: Vec<_> = claims.facilities.iter().flat_map(|f| &f.lines).collect();
        // Every use line, matched by booking: real dates and numbers, as in the JSON.
        let mut found = 0;
        for r in 2..range.height() as u32 {
            let Data::String(booking) = cell(&range, r, 2) else { continue };
            let Some(u) = lines.iter().find(|u| u.booking == booking) else { continue };
            found += 1;
            let Data::DateTime(first) = cell(&range, r, 6) else {
                panic!("{m} {booking}: the first day is not a date")
            };
            let first = first.as_datetime().unwrap().date();
            assert_eq!(
                (first.year(), first.month(), first.day()),
                (u.first_day.year(), u.first_day.month(), u.first_day.day())
            );
            assert_eq!(number(&cell(&range, r, 11)), u.ward_amount.to_f64(), "{m} {booking}");
            assert_eq!(number(&cell(&range, r, 8)), Some(f64::from(u.units)));
        }
        assert_eq!(found, lines.len(), "{m}");
        // The last row: the month's total, as the JSON's.
        let last = range.height() as u32 - 1;
        assert_eq!(cell(&range, last, 1), Data::String("合計(調整後)".into()));
        assert_eq!(number(&cell(&range, last, 11)), claims.payable_ward_amount.to_f64(), "{m}");
    }
    // The report's own keys and the audit of the opening and the workbook.
    let audit = app
        .audit(
            &Actor { name: "管理".into(), role: Role::Admin },
            &sango::app::AuditFilter { kind: Some("opened".into()), ..Default::default() },
        )
        .unwrap();
    let actions: Vec<&str> = audit.iter().map(|a| a.action.as_str()).collect();
    assert!(actions.contains(&"opened_fiscal_uses") && actions.contains(&"opened_workbook"), "{actions:?}");
}
