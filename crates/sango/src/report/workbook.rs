//! The fiscal year's workbook for Excel: one sheet per table of the 実績 and one per month's
//! claims, with real numbers and dates (not text), Japanese headers and set column widths.
//! Written by rust_xlsxwriter, never by hand-made XML, so Excel and LibreOffice open it without
//! a repair warning.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

use super::claims::ClaimsReport;
use super::fiscal::{FiscalReport, FiscalTable};
use crate::types::Yen;

/// The columns of a table sheet (the header is row 0, figures from row 1).
pub const TABLE_HEADER: [&str; 5] = ["区分", "サービス", "実人数", "延べ人数", "延べ日数・回数"];

/// The columns of a month's claims sheet (row 0 the title, row 1 the header, lines from row 2).
pub const CLAIMS_HEADER: [&str; 15] = [
    "施設ID",
    "施設名",
    "予約番号",
    "利用者カード番号",
    "承認番号",
    "サービス",
    "利用開始日",
    "利用終了日",
    "日数・回数",
    "事業費",
    "利用者負担額",
    "区請求額",
    "世帯区分",
    "不参加(みなし利用)",
    "確認事項・過誤調整",
];

/// The name of a month's claims sheet: 「請求2026-04」.
pub fn claims_sheet_name(month: &str) -> String {
    format!("請求{month}")
}

fn yen(y: Yen) -> f64 {
    y.to_f64().unwrap_or(0.0)
}

struct Formats {
    header: Format,
    yen: Format,
    date: Format,
    count: Format,
    title: Format,
}

fn formats() -> Formats {
    Formats {
        header: Format::new().set_bold().set_background_color(0xDDEBF7),
        yen: Format::new().set_num_format("¥#,##0;-¥#,##0"),
        date: Format::new().set_num_format("yyyy/mm/dd"),
        count: Format::new().set_num_format("#,##0"),
        title: Format::new().set_bold(),
    }
}

/// Printed on A4, every column on one page's width (the rows run on as pages need).
fn print_a4(ws: &mut Worksheet) {
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
}

fn header(ws: &mut Worksheet, row: u32, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (c, name) in names.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *name, &f.header)?;
    }
    Ok(())
}

fn date(ws: &mut Worksheet, row: u32, col: u16, d: chrono::NaiveDate, f: &Formats) -> Result<(), XlsxError> {
    use chrono::Datelike;
    let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
    ws.write_datetime_with_format(row, col, &dt, &f.date)?;
    Ok(())
}

fn summary(ws: &mut Worksheet, r: &FiscalReport, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name("概要")?;
    ws.write_string_with_format(0, 0, format!("{} 産後ケア事業 実績", r.label), &f.title)?;
    ws.write_string(1, 0, "期間")?;
    date(ws, 1, 1, r.from, f)?;
    date(ws, 1, 2, r.to, f)?;
    ws.write_string(2, 0, "利用実人数(全サービス)")?;
    ws.write_number_with_format(2, 1, r.mothers, &f.count)?;
    ws.write_string(3, 0, "出生数(区に登録された出生)")?;
    ws.write_number_with_format(3, 1, r.births, &f.count)?;
    ws.write_string(4, 0, "利用率(%)")?;
    match r.utilization_percent {
        Some(p) => ws.write_number(4, 1, p)?,
        None => ws.write_string(4, 1, "出生の登録がないため算出できません")?,
    };
    ws.write_string(5, 0, "兄弟姉妹のいる利用者")?;
    ws.write_string(5, 1, "この台帳では記録していません")?;
    match (&r.screenings, &r.referrals) {
        (Some(s), Some(q)) => {
            let rows = [
                ("スクリーニング(延べ)", s.screenings),
                ("うち EPDS 基準点以上", s.epds_at_or_above),
                ("うち 要支援(ハイリスク)", s.high_need),
                ("スクリーニング 実人数", s.mothers_screened),
                ("要支援 実人数", s.mothers_high_need),
                ("連絡票", q.referrals),
                ("うち 至急", q.urgent),
                ("連絡票 未読", q.unanswered),
                ("連絡票 受付済み", q.received),
                ("連絡票 対応中", q.in_progress),
                ("連絡票 対応済み", q.done),
            ];
            for (i, (label, n)) in rows.into_iter().enumerate() {
                let row = 6 + i as u32;
                ws.write_string(row, 0, label)?;
                ws.write_number_with_format(row, 1, n, &f.count)?;
            }
        }
        _ => {
            ws.write_string(6, 0, "スクリーニング・連絡票")?;
            ws.write_string(6, 1, "ケア記録を読んでいません")?;
        }
    }
    // The notes in rows 5–6 are long: column B holds them whole.
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 50)?;
    ws.set_column_width(2, 14)?;
    print_a4(ws);
    Ok(())
}

fn table(ws: &mut Worksheet, t: &FiscalTable, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(&t.title)?;
    header(ws, 0, &TABLE_HEADER, f)?;
    for (i, row) in t.rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &row.group)?;
        ws.write_string(r, 1, row.service.map(|s| s.name_ja()).unwrap_or("計"))?;
        ws.write_number_with_format(r, 2, row.mothers, &f.count)?;
        ws.write_number_with_format(r, 3, row.uses, &f.count)?;
        if let Some(units) = row.units {
            ws.write_number_with_format(r, 4, units, &f.count)?;
        }
    }
    for (c, w) in [20, 26, 10, 10, 14].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_repeat_rows(0, 0)?;
    print_a4(ws);
    Ok(())
}

fn claims(ws: &mut Worksheet, c: &ClaimsReport, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(claims_sheet_name(&c.month))?;
    let status = match &c.closed {
        Some(closed) => format!("締め済み({} {})", closed.at.format("%Y-%m-%d"), closed.by),
        None => "未締め(締めるまで変わることがあります)".into(),
    };
    ws.write_string_with_format(0, 0, format!("{} 分 委託料請求 {status}", c.month), &f.title)?;
    header(ws, 1, &CLAIMS_HEADER, f)?;
    let mut r = 2u32;
    for fac in &c.facilities {
        for u in &fac.lines {
            ws.write_string(r, 0, &fac.facility_id)?;
            ws.write_string(r, 1, &fac.facility_name)?;
            ws.write_string(r, 2, &u.booking)?;
            ws.write_string(r, 3, &u.card)?;
            ws.write_string(r, 4, &u.approval_no)?;
            ws.write_string(r, 5, u.service.name_ja())?;
            date(ws, r, 6, u.first_day, f)?;
            date(ws, r, 7, u.last_day, f)?;
            ws.write_number_with_format(r, 8, u.units, &f.count)?;
            ws.write_number_with_format(r, 9, yen(u.total_cost), &f.yen)?;
            ws.write_number_with_format(r, 10, yen(u.user_fee), &f.yen)?;
            ws.write_number_with_format(r, 11, yen(u.ward_amount), &f.yen)?;
            ws.write_string(r, 12, u.household.name_ja())?;
            if u.no_show {
                ws.write_string(r, 13, "○")?;
            }
            ws.write_string(r, 14, u.flags.iter().map(|f| f.label_ja()).collect::<Vec<_>>().join("・"))?;
            r += 1;
        }
        for a in &fac.adjustments {
            ws.write_string(r, 0, &fac.facility_id)?;
            ws.write_string(r, 1, &fac.facility_name)?;
            ws.write_string(r, 2, &a.booking)?;
            ws.write_string(r, 3, &a.card)?;
            ws.write_string(r, 5, a.service.name_ja())?;
            ws.write_number_with_format(r, 9, yen(a.difference.total_cost), &f.yen)?;
            ws.write_number_with_format(r, 10, yen(a.difference.user_fee), &f.yen)?;
            ws.write_number_with_format(r, 11, yen(a.difference.ward_amount), &f.yen)?;
            ws.write_string(r, 14, format!("過誤調整({}分・{})", a.month, a.reason.label_ja()))?;
            r += 1;
        }
        ws.write_string_with_format(r, 1, format!("{} 計(調整後)", fac.facility_name), &f.title)?;
        ws.write_number_with_format(r, 9, yen(fac.totals.total_cost + fac.adjusted.total_cost), &f.yen)?;
        ws.write_number_with_format(r, 10, yen(fac.totals.user_fees + fac.adjusted.user_fee), &f.yen)?;
        ws.write_number_with_format(r, 11, yen(fac.payable_ward_amount), &f.yen)?;
        r += 1;
    }
    ws.write_string_with_format(r, 1, "合計(調整後)", &f.title)?;
    ws.write_number_with_format(r, 9, yen(c.totals.total_cost + c.adjusted.total_cost), &f.yen)?;
    ws.write_number_with_format(r, 10, yen(c.totals.user_fees + c.adjusted.user_fee), &f.yen)?;
    ws.write_number_with_format(r, 11, yen(c.payable_ward_amount), &f.yen)?;
    for (col, w) in [18, 26, 22, 16, 12, 24, 12, 12, 10, 12, 12, 12, 18, 10, 34].into_iter().enumerate() {
        ws.set_column_width(col as u16, w)?;
    }
    ws.set_freeze_panes(2, 0)?;
    ws.set_repeat_rows(0, 1)?;
    ws.set_landscape();
    print_a4(ws);
    Ok(())
}

/// The workbook's bytes: 概要, each table of `report`, then each month's claims in `months`.
pub fn fiscal_workbook(report: &FiscalReport, months: &[ClaimsReport]) -> Result<Vec<u8>, XlsxError> {
    let f = formats();
    let mut wb = Workbook::new();
    summary(wb.add_worksheet(), report, &f)?;
    for t in &report.tables {
        table(wb.add_worksheet(), t, &f)?;
    }
    for c in months {
        claims(wb.add_worksheet(), c, &f)?;
    }
    wb.save_to_buffer()
}
