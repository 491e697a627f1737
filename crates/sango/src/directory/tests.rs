//! The built-in directory against the ward's page, and the validation of directory files.

use serde_json::{json, Value};

use super::*;
use crate::types::{AgeBound, AgeUnit};

fn id(s: &str) -> FacilityId {
    s.parse().unwrap()
}

fn service_of(facility: &str, service: Service) -> &'static FacilityService {
    let f = builtin().get(&id(facility)).unwrap_or_else(|| panic!("no facility {facility}"));
    f.service(service).unwrap_or_else(|| panic!("{facility} does not offer {service}"))
}

#[test]
fn the_builtin_directory_parses_and_validates() {
    Directory::from_json_str(include_str!("../../data/directory.json")).unwrap();
    assert_eq!(builtin().facilities().len(), 30);
}

#[test]
fn the_wards_districts_are_its_directorys_visit_areas() {
    // Nerima's four: 練馬 〒176, 石神井 〒177, 大泉 〒178, 光が丘 〒179 (a facility's 設定 is checked against them).
    assert_eq!(builtin().districts(), ["176", "177", "178", "179"]);
}

#[test]
fn the_builtin_directory_has_the_page_s_count_of_facilities_per_service() {
    for (service, count) in [(Service::ShortStay, 14), (Service::DayCare, 16), (Service::HomeVisit, 15)] {
        assert_eq!(builtin().offering(service).count(), count, "{service}");
    }
}

#[test]
fn facility_ids_are_unique_and_found_by_get() {
    let d = builtin();
    for (i, f) in d.facilities().iter().enumerate() {
        assert!(d.facilities()[..i].iter().all(|g| g.id != f.id), "{} twice", f.id);
        assert_eq!(d.get(&f.id), Some(f));
    }
    assert_eq!(d.get(&id("no-such-facility")), None);
}

#[test]
fn a_facility_in_several_tables_is_one_facility_with_several_services() {
    let tsumugi = builtin().get(&id("tsumugi")).unwrap();
    let services: Vec<Service> = tsumugi.services.iter().map(|s| s.service).collect();
    assert_eq!(services, Service::ALL);
    assert_eq!(tsumugi.address, "練馬区石神井台2-2-17");
    assert_eq!(builtin().get(&id("shirasagi-fureai")).unwrap().services.len(), 3);
    assert_eq!(builtin().get(&id("juntendo-nerima")).unwrap().service(Service::DayCare), None);
}

#[test]
fn names_addresses_and_phones_are_as_the_page_writes_them() {
    let f = builtin().get(&id("seibo-hospital")).unwrap();
    assert_eq!(f.name, "社会福祉法人 聖母会 聖母病院");
    assert_eq!(f.short_name, "聖母病院");
    assert_eq!(f.phone, "03(3951)1111");
    let f = builtin().get(&id("harukaze")).unwrap();
    assert_eq!(f.address, "武蔵野市吉祥寺本町2-12-5 スプリングハウスビル301号");
    assert_eq!(f.phone, "0422(29)3860");
}

/// One age-limit case: `expected` is `None` when the page gives no hard limit for that service.
fn check_age(facility: &str, service: Service, expected: Option<(AgeUnit, u32, AgeBound)>) {
    let limit = service_of(facility, service).age_limit;
    let got = limit.map(|a| (a.unit, a.n, a.bound));
    assert_eq!(got, expected, "{facility} {service}");
    assert!(!limit.is_some_and(|a| a.soft), "{facility} {service}: facility limits are hard");
}

#[test]
fn every_age_limit_of_the_page_is_encoded_exactly() {
    use AgeBound::{Through, Under};
    use AgeUnit::{Months, Weeks};
    use Service::{DayCare, ShortStay};
    // Short stay.
    check_age("sakuradai-maternity", ShortStay, None);
    check_age("juntendo-nerima", ShortStay, None);
    check_age("tsumugi", ShortStay, Some((Months, 2, Through))); // 生後2か月まで
    check_age("pao", ShortStay, None);
    check_age("nerima-hikarigaoka-hospital", ShortStay, None);
    // 生後2か月未満まで(1か月以上2か月未満に関しては現在準備中): under 1 month in effect.
    check_age("seibo-hospital", ShortStay, Some((Months, 1, Under)));
    check_age("ncgm-hospital", ShortStay, Some((Months, 1, Under))); // 生後1か月未満まで
    check_age("matsugaoka", ShortStay, Some((Months, 5, Under)));
    check_age("shirasagi-fureai", ShortStay, Some((Months, 5, Under)));
    check_age("kawakita-hospital", ShortStay, None);
    check_age("ogikubo-hospital", ShortStay, None);
    check_age("akagawa-clinic", ShortStay, Some((Weeks, 6, Through))); // 生後6週まで
    check_age("toshima-hospital", ShortStay, Some((Months, 2, Through)));
    check_age("otsuka-clinic", ShortStay, Some((Months, 3, Through))); // 生後3ヶ月まで
                                                                       // Day care.
    check_age("futaba", DayCare, None);
    check_age("sakuradai-maternity", DayCare, None);
    check_age("nakama", DayCare, None); // 「沐浴は生後3か月まで」 limits bathing, not the use
    check_age("itsuki", DayCare, None);
    check_age("tsumugi", DayCare, Some((Months, 3, Through))); // 生後3か月まで
    check_age("pao", DayCare, Some((Months, 4, Under))); // 生後4か月未満まで
    check_age("madore", DayCare, None);
    check_age("seibo-hospital", DayCare, Some((Months, 1, Under)));
    check_age("matsugaoka", DayCare, Some((Months, 7, Under)));
    check_age("shirasagi-fureai", DayCare, Some((Months, 7, Under)));
    check_age("kawakita-hospital", DayCare, None);
    check_age("akagawa-clinic", DayCare, Some((Months, 3, Under))); // 生後3ヶ月未満まで
    check_age("tarachine", DayCare, Some((Months, 6, Under))); // 6か月未満まで
    check_age("hauori", DayCare, None); // 生後4ヶ月以降の利用希望は応相談: negotiable
    check_age("kichijoji-fuwamaru", DayCare, Some((Months, 6, Under)));
    check_age("harukaze", DayCare, Some((Months, 7, Under))); // 生後7カ月未満まで
}

#[test]
fn every_age_limit_is_checked_above_and_home_visits_have_none() {
    let with_limit = builtin().facilities().iter().flat_map(|f| &f.services).filter(|s| s.age_limit.is_some());
    assert_eq!(with_limit.count(), 17);
    assert!(builtin().offering(Service::HomeVisit).all(|(_, s)| s.age_limit.is_none()));
}

#[test]
fn seibo_keeps_the_page_s_note_verbatim_for_the_admin() {
    for service in [Service::ShortStay, Service::DayCare] {
        assert_eq!(
            service_of("seibo-hospital", service).note_ja,
            "生後2か月未満まで(1か月以上2か月未満に関しては現在準備中)"
        );
    }
}

#[test]
fn soft_notes_stay_notes() {
    assert!(service_of("hauori", Service::DayCare).note_ja.contains("応相談"));
    assert!(service_of("tsumugi", Service::HomeVisit).note_ja.contains("デイケア利用者は応相談"));
    assert!(service_of("akagawa-clinic", Service::ShortStay).note_ja.contains("ご主人様の宿泊も可能"));
    assert!(service_of("sakuradai-maternity", Service::ShortStay).note_ja.contains("ホームページのフォーム"));
}

#[test]
fn only_tsumugi_day_care_runs_on_some_weekdays_tuesday_thursday_friday() {
    assert_eq!(service_of("tsumugi", Service::DayCare).weekdays, Some(vec![1, 3, 4]));
    let limited = builtin().facilities().iter().flat_map(|f| &f.services).filter(|s| s.weekdays.is_some());
    assert_eq!(limited.count(), 1);
}

#[test]
fn hikarigaoka_and_ogikubo_short_stays_must_follow_a_delivery() {
    let following: Vec<&str> = builtin()
        .offering(Service::ShortStay)
        .filter(|(_, s)| s.must_follow_delivery)
        .map(|(f, _)| f.id.as_str())
        .collect();
    assert_eq!(following, ["nerima-hikarigaoka-hospital", "ogikubo-hospital"]);
    assert!(builtin().facilities().iter().flat_map(|f| &f.services).filter(|s| s.must_follow_delivery).count() == 2);
}

#[test]
fn tsumugi_short_stay_is_one_night_two_days() {
    let s = service_of("tsumugi", Service::ShortStay);
    assert_eq!(s.max_stay_days, Some(2));
    assert!(s.note_ja.contains("開催日不定期"));
    let capped = builtin().facilities().iter().flat_map(|f| &f.services).filter(|s| s.max_stay_days.is_some());
    assert_eq!(capped.count(), 1);
}

/// One home-visit case: the districts in the file's order, and whether they were inferred.
fn check_visits(facility: &str, areas: &[&str], inferred: bool) {
    let s = service_of(facility, Service::HomeVisit);
    assert_eq!(s.visit_areas, areas, "{facility}");
    assert_eq!(s.visit_areas_inferred, inferred, "{facility}");
}

#[test]
fn visit_areas_follow_the_empty_cells_of_the_page() {
    const ALL: [&str; 4] = ["176", "179", "177", "178"];
    // Per row: U+00A0 count (an empty area cell each, plus one for an empty 備考) → empty area cells.
    check_visits("futaba", &ALL, false); // 1, no note → 0
    check_visits("nakama", &["176"], true); // 4, no note → 3; own district 練馬 (豊玉上)
    check_visits("itsuki", &ALL, false); // 1, no note → 0
    check_visits("asanomi", &["176"], true); // 4, no note → 3; 練馬 (中村南)
    check_visits("yabuta", &["177"], true); // 4, no note → 3; 石神井 (石神井町)
    check_visits("tsumugi", &["177", "178"], false); // 2, note → 2; its note names 石神井 and 大泉 towns
    check_visits("aoi", &ALL, false); // 1, no note → 0
    check_visits("kokomaru", &ALL, false); // 1, no note → 0
    check_visits("yamano", &["179", "177", "178"], true); // 2, no note → 1; 大泉 and its neighbours
    check_visits("shifura", &["176", "179", "177"], true); // 2, no note → 1; 光が丘 (田柄), 大泉 farthest
    check_visits("mirai", &ALL, false); // 1, no note → 0
    check_visits("yuri", &ALL, false); // 0, note → 0
    check_visits("pao", &ALL, false); // 0, note → 0; its note restricts 石神井・大泉, so it visits there
    check_visits("shirasagi-fureai", &ALL, false); // 1, no note → 0
    check_visits("harukaze", &["177", "178"], true); // 3, no note → 2; 吉祥寺: the nearest two
}

#[test]
fn tsumugi_takes_new_home_visit_users_only_from_four_towns() {
    let codes = service_of("tsumugi", Service::HomeVisit).new_user_postal_codes.clone();
    assert_eq!(codes, Some(["1770045", "1770044", "1780064", "1780063"].map(String::from).to_vec()));
    let limited = builtin().offering(Service::HomeVisit).filter(|(_, s)| s.new_user_postal_codes.is_some());
    assert_eq!(limited.count(), 1);
}

#[test]
fn a_directory_reads_back_what_it_writes() {
    let again = Directory::from_json_str(&builtin().to_json_string()).unwrap();
    assert_eq!(&again, builtin());
    let via_serde: Directory = serde_json::from_str(&builtin().to_json_string()).unwrap();
    assert_eq!(&via_serde, builtin());
}

/// A small valid file to break one rule at a time.
fn sample() -> Value {
    json!({"version": 1, "facilities": [
        {"id": "a", "name": "A助産院", "short_name": "A", "address": "練馬区1", "phone": "03", "services": [
            {"service": "short-stay", "age_limit": null, "weekdays": null},
            {"service": "home-visit", "age_limit": null, "weekdays": null, "visit_areas": ["177"],
             "new_user_postal_codes": ["1770045"]}]},
        {"id": "b", "name": "B助産院", "short_name": "B", "address": "練馬区2", "phone": "03", "services": [
            {"service": "day-care", "age_limit": {"unit": "months", "n": 3, "bound": "under"}, "weekdays": [1]}]}
    ]})
}

/// One validation case: `edit` breaks the sample; the file must then be refused with `expected`.
fn check_refused(edit: impl FnOnce(&mut Value), expected: DirectoryError) {
    let mut v = sample();
    edit(&mut v);
    assert_eq!(Directory::from_json_str(&v.to_string()), Err(expected));
}

#[test]
fn a_valid_file_with_defaults_left_out_is_accepted() {
    let d = Directory::from_json_str(&sample().to_string()).unwrap();
    let s = d.get(&id("a")).unwrap().service(Service::ShortStay).unwrap();
    assert!(!s.must_follow_delivery && s.visit_areas.is_empty() && s.note_ja.is_empty() && s.max_stay_days.is_none());
}

#[test]
fn files_that_break_a_rule_are_refused() {
    use DirectoryError as E;
    let (a, b) = (id("a"), id("b"));
    let f = |i: usize, s: usize| format!("/facilities/{i}/services/{s}");
    // Sets (or adds) the field at `path`, e.g. `/facilities/0/services/1/visit_areas`.
    let set = |path: String, value: Value| {
        move |v: &mut Value| {
            let (parent, key) = path.rsplit_once('/').unwrap();
            v.pointer_mut(parent).unwrap()[key] = value;
        }
    };
    check_refused(|v| v["version"] = json!(2), E::Version(2));
    check_refused(|v| v["facilities"][1]["id"] = json!("a"), E::DuplicateId(a.clone()));
    check_refused(
        |v| {
            let s = v["facilities"][1]["services"][0].clone();
            v["facilities"][1]["services"].as_array_mut().unwrap().push(s);
        },
        E::DuplicateService(b.clone(), Service::DayCare),
    );
    check_refused(|v| v["facilities"][0]["phone"] = json!(" "), E::Empty(a.clone(), "phone"));
    check_refused(set(f(1, 0) + "/weekdays", json!([7])), E::Weekdays(b.clone(), Service::DayCare));
    check_refused(set(f(1, 0) + "/weekdays", json!([])), E::Weekdays(b.clone(), Service::DayCare));
    check_refused(set(f(1, 0) + "/weekdays", json!([2, 2])), E::Weekdays(b.clone(), Service::DayCare));
    check_refused(
        set(f(1, 0) + "/age_limit", json!({"unit": "months", "n": 0, "bound": "under"})),
        E::AgeLimit(b.clone(), Service::DayCare),
    );
    check_refused(
        set(f(1, 0) + "/must_follow_delivery", json!(true)),
        E::Misplaced(b.clone(), Service::DayCare, "must_follow_delivery"),
    );
    check_refused(
        set(f(1, 0) + "/visit_areas", json!(["176"])),
        E::Misplaced(b.clone(), Service::DayCare, "visit_areas"),
    );
    check_refused(set(f(0, 0) + "/max_stay_days", json!(1)), E::MaxStayDays(a.clone()));
    check_refused(set(f(0, 1) + "/visit_areas", json!(["18"])), E::VisitArea(a.clone(), "18".into()));
    check_refused(set(f(0, 1) + "/visit_areas", json!(["177", "177"])), E::VisitArea(a.clone(), "177".into()));
    check_refused(set(f(0, 1) + "/visit_areas", json!([])), E::NoVisitArea(a.clone()));
    check_refused(
        set(f(0, 1) + "/new_user_postal_codes", json!(["1780064"])),
        E::NewUserPostalCode(a.clone(), "1780064".into()),
    );
    check_refused(
        set(f(0, 1) + "/new_user_postal_codes", json!(["177"])),
        E::NewUserPostalCode(a.clone(), "177".into()),
    );
    check_refused(
        set(f(0, 1) + "/new_user_postal_codes", json!(["177-0045"])),
        E::NewUserPostalCode(a, "177-0045".into()),
    );
}

#[test]
fn malformed_files_are_refused_without_panicking() {
    for text in
        ["", "[]", "{}", "{\"version\": 1}", "{\"version\": 1, \"facilities\": [{\"id\": \"Bad Id\"}]}", "\u{0}"]
    {
        assert!(matches!(Directory::from_json_str(text), Err(DirectoryError::Json(_))), "{text:?}");
    }
    // Through serde too: a `Directory` can never be deserialized unvalidated.
    let mut v = sample();
    v["facilities"][1]["id"] = json!("a");
    assert!(serde_json::from_value::<Directory>(v).is_err());
}
