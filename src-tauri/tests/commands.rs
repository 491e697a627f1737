//! The window's commands through `tauri::test` (no display): the same IPC path as the web view,
//! with the `tauri://localhost` origin, on a fresh install in a temporary folder.

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, mock_context, noop_assets, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

use sango::app::{App, FacilitySetup};
use sango_app::{with_commands, DeskState};

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-12-01T09:00:00+09:00").unwrap()
}

fn facility_install(dir: &std::path::Path) -> App {
    let (ward, _) = App::init_ward(&dir.join("ward"), now()).unwrap();
    let card = ward.ward_card_json().unwrap();
    let setup = FacilitySetup {
        facility: "tsumugi".parse().unwrap(),
        ward_card_json: card,
        closed: "sun,holidays".into(),
        capacity: Default::default(),
        program_toml: None,
    };
    App::init_facility(&dir.join("facility"), now(), setup).unwrap().0
}

fn call(window: &tauri::WebviewWindow<tauri::test::MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap())
}

/// The first admin created at the window and signed in, then `name` added with `role` and signed
/// in over the admin (when not the admin).
fn signed_in_as(w: &tauri::WebviewWindow<tauri::test::MockRuntime>, name: &str, role: &str) {
    if call(w, "staff_list", json!({})).unwrap().as_array().unwrap().is_empty() {
        call(w, "staff_add_first", json!({"name": "管理", "pin": "246810"})).unwrap();
    } else {
        call(w, "sign_in", json!({"name": "管理", "pin": "246810"})).unwrap();
    }
    if role != "admin" {
        call(w, "staff_add", json!({"name": name, "role": role, "pin": "111111"})).unwrap();
        assert_eq!(call(w, "sign_in", json!({"name": name, "pin": "111111"})).unwrap()["role"], role);
    }
}

fn app_with(
    state: DeskState,
) -> (tauri::App<tauri::test::MockRuntime>, tauri::WebviewWindow<tauri::test::MockRuntime>) {
    let app = with_commands(mock_builder()).manage(state).build(mock_context(noop_assets())).unwrap();
    let window = WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    (app, window)
}

#[test]
fn app_info_names_the_facility_for_the_status_line() {
    let tmp = tempfile::tempdir().unwrap();
    let app = facility_install(tmp.path());
    let (_app, w) = app_with(DeskState::from_app(tmp.path().join("facility"), app));
    let info = call(&w, "app_info", json!({})).unwrap();
    assert_eq!(info["mode"], "facility");
    assert_eq!(info["install_name"], "つむぎ助産所");
    assert_eq!(info["facility_id"], "tsumugi");
}

#[test]
fn a_fresh_machine_gets_the_first_run_answer() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, w) = app_with(DeskState::open(tmp.path().join("none")));
    assert_eq!(call(&w, "app_info", json!({})).unwrap()["mode"], "new");
    let err = call(&w, "desk_lookup", json!({"card": "C-1"})).unwrap_err();
    assert_eq!(err["code"], "not_initialized");
}

#[test]
fn the_desk_path_through_the_window_commands() {
    let tmp = tempfile::tempdir().unwrap();
    let app = facility_install(tmp.path());
    let (_app, w) = app_with(DeskState::from_app(tmp.path().join("facility"), app));
    signed_in_as(&w, "受付", "reception");
    let input = json!({"card": "C-1", "approval_no": "A-1", "mother": "練馬 花子", "services": ["short-stay", "day-care"], "household": "standard", "postal": "177-0045", "emergency": false});
    assert_eq!(call(&w, "approval_add", json!({ "input": input })).unwrap()["card"], "C-1");
    let err = call(&w, "birth_record", json!({"card": "C-1", "date": "2026-02-30", "babies": 1})).unwrap_err();
    assert_eq!(err["code"], "bad_input");
    assert!(err["message_ja"].as_str().unwrap().starts_with("日付が正しくありません。"), "{err}");
    call(&w, "birth_record", json!({"card": "C-1", "date": "2026-11-10", "babies": 1})).unwrap();
    let view = call(&w, "desk_lookup", json!({"card": "C-1"})).unwrap();
    assert_eq!(view["mother"], "練馬 花子");
    // 受付's one field: the card as typed with the IME on is the same card (issue 23).
    let read = call(&w, "desk_read", json!({"text": "ｃ－１", "composed": true})).unwrap();
    assert_eq!((read["scan"].is_null(), &read["view"]["card"]), (true, &json!("C-1")));
    let ime = call(&w, "desk_read", json!({"text": "ＳＧ１：まＫ", "composed": false})).unwrap_err();
    assert_eq!(ime["code"], "ime_on");
    assert_eq!(view["provisional"], true);
    assert_eq!(view["quota"][0]["service"], "short-stay");
    assert_eq!(view["quota"][0]["remaining"], 7);
    // A Wednesday is not a day-care day at つむぎ: the quote says so before anything is written.
    let q = call(
        &w,
        "quote",
        json!({"input": {"card": "C-1", "service": "day-care", "date": "2026-12-09", "days": null, "reason": null}}),
    )
    .unwrap();
    assert_eq!(q["violations"][0]["code"], "not_offered_that_weekday");
    assert!(q["fee"].is_null(), "a refused use has no price: {q}");
    // A one-day stay: refused as too short, unpriced, and the form is told the program's bounds.
    let short = call(
        &w,
        "quote",
        json!({"input": {"card": "C-1", "service": "short-stay", "date": "2026-12-07", "days": 1, "reason": null}}),
    )
    .unwrap();
    assert_eq!(short["violations"][0]["code"], "too_short");
    assert!(short["fee"].is_null(), "{short}");
    assert_eq!((short["min_units"].as_u64(), short["max_units"].as_u64()), (Some(2), Some(7)));
    // No days at all is what the CLI's `--days 0` is too: bad_units, from the same bound.
    let zero = call(
        &w,
        "quote",
        json!({"input": {"card": "C-1", "service": "short-stay", "date": "2026-12-07", "days": 0, "reason": null}}),
    )
    .unwrap_err();
    assert_eq!(zero["code"], "bad_units", "{zero}");
    let two = call(
        &w,
        "quote",
        json!({"input": {"card": "C-1", "service": "short-stay", "date": "2026-12-07", "days": 2, "reason": null}}),
    )
    .unwrap();
    assert_eq!(two["violations"], json!([]));
    assert_eq!(two["fee"]["user_fee"], json!(7000), "{two}");
    let refused = call(
        &w,
        "book",
        json!({"input": {"card": "C-1", "service": "day-care", "date": "2026-12-09", "days": null, "reason": null}}),
    )
    .unwrap_err();
    assert_eq!(refused["violations"][0]["code"], "not_offered_that_weekday");
    // The window's error object (the UI's generated AppError): code, both sentences, every rule broken.
    let mut keys: Vec<&str> = refused.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["code", "message_en", "message_ja", "violations"]);
    assert_eq!(refused["code"], "not_offered_that_weekday", "a refusal's code is its first rule's");
    let mut ime_keys: Vec<&str> = ime.as_object().unwrap().keys().map(String::as_str).collect();
    ime_keys.sort_unstable();
    assert_eq!(ime_keys, keys, "a bad scan has the same shape");
    let ok = call(
        &w,
        "book",
        json!({"input": {"card": "C-1", "service": "day-care", "date": "2026-12-08", "days": null, "reason": null}}),
    )
    .unwrap();
    let id = ok["booking"].as_str().unwrap().to_string();
    let preview = call(&w, "cancel_preview", json!({"booking": id})).unwrap();
    assert_eq!(preview["late"], false);
    let month = call(&w, "calendar_month", json!({"service": "day-care", "month": "2026-12"})).unwrap();
    let dec8 = month["days"].as_array().unwrap().iter().find(|d| d["date"] == "2026-12-08").unwrap().clone();
    assert_eq!((dec8["taken"].as_u64(), dec8["closed"].as_bool()), (Some(1), Some(false)));
}

/// The capability allows exactly the commands the app registers: a command added to the list and
/// not to the permission set (or the other way round) fails here, not in front of a clerk.
#[test]
fn the_capability_allows_exactly_the_registered_commands() {
    let perms = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/permissions/app.toml")).unwrap();
    let granted: Vec<&str> = perms
        .lines()
        .filter_map(|l| l.trim().strip_prefix("\"allow-"))
        .map(|l| l.trim_end_matches(['"', ',']))
        .collect();
    let mut want: Vec<String> = sango_app::commands::COMMANDS.iter().map(|c| c.replace('_', "-")).collect();
    let mut got: Vec<String> = granted.iter().filter(|g| **g != "app-commands").map(|g| g.to_string()).collect();
    want.sort();
    got.sort();
    assert_eq!(got, want);
}

/// The web view gets no file, shell or http access and no remote origin (architecture.md).
#[test]
fn the_window_config_is_no_wider_than_the_app_needs() {
    let conf: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let csp = conf["app"]["security"]["csp"].as_object().unwrap();
    for (directive, value) in csp {
        let v = value.as_str().unwrap();
        assert!(!v.contains("http://") || v.contains("ipc.localhost"), "{directive} allows a remote origin: {v}");
        assert!(!v.contains("https:") && !v.contains('*'), "{directive} allows a remote origin: {v}");
    }
    assert_eq!(conf["app"]["windows"].as_array().unwrap().len(), 1);
    assert_eq!(conf["app"]["windows"][0]["title"], "産後ケア台帳");
    assert!(conf["build"].get("devUrl").is_none(), "no dev server URL in a build that ships");
    let cap: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities/main.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(cap["permissions"], json!(["allow-app-commands"]));
    let text = cap.to_string();
    for plugin in ["fs:", "shell:", "http:", "dialog:", "core:"] {
        assert!(!text.contains(plugin), "capability grants {plugin}");
    }
}

#[test]
fn a_second_window_on_a_store_in_use_says_so_instead_of_failing() {
    let tmp = tempfile::tempdir().unwrap();
    let _first = facility_install(tmp.path());
    let second = DeskState::open(tmp.path().join("facility"));
    let (_app, w) = app_with(second);
    let err = call(&w, "app_info", json!({})).unwrap_err();
    assert_eq!(err["code"], "store_in_use");
    assert!(err["message_ja"].as_str().unwrap().contains("使用中"));
    assert_eq!(call(&w, "desk_lookup", json!({"card": "C-1"})).unwrap_err()["code"], "store_in_use");
}

#[test]
fn inbox_files_are_imported_one_by_one_and_moved_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let (ward, _) = App::init_ward(&root.join("ward"), now()).unwrap();
    let setup = FacilitySetup {
        facility: "pao".parse().unwrap(),
        ward_card_json: ward.ward_card_json().unwrap(),
        closed: String::new(),
        capacity: Default::default(),
        program_toml: None,
    };
    let (facility, _) = App::init_facility(&root.join("pao"), now(), setup).unwrap();
    let inbox = root.join("ward").join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let actor = sango::ledger::Actor { name: "t".into(), role: sango::ledger::Role::Admin };
    facility.export(now(), &actor, &inbox.join("a.sango")).unwrap();
    std::fs::write(inbox.join("b.sango"), b"not a bundle").unwrap();
    let (_app, w) = app_with(DeskState::from_app(root.join("ward"), ward));
    signed_in_as(&w, "管理", "admin");
    let files = call(&w, "inbox_files", json!({})).unwrap();
    assert_eq!(
        files.as_array().unwrap().iter().map(|f| f["name"].as_str().unwrap()).collect::<Vec<_>>(),
        vec!["a.sango", "b.sango"]
    );
    // ぱお is not registered yet: refused, the file left in place, its sender shown to compare.
    assert_eq!(call(&w, "import_file", json!({"name": "a.sango"})).unwrap_err()["code"], "facility_not_registered");
    let sender = call(&w, "inbox_sender", json!({"name": "a.sango"})).unwrap();
    assert_eq!((sender["facility"].as_str(), sender["registered"].as_bool()), (Some("pao"), Some(false)));
    assert_eq!(sender["key_id"].as_str().unwrap(), facility.sync_status(&actor).unwrap().key_id);
    let registered = call(&w, "facility_register", json!({"name": "a.sango"})).unwrap();
    assert_eq!((registered["facility"].as_str(), registered["revoked"].as_bool()), (Some("pao"), Some(false)));
    assert_eq!(call(&w, "inbox_sender", json!({"name": "a.sango"})).unwrap()["registered"], true);
    assert!(call(&w, "import_file", json!({"name": "a.sango"})).unwrap()["imported"].as_u64().unwrap() > 0);
    let list = call(&w, "facility_list", json!({})).unwrap();
    assert!(list[0]["acknowledged_through"].as_u64().unwrap() > 0, "{list}");
    assert_eq!(call(&w, "sync_status", json!({})).unwrap()["facilities"], json!(["pao"]));
    assert_eq!(call(&w, "facility_revoke", json!({"facility": "pao"})).unwrap()["revoked"], true);
    assert_eq!(call(&w, "sync_status", json!({})).unwrap()["facilities"], json!([]));
    assert_eq!(call(&w, "import_file", json!({"name": "b.sango"})).unwrap_err()["code"], "not_a_bundle");
    assert_eq!(call(&w, "import_file", json!({"name": "../pao/journal.sjl"})).unwrap_err()["code"], "bad_file");
    let left = call(&w, "inbox_files", json!({})).unwrap();
    assert_eq!(left.as_array().unwrap().len(), 1, "the imported file moved to inbox/imported: {left}");
}

#[test]
fn sango_now_pins_the_windows_clock_only_with_the_test_clock() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| pairs.iter().find(|(a, _)| *a == k).map(|(_, v)| v.to_string())
    };
    let pinned = chrono::DateTime::parse_from_rfc3339("2026-12-01T09:00:00+09:00").unwrap();
    assert_eq!(
        sango_app::commands::pinned_now(env(&[("SANGO_NOW", "2026-12-01T09:00:00+09:00"), ("SANGO_TEST_CLOCK", "1")])),
        Some(pinned)
    );
    assert_eq!(
        sango_app::commands::pinned_now(env(&[("SANGO_NOW", "2026-12-01T09:00:00+09:00")])),
        None,
        "ignored without SANGO_TEST_CLOCK=1"
    );
    assert_eq!(
        sango_app::commands::pinned_now(env(&[
            ("SANGO_NOW", "2026-12-01T09:00:00+09:00"),
            ("SANGO_TEST_CLOCK", "true")
        ])),
        None
    );
    assert_eq!(sango_app::commands::pinned_now(env(&[])), None);
}

#[test]
fn setting_up_the_ward_in_the_window_answers_its_recovery_sheet_once() {
    let tmp = tempfile::tempdir().unwrap();
    let (_app, window) = app_with(DeskState::open(tmp.path().join("ward")));
    let r = call(&window, "setup_ward", json!({})).unwrap();
    assert_eq!(r["info"]["mode"], "ward");
    let words: Vec<&str> = r["recovery"]["words"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
    assert_eq!(words.len(), 24);
    assert!(r["recovery"]["qr_svg"].as_str().unwrap().contains("<svg"));
    // Never on the machine: no file of the data folder holds the words.
    let phrase = words.join(" ");
    for e in std::fs::read_dir(tmp.path().join("ward")).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            assert!(!String::from_utf8_lossy(&std::fs::read(&p).unwrap()).contains(&phrase), "{}", p.display());
        }
    }
    assert_eq!(
        call(&window, "backup_now", json!({})).unwrap_err()["code"],
        "not_signed_in",
        "set up, nobody is signed in yet"
    );
    signed_in_as(&window, "管理", "admin");
    let b = call(&window, "backup_now", json!({})).unwrap();
    assert_eq!(b["encrypted"], true);
    let bytes = std::fs::read(b["out"].as_str().unwrap()).unwrap();
    assert!(bytes.starts_with(b"SANGO-BACKUP/2+recovery-key\n"));
    let key = sango::app::backup::parse_recovery_key(&phrase).unwrap();
    let into = tmp.path().join("restored");
    assert!(sango::app::backup::restore_bytes(now(), &bytes, &into, &key).is_ok());
}

/// Issue 17: the window is signed in or it does nothing but sign in. The first admin is made
/// once; people switch and lock; each acts in their own name with their role's rights; a
/// disabled account's open session stops at its next call; the audit lists what was opened.
#[test]
fn the_window_acts_only_as_the_signed_in_person() {
    let tmp = tempfile::tempdir().unwrap();
    let app = facility_install(tmp.path());
    let (_app, w) = app_with(DeskState::from_app(tmp.path().join("facility"), app));
    // Signed out: only the sign-in and first-run commands answer.
    assert_eq!(call(&w, "session", json!({})).unwrap(), Value::Null);
    assert_eq!(call(&w, "staff_list", json!({})).unwrap(), json!([]));
    for (cmd, args) in [
        ("desk_lookup", json!({"card": "C-1"})),
        ("today", json!({"date": null})),
        ("settings_get", json!({})),
        ("store_info", json!({})),
        ("sync_status", json!({})),
        ("audit", json!({"card": null, "staff": null, "from": null, "to": null, "kind": null})),
    ] {
        let e = call(&w, cmd, args).unwrap_err();
        assert_eq!((cmd, e["code"].as_str()), (cmd, Some("not_signed_in")));
        assert_eq!(e["message_ja"], "サインインしてください。");
    }
    assert_eq!(call(&w, "app_info", json!({})).unwrap()["mode"], "facility", "the sign-in screen names the install");

    let admin = call(&w, "staff_add_first", json!({"name": "管理 花子", "pin": "246810"})).unwrap();
    assert_eq!(
        (admin["name"].as_str(), admin["role"].as_str(), admin["idle_lock_minutes"].as_u64()),
        (Some("管理 花子"), Some("admin"), Some(5))
    );
    assert_eq!(
        admin["allowed"].as_array().unwrap().len(),
        sango::rules::roles::UseCase::ALL.len(),
        "an admin may do everything"
    );
    assert_eq!(
        call(&w, "staff_add_first", json!({"name": "誰か", "pin": "123456"})).unwrap_err()["code"],
        "staff_exist",
        "only once"
    );
    assert_eq!(call(&w, "session", json!({})).unwrap()["name"], "管理 花子");
    call(&w, "staff_add", json!({"name": "受付 一郎", "role": "reception", "pin": "111111"})).unwrap();
    call(&w, "staff_add", json!({"name": "助産 桜", "role": "midwife", "pin": "222222"})).unwrap();
    let list = call(&w, "staff_list", json!({})).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 3);
    assert!(!list.to_string().contains("argon2"), "never a hash: {list}");

    // Lock: back to the sign-in screen.
    assert_eq!(call(&w, "lock", json!({})).unwrap(), Value::Null);
    assert_eq!(call(&w, "session", json!({})).unwrap(), Value::Null);
    assert_eq!(call(&w, "desk_lookup", json!({"card": "C-1"})).unwrap_err()["code"], "not_signed_in");
    assert_eq!(
        call(&w, "sign_in", json!({"name": "受付 一郎", "pin": "000000"})).unwrap_err()["code"],
        "sign_in_failed"
    );

    // The clerk: the desk's work, not the midwife's.
    let clerk = call(&w, "sign_in", json!({"name": "受付 一郎", "pin": "111111"})).unwrap();
    assert_eq!(clerk["role"], "reception");
    let allowed: Vec<&str> = clerk["allowed"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert!(
        allowed.contains(&"booking") && !allowed.contains(&"care_log") && !allowed.contains(&"complete"),
        "{allowed:?}"
    );
    let input = json!({"card": "C-1", "approval_no": "A-1", "mother": "練馬 花子", "services": ["day-care"], "household": "standard", "postal": "177-0045", "emergency": false});
    call(&w, "approval_add", json!({ "input": input })).unwrap();
    call(&w, "birth_record", json!({"card": "C-1", "date": "2026-11-10", "babies": 1})).unwrap();
    call(&w, "desk_lookup", json!({"card": "C-1"})).unwrap();
    let id = call(
        &w,
        "book",
        json!({"input": {"card": "C-1", "service": "day-care", "date": "2026-12-08", "days": null, "reason": null}}),
    )
    .unwrap()["booking"]
        .as_str()
        .unwrap()
        .to_string();
    let refused = call(&w, "complete", json!({"booking": id, "days": null})).unwrap_err();
    assert_eq!(refused["code"], "not_permitted");
    assert!(refused["message_ja"].as_str().unwrap().contains("受付"), "{refused}");
    assert_eq!(
        call(&w, "staff_add", json!({"name": "x", "role": "reception", "pin": "123456"})).unwrap_err()["code"],
        "not_permitted"
    );
    assert_eq!(
        call(&w, "audit", json!({"card": null, "staff": null, "from": null, "to": null, "kind": null})).unwrap_err()
            ["code"],
        "not_permitted"
    );

    // Switching: the midwife signs in over the clerk and acts in her own name.
    assert_eq!(call(&w, "sign_in", json!({"name": "助産 桜", "pin": "222222"})).unwrap()["role"], "midwife");
    assert_eq!(call(&w, "session", json!({})).unwrap()["name"], "助産 桜");
    assert_eq!(
        call(
            &w,
            "book",
            json!({"input": {"card": "C-1", "service": "day-care", "date": "2026-12-15", "days": null, "reason": null}})
        )
        .unwrap_err()["code"],
        "not_permitted"
    );
    // She opens the care log of the clerk's booking: an opening of C-1's record.
    assert_eq!(call(&w, "care_entries", json!({"booking": id})).unwrap(), json!([]));

    // The admin reads who opened what, filtered to openings, and takes it as a CSV.
    call(&w, "sign_in", json!({"name": "管理 花子", "pin": "246810"})).unwrap();
    let opened =
        call(&w, "audit", json!({"card": "C-1", "staff": null, "from": null, "to": null, "kind": "opened"})).unwrap();
    let lines: Vec<(&str, &str)> = opened
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["staff"].as_str().unwrap(), l["action"].as_str().unwrap()))
        .collect();
    assert!(lines.contains(&("受付 一郎", "opened_desk_lookup")), "{lines:?}");
    assert!(lines.contains(&("助産 桜", "opened_care_log")), "{lines:?}");
    assert!(lines.iter().all(|(_, a)| a.starts_with("opened_")), "{lines:?}");
    let all = call(
        &w,
        "audit",
        json!({"card": null, "staff": "受付 一郎", "from": "2026-01-01", "to": null, "kind": "booking"}),
    )
    .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1, "the clerk's one booking: {all}");
    let out = tmp.path().join("documents");
    std::fs::create_dir(&out).unwrap();
    let csv = call(&w, "audit_csv", json!({"card": "C-1", "staff": null, "from": null, "to": null, "kind": "opened", "folder": out.display().to_string()})).unwrap();
    assert_eq!((csv["events"].as_u64(), csv["from_seq"].is_null()), (Some(lines.len() as u64), true));
    assert!(std::fs::read(csv["path"].as_str().unwrap()).unwrap().starts_with(&[0xEF, 0xBB, 0xBF]));

    // Disabled while signed in: the clerk's open session stops at its next call.
    call(&w, "sign_in", json!({"name": "受付 一郎", "pin": "111111"})).unwrap();
    let admin = sango::ledger::Actor { name: "管理 花子".into(), role: sango::ledger::Role::Admin };
    tauri::Manager::state::<DeskState>(&w).app().unwrap().staff_disable(now(), &admin, "受付 一郎").unwrap();
    assert_eq!(call(&w, "desk_lookup", json!({"card": "C-1"})).unwrap_err()["code"], "staff_disabled");
    assert_eq!(call(&w, "session", json!({})).unwrap(), Value::Null);
    assert_eq!(call(&w, "desk_lookup", json!({"card": "C-1"})).unwrap_err()["code"], "not_signed_in");
}

/// Issue 20: 請求's closing and 実績 through the window's commands, as the ward officer.
#[test]
fn the_ward_officer_closes_a_month_and_writes_the_fiscal_workbook_through_the_window() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let (ward, _) = App::init_ward(&tmp.path().join("ward"), now()).unwrap();
    let (_app, w) = app_with(DeskState::from_app(tmp.path().join("ward"), ward));
    signed_in_as(&w, "豊島 係", "ward");
    // A month long past, whatever the machine's clock says today.
    let preview = call(&w, "close_preview", json!({"month": "2020-01"})).unwrap();
    assert_eq!(
        (preview["refusal"].is_null(), preview["missing_exports"].as_array().map(Vec::len)),
        (true, Some(0)),
        "{preview}"
    );
    let closed = call(&w, "close_month", json!({"month": "2020-01", "anyway": false})).unwrap();
    assert_eq!((closed["month"].as_str(), closed["lines"].as_u64()), (Some("2020-01"), Some(0)));
    assert_eq!(call(&w, "claims", json!({"month": "2020-01"})).unwrap()["closed"]["by"], "豊島 係");
    assert_eq!(
        call(&w, "close_month", json!({"month": "2020-01", "anyway": true})).unwrap_err()["code"],
        "month_already_closed"
    );
    assert_eq!(
        call(&w, "close_preview", json!({"month": "2020-03"})).unwrap()["refusal"]["code"],
        "close_out_of_order"
    );
    let report = call(&w, "fiscal_report", json!({"fiscalYear": "２０１９年度"})).unwrap();
    assert_eq!(report["label"], "2019年度（平成31年度）");
    assert_eq!(
        call(&w, "fiscal_uses", json!({"fiscalYear": "2019", "key": "service:used:day-care"})).unwrap(),
        json!([])
    );
    assert_eq!(
        call(&w, "fiscal_uses", json!({"fiscalYear": "2019", "key": "nothing"})).unwrap_err()["code"],
        "bad_input"
    );
    let written =
        call(&w, "fiscal_xlsx", json!({"fiscalYear": "2019", "folder": tmp.path().to_str().unwrap()})).unwrap();
    let out = std::path::PathBuf::from(written["out"].as_str().unwrap());
    assert_eq!(std::fs::metadata(&out).unwrap().permissions().mode() & 0o777, 0o600);
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"), "an xlsx is a zip");
}

/// The day's record and 設定 cross the window as their forms (app/forms.rs), not as the journal's
/// records: the care given by its codes, and the settings' bounds refused before anything is written.
/// (The window's clock is the machine's, so the day recorded is a booked use not begun: the form is
/// read whole and reaches the lifecycle rule; the record's round trip is `app::forms`' own test.)
#[test]
fn the_days_record_and_the_settings_cross_the_window_as_their_forms() {
    let tmp = tempfile::tempdir().unwrap();
    let app = facility_install(tmp.path());
    let (_app, w) = app_with(DeskState::from_app(tmp.path().join("facility"), app));
    signed_in_as(&w, "管理", "admin");

    let view = call(&w, "settings_get", json!({})).unwrap();
    let mut settings = view["settings"].clone();
    let mut keys: Vec<&str> = settings.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["capacity", "closed", "consent_required", "idle_lock_minutes", "visit_areas"]);
    settings["idle_lock_minutes"] = json!(61);
    assert_eq!(call(&w, "settings_set", json!({ "settings": settings })).unwrap_err()["code"], "bad_idle_lock");
    assert_eq!(call(&w, "settings_get", json!({})).unwrap()["settings"], view["settings"], "nothing changed");
    settings["idle_lock_minutes"] = json!(10);
    settings["closed"] = json!("");
    let changed = call(&w, "settings_set", json!({ "settings": settings })).unwrap();
    assert_eq!(
        (changed["settings"]["idle_lock_minutes"].as_u64(), changed["settings"]["closed"].as_str()),
        (Some(10), Some(""))
    );

    let input = json!({"card": "C-1", "approval_no": "A-1", "mother": "練馬 花子", "services": ["day-care"], "household": "standard", "postal": null, "emergency": false});
    call(&w, "approval_add", json!({ "input": input })).unwrap();
    let today = chrono::Utc::now().with_timezone(&chrono::FixedOffset::east_opt(9 * 3600).unwrap()).date_naive();
    call(&w, "birth_record", json!({"card": "C-1", "date": (today - chrono::Days::new(30)).to_string(), "babies": 1}))
        .unwrap();
    // つむぎ's day care runs on Tuesdays, Thursdays and Fridays: the first of them a week on.
    let day = (7..14)
        .map(|n| today + chrono::Days::new(n))
        .find(|d| {
            matches!(chrono::Datelike::weekday(d), chrono::Weekday::Tue | chrono::Weekday::Thu | chrono::Weekday::Fri)
        })
        .unwrap();
    let booked = call(
        &w,
        "book",
        json!({"input": {"card": "C-1", "service": "day-care", "date": day.to_string(), "days": null, "reason": null}}),
    )
    .unwrap();
    let id = booked["booking"].as_str().unwrap().to_string();
    let form = json!({"booking": id, "date": day.to_string(), "care": ["bathing", "breast-care"], "baby_weight_g": 3250,
        "meals_served": 1, "notes": "授乳は順調", "mother": {}, "baby": {}});
    let not_begun = call(&w, "care_log", json!({ "input": form })).unwrap_err();
    assert_eq!(not_begun["code"], "wrong_status", "{not_begun}");
    let mut unknown = form.clone();
    unknown["care"] = json!(["massage"]);
    assert!(call(&w, "care_log", json!({ "input": unknown })).is_err(), "a care code the core does not know");
    let mut record = form.clone();
    record["breast_care"] = json!(true);
    record.as_object_mut().unwrap().remove("care");
    assert!(call(&w, "care_log", json!({ "input": record })).is_err(), "the journal's record is not the form");
}
