//! CSV that Excel opens as is: a byte-order mark (or Shift_JIS for older Excel), CRLF lines,
//! Japanese headers, every field quoted where it must be.

use super::claims::{ClaimTotals, ClaimsReport};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvEncoding {
    /// UTF-8 with a byte-order mark: Excel 2016 and later.
    Utf8Bom,
    /// Shift_JIS (Windows-31J): older Excel.
    ShiftJis,
}

fn field(s: &str) -> String {
    // A leading = + - @ would be read as a formula by Excel: quote and neutralise it.
    let s = if s.starts_with(['=', '+', '@']) || (s.starts_with('-') && s.parse::<f64>().is_err()) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A facility's (or the grand) total, in the columns of the use lines.
fn total_row(month: &str, facility_id: &str, facility_name: &str, label: &str, t: &ClaimTotals) -> Vec<String> {
    let mut row = vec![String::new(); 19];
    row[0] = month.into();
    row[1] = facility_id.into();
    row[2] = facility_name.into();
    row[3] = label.into();
    row[9] = format!("{}件(不参加{}件)", t.uses, t.no_shows);
    row[10] = t.total_cost.to_string();
    row[11] = t.user_fees.to_string();
    row[12] = t.ward_amount.to_string();
    if t.flagged > 0 {
        row[18] = format!("要確認{}件(区請求額{})", t.flagged, t.flagged_ward_amount);
    }
    row
}

/// Every use of the month, one line each, then each facility's total and the grand total. At the
/// ward the amounts are the ward's own, the facility's stated ones beside them, and 確認事項 the
/// flags in Japanese (金額相違・未承認・上限超過・月齢).
pub fn claims_csv(report: &ClaimsReport, encoding: CsvEncoding) -> Vec<u8> {
    let mut rows: Vec<Vec<String>> = vec![[
        "請求月",
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
        "施設請求の事業費",
        "施設請求の利用者負担額",
        "施設請求の区請求額",
        "確認事項",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()];
    for f in &report.facilities {
        for u in &f.lines {
            rows.push(vec![
                report.month.clone(),
                f.facility_id.clone(),
                f.facility_name.clone(),
                u.booking.clone(),
                u.card.clone(),
                u.approval_no.clone(),
                u.service.name_ja().into(),
                u.first_day.to_string(),
                u.last_day.to_string(),
                u.units.to_string(),
                u.total_cost.to_string(),
                u.user_fee.to_string(),
                u.ward_amount.to_string(),
                u.household.name_ja().into(),
                if u.no_show { "○".into() } else { String::new() },
                u.stated.map(|f| f.total_cost().to_string()).unwrap_or_default(),
                u.stated.map(|f| f.user_fee().to_string()).unwrap_or_default(),
                u.stated.map(|f| f.ward_amount().to_string()).unwrap_or_default(),
                u.flags.iter().map(|f| f.label_ja()).collect::<Vec<_>>().join("・"),
            ]);
        }
        rows.push(total_row(&report.month, &f.facility_id, &f.facility_name, "施設計", &f.totals));
        // 過誤調整: the differences for uses of closed months, then what the ward pays.
        for a in &f.adjustments {
            let mut row = vec![String::new(); 19];
            row[0] = report.month.clone();
            row[1] = f.facility_id.clone();
            row[2] = f.facility_name.clone();
            row[3] = a.booking.clone();
            row[4] = a.card.clone();
            row[6] = a.service.name_ja().into();
            row[10] = a.difference.total_cost.to_string();
            row[11] = a.difference.user_fee.to_string();
            row[12] = a.difference.ward_amount.to_string();
            row[18] = format!("過誤調整({}分・{})", a.month, a.reason.label_ja());
            rows.push(row);
        }
        if !f.adjustments.is_empty() {
            let mut row = vec![String::new(); 19];
            row[0] = report.month.clone();
            row[1] = f.facility_id.clone();
            row[2] = f.facility_name.clone();
            row[3] = "調整後の区請求額".into();
            row[12] = f.payable_ward_amount.to_string();
            rows.push(row);
        }
    }
    rows.push(total_row(&report.month, "", "合計", "", &report.totals));
    if report.adjusted != super::LineMoney::default() {
        let mut row = vec![String::new(); 19];
        row[0] = report.month.clone();
        row[2] = "合計".into();
        row[3] = "調整後の区請求額".into();
        row[12] = report.payable_ward_amount.to_string();
        rows.push(row);
    }
    csv_bytes(&rows, encoding)
}

/// Rows (the first the header) as a CSV Excel opens as is: fields quoted or neutralised, CRLF
/// lines, a byte-order mark or Shift_JIS.
pub fn csv_bytes(rows: &[Vec<String>], encoding: CsvEncoding) -> Vec<u8> {
    let text: String = rows.iter().map(|r| r.iter().map(|f| field(f)).collect::<Vec<_>>().join(",") + "\r\n").collect();
    match encoding {
        CsvEncoding::Utf8Bom => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
        CsvEncoding::ShiftJis => encoding_rs::SHIFT_JIS.encode(&text).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_that_excel_would_misread_are_quoted_or_neutralised() {
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("-5"), "-5");
        assert_eq!(field("練馬"), "練馬");
    }

    #[test]
    fn an_empty_month_has_a_header_a_total_and_a_bom() {
        let r = ClaimsReport {
            month: "2026-12".into(),
            facilities: vec![],
            totals: Default::default(),
            adjusted: Default::default(),
            payable_ward_amount: Default::default(),
            closed: None,
        };
        let bytes = claims_csv(&r, CsvEncoding::Utf8Bom);
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(text.contains("合計"));
        let sjis = claims_csv(&r, CsvEncoding::ShiftJis);
        assert_eq!(encoding_rs::SHIFT_JIS.decode(&sjis).0, text);
    }
}
