//! The printable approval notice (利用承認通知書): an A4 HTML page with the signed code as QR.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::calendar;
use crate::ledger::Approval;
use crate::money::format_yen;
use crate::program::Program;
use crate::sync::notice::NoticeData;
use crate::types::Service;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The QR code of `payload` as SVG (numeric mode: the payload is digits; qrcode picks the mode).
pub fn qr_svg(payload: &str) -> String {
    let code =
        QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M).expect("a notice payload fits a QR code");
    code.render::<svg::Color<'_>>().min_dimensions(240, 240).quiet_zone(true).build()
}

pub fn render(program: &Program, a: &Approval, data: &NoticeData, payload: &str) -> String {
    let issued = data.issued_on;
    let mut rows = String::new();
    for s in Service::ALL {
        let approved = a.services.contains(&s);
        let unit = program.min_units(s);
        let fee =
            program.fee(s, issued, unit, a.household).map(|f| format_yen(f.user_fee())).unwrap_or_else(|_| "—".into());
        let per = program.unit_words_ja(s);
        let (limit, multi) = (program.limit(s, 1), program.limit(s, 2));
        let counted = if program.service(s).is_some_and(|r| r.unit == crate::program::Unit::Visit) {
            "回まで"
        } else {
            "日まで"
        };
        let limit_text = match (limit, multi) {
            (0, _) if program.service(s).is_some() => "区にお問い合わせください".to_string(),
            (0, _) => "—".to_string(),
            (l, m) if m != l => format!("{l}(多胎 {m}){counted}"),
            (l, _) => format!("{l}{counted}"),
        };
        rows.push_str(&format!(
            "<tr><td class=\"mark\">{}</td><td>{}</td><td>{}</td><td>{per} {fee}</td></tr>",
            if approved { "○" } else { "" },
            s.name_ja(),
            limit_text,
        ));
    }
    // A pool over services: one count over them (中野区), said under the table.
    let pools: String = program
        .pools()
        .iter()
        .filter_map(|p| {
            let l = p.limit.units(1)?;
            let services: Vec<&str> = p.services.iter().map(|s| s.name_ja()).collect();
            Some(format!("<p>{}:{}を合わせて{l}回(日)まで。</p>", escape(&p.name_ja), services.join("・")))
        })
        .collect();
    let cancel = match program.cancel_hour() {
        Some(h) => format!("キャンセルは利用日の前日{h}時まで(前日が休みの場合は前々日)に施設へ電話でご連絡ください。"),
        None => "キャンセルの期限は施設にご確認ください。".to_string(),
    };
    // The validity: the widest of the program's hard age limits (「1歳未満」); else not said.
    let valid = program
        .services()
        .flat_map(|r| r.age_limits.iter().filter(|l| !l.soft))
        .max_by_key(|l| calendar::last_permitted_day(l, issued))
        .map_or("事業の定めるとおり".to_string(), |l| {
            format!("お子さんが{}の間", calendar::describe_limit_ja(l))
        });
    format!(
        r#"<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>利用承認通知書 {card}</title>
<style>@page {{ size: A4; margin: 18mm; }} body {{ font-family: "Noto Sans CJK JP", sans-serif; color: #000; }}
h1 {{ text-align: center; font-size: 22pt; letter-spacing: .3em; }} table {{ border-collapse: collapse; width: 100%; }}
td, th {{ border: 1px solid #000; padding: 6px 8px; font-size: 11pt; }} .mark {{ text-align: center; width: 3em; font-size: 14pt; }}
.meta {{ width: auto; }} .meta td {{ border: none; padding: 3px 24px 3px 0; }} .qr {{ float: right; text-align: center; font-size: 8pt; }} .foot {{ margin-top: 18mm; font-size: 10pt; }}</style></head>
<body><p style="text-align:right">{issued_w}({issued})</p><h1>利用承認通知書</h1>
<div class="qr">{qr}<br>施設の受付で読み取ってください</div>
<table class="meta"><tr><td>利用者</td><td>{mother} 様</td></tr><tr><td>利用者カード番号</td><td>{card}</td></tr>
<tr><td>承認番号</td><td>{approval}</td></tr><tr><td>有効期間</td><td>{valid}</td></tr></table>
<p>{program_name}の利用を、次のとおり承認します。○のついたサービスを利用できます。</p>
<table><tr><th>承認</th><th>サービス</th><th>利用できる日数・回数</th><th>利用者負担額</th></tr>{rows}</table>{pools}
<p>予約は出産後に、利用する施設へ直接ご連絡ください。{cancel}連絡がない場合は利用したものとみなし、利用者負担額をお支払いいただきます。</p>
<div class="foot">{ward}<br>{contact}</div></body></html>"#,
        card = escape(a.card.as_str()),
        approval = escape(a.approval_no.as_str()),
        mother = escape(a.mother.as_str()),
        issued = issued,
        issued_w = calendar::wareki(issued),
        qr = qr_svg(payload),
        rows = rows,
        program_name = escape(program.name_ja()),
        valid = valid,
        pools = pools,
        cancel = cancel,
        ward = program.ward_office(),
        contact = program.ward_contact(),
    )
}
