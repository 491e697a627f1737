//! The approval notice's words (利用承認通知書), from the program: what the printed HTML page and the
//! window's notice both say, so a second ward's notice never speaks Nerima's rules.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Serialize;
use ts_rs::TS;

use crate::calendar;
use crate::ledger::Approval;
use crate::money::{format_yen, Fee};
use crate::program::{Program, Unit};
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

/// One service's line on the notice.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NoticeLine {
    pub service: Service,
    /// The program's name for the service (「母子ショートステイ(宿泊)」 unless the program names it).
    pub name_ja: String,
    pub approved: bool,
    /// 「7日まで」, 「7(多胎 14)日まで」, or 「区にお問い合わせください」 where the program has not published it.
    pub limit_ja: String,
    /// The shortest use the fee is of: 「1泊2日」, 「1日」, 「1回」.
    pub per_ja: String,
    /// Her share of that shortest use, by her household; `None` where the program cannot price it.
    pub user_fee: Option<Fee>,
}

/// The notice's sentences. Japanese only, in either language of the window: the notice is the
/// municipality's document to the mother, and a program file carries its rules in Japanese.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct NoticeWording {
    pub program_ja: String,
    /// 有効期間: 「お子さんが1歳未満の間」 from the widest hard age limit.
    pub validity_ja: String,
    pub intro_ja: String,
    pub lines: Vec<NoticeLine>,
    /// A pool over services, one sentence each (中野区: one count over every service).
    pub pools_ja: Vec<String>,
    /// How to book and cancel, with the program's cancellation hour(s) and what a late cancel costs.
    pub booking_ja: String,
}

/// The limit's words: the program's counts, or that the ward must be asked where it has not said.
fn limit_ja(program: &Program, service: Service) -> String {
    let counted =
        if program.service(service).is_some_and(|r| r.unit == Unit::Visit) { "回まで" } else { "日まで" };
    match (program.limit(service, 1), program.limit(service, 2)) {
        (0, _) if program.service(service).is_some() => "区にお問い合わせください".to_string(),
        (0, _) => "—".to_string(),
        (l, m) if m != l => format!("{l}(多胎 {m}){counted}"),
        (l, _) => format!("{l}{counted}"),
    }
}

/// The cancellation sentence: one hour for all, an hour per service where they differ (葛飾区), or
/// that the facility says when the program does not.
fn cancel_ja(program: &Program) -> String {
    let hours: Vec<(Service, Option<u32>)> = Service::ALL
        .into_iter()
        .filter(|s| program.service(*s).is_some())
        .map(|s| (s, program.cancel_hour_of(s)))
        .collect();
    let first = hours.first().and_then(|(_, h)| *h);
    if hours.iter().all(|(_, h)| *h == first) {
        return match first {
            Some(h) => {
                format!("キャンセルは利用日の前日{h}時まで(前日が休みの場合は前々日)に施設へ電話でご連絡ください。")
            }
            None => "キャンセルの期限は施設にご確認ください。".to_string(),
        };
    }
    let each: Vec<String> = hours
        .iter()
        .map(|(s, h)| match h {
            Some(h) => format!("{}は前日{h}時まで", program.service_name_ja(*s)),
            None => format!("{}は施設にご確認ください", program.service_name_ja(*s)),
        })
        .collect();
    format!("キャンセルは、{}(前日が休みの場合は前々日)に施設へ電話でご連絡ください。", each.join("、"))
}

/// Everything the notice says of `a` under `program`, as of the day it is issued.
pub fn wording(program: &Program, a: &Approval, issued: chrono::NaiveDate) -> NoticeWording {
    let lines = Service::ALL
        .into_iter()
        .map(|s| NoticeLine {
            service: s,
            name_ja: program.service_name_ja(s).to_string(),
            approved: a.services.contains(&s),
            limit_ja: limit_ja(program, s),
            per_ja: program.unit_words_ja(s),
            user_fee: program.fee(s, issued, program.min_units(s), a.household).ok(),
        })
        .collect();
    let pools_ja = program
        .pools()
        .iter()
        .filter_map(|p| {
            let l = p.limit.units(1)?;
            let services: Vec<&str> = p.services.iter().map(|s| program.service_name_ja(*s)).collect();
            Some(format!("{}:{}を合わせて{l}回(日)まで。", p.name_ja, services.join("・")))
        })
        .collect();
    // The validity: the widest of the program's hard age limits (「1歳未満」); else not said.
    let validity_ja = program
        .services()
        .flat_map(|r| r.age_limits.iter().filter(|l| !l.soft))
        .max_by_key(|l| calendar::last_permitted_day(l, issued))
        .map_or("事業の定めるとおり".to_string(), |l| {
            format!("お子さんが{}の間", calendar::describe_limit_ja(l))
        });
    NoticeWording {
        program_ja: program.name_ja().to_string(),
        validity_ja,
        intro_ja: format!("{}の利用を、次のとおり承認します。○のついたサービスを利用できます。", program.name_ja()),
        lines,
        pools_ja,
        booking_ja: format!(
            "予約は出産後に、利用する施設へ直接ご連絡ください。{}連絡がない場合は利用したものとみなし、利用者負担額をお支払いいただきます。",
            cancel_ja(program)
        ),
    }
}

/// The printable A4 HTML page (`sango approval notice --out`): the wording, the signed code as QR.
pub fn render(program: &Program, a: &Approval, issued: chrono::NaiveDate, payload: &str) -> String {
    let w = wording(program, a, issued);
    let rows: String = w
        .lines
        .iter()
        .map(|l| {
            let fee = l.user_fee.as_ref().map_or("—".to_string(), |f| format_yen(f.user_fee()));
            format!(
                "<tr><td class=\"mark\">{}</td><td>{}</td><td>{}</td><td>{} {fee}</td></tr>",
                if l.approved { "○" } else { "" },
                escape(&l.name_ja),
                escape(&l.limit_ja),
                escape(&l.per_ja),
            )
        })
        .collect();
    let pools: String = w.pools_ja.iter().map(|p| format!("<p>{}</p>", escape(p))).collect();
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
<p>{intro}</p>
<table><tr><th>承認</th><th>サービス</th><th>利用できる日数・回数</th><th>利用者負担額</th></tr>{rows}</table>{pools}
<p>{booking}</p>
<div class="foot">{ward}<br>{contact}</div></body></html>"#,
        card = escape(a.card.as_str()),
        approval = escape(a.approval_no.as_str()),
        mother = escape(a.mother.as_str()),
        issued_w = calendar::wareki(issued),
        qr = qr_svg(payload),
        valid = escape(&w.validity_ja),
        intro = escape(&w.intro_ja),
        booking = escape(&w.booking_ja),
        ward = escape(program.ward_office()),
        contact = escape(program.ward_contact()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::ApprovalSource;
    use crate::program::builtin_named;
    use crate::types::Household;

    fn approval(household: Household) -> Approval {
        Approval {
            card: "C-1".parse().unwrap(),
            approval_no: "R8-1".parse().unwrap(),
            mother: "光が丘 みどり".parse().unwrap(),
            services: vec![Service::ShortStay, Service::HomeVisit],
            household,
            postal: None,
            emergency: false,
            source: ApprovalSource::Ward,
            issued_on: None,
        }
    }

    fn day() -> chrono::NaiveDate {
        "2026-11-25".parse().unwrap()
    }

    #[test]
    fn nerimas_notice_says_its_limits_fees_age_and_ten_oclock() {
        let (p, _) = builtin_named("nerima-2024").unwrap();
        let w = wording(&p, &approval(Household::Standard), day());
        assert_eq!(w.intro_ja, "練馬区産後ケア事業の利用を、次のとおり承認します。○のついたサービスを利用できます。");
        assert_eq!(w.validity_ja, "お子さんが1歳未満の間");
        let line = |s| w.lines.iter().find(|l| l.service == s).unwrap();
        assert_eq!(
            (line(Service::ShortStay).limit_ja.as_str(), line(Service::ShortStay).per_ja.as_str()),
            ("7日まで", "1泊2日")
        );
        assert_eq!(line(Service::DayCare).limit_ja, "12(多胎 18)日まで");
        assert_eq!(
            (line(Service::HomeVisit).limit_ja.as_str(), line(Service::HomeVisit).per_ja.as_str()),
            ("6(多胎 10)回まで", "1回")
        );
        assert!(line(Service::ShortStay).approved && !line(Service::DayCare).approved);
        assert_eq!(line(Service::ShortStay).user_fee.as_ref().map(|f| f.user_fee().to_string()), Some("7000".into()));
        assert!(w.pools_ja.is_empty());
        assert!(w.booking_ja.contains("前日10時まで"), "{}", w.booking_ja);
    }

    #[test]
    fn another_wards_notice_speaks_its_program_not_nerimas() {
        for (p, _) in crate::program::builtins().iter().filter(|(p, _)| p.id() != "nerima-2024") {
            let w = wording(p, &approval(Household::Standard), day());
            let all = format!("{} {} {} {:?}", w.intro_ja, w.validity_ja, w.booking_ja, w.pools_ja);
            assert!(!all.contains("練馬"), "{}: {all}", p.id());
            assert!(w.intro_ja.starts_with(p.name_ja()), "{}", p.id());
        }
        // 中野区: one pool over the services, said in one sentence.
        let (nakano, _) = builtin_named("nakano-2022").expect("中野区 is built in");
        let w = wording(&nakano, &approval(Household::Standard), day());
        assert_eq!(w.pools_ja.len(), 1, "{:?}", w.pools_ja);
        assert!(w.pools_ja[0].contains("を合わせて"), "{:?}", w.pools_ja);
    }

    #[test]
    fn a_service_the_program_names_is_printed_by_its_name() {
        let (_, text) = builtin_named("itabashi-2023").unwrap();
        let named =
            text.replacen("service = \"short-stay\"", "service = \"short-stay\"\nname_ja = \"宿泊型産後ケア\"", 1);
        let p = Program::from_toml_str(&named).unwrap();
        let w = wording(&p, &approval(Household::Standard), day());
        let stay = w.lines.iter().find(|l| l.service == Service::ShortStay).unwrap();
        assert_eq!(stay.name_ja, "宿泊型産後ケア");
        let day_care = w.lines.iter().find(|l| l.service == Service::DayCare).unwrap();
        assert_eq!(day_care.name_ja, Service::DayCare.name_ja(), "a service it does not name keeps the usual name");
        let html = render(&p, &approval(Household::Standard), day(), "91");
        assert!(html.contains("宿泊型産後ケア"), "the printed page too");
    }

    #[test]
    fn a_cancellation_hour_is_said_per_service_where_they_differ_and_asked_for_where_unpublished() {
        let (koto, _) = builtin_named("koto-2024").unwrap();
        assert_eq!(koto.cancel_hour(), None);
        assert_eq!(cancel_ja(&koto), "キャンセルの期限は施設にご確認ください。");
        let (katsushika, _) = builtin_named("katsushika-2025").unwrap();
        let c = cancel_ja(&katsushika);
        assert!(c.contains("前日11時まで") && c.contains("前日15時まで"), "{c}");
        for (p, _) in crate::program::builtins() {
            for l in wording(p, &approval(Household::Standard), day()).lines {
                assert!(!l.limit_ja.starts_with('0'), "{} {:?}: {}", p.id(), l.service, l.limit_ja);
            }
        }
    }
}
