//! Issue 23: no English inside a Japanese message. Every error and violation the doors can show
//! has a whole Japanese sentence in `message_ja`, with no Latin word in it beyond codes, ids and
//! what the clerk typed (quoted in 「」).
//!
//! Two walks: every error built from a typed enum (parse errors of every field, notice refusals,
//! store errors, violations), checked at run time; and every `AppError` and violation written in
//! the workspace's source (`AppError::new/bad_input/integrity`, `message_ja:`, `v(ViolationCode::…`),
//! whose Japanese text is checked as written, placeholders and all.

use std::path::{Path, PathBuf};

use sango::app::{latin_words, AppError, ErrorKind};
use sango::rules::ViolationCode;
use sango::sync::notice::NoticeError;
use sango::types::{ParseError, FIELDS_JA};

#[track_caller]
fn check(what: &str, ja: &str) {
    assert!(
        ja.chars().any(|c| ('\u{3040}'..='\u{30FF}').contains(&c) || ('\u{4E00}'..='\u{9FFF}').contains(&c)),
        "{what}: no Japanese in {ja:?}"
    );
    assert!(ja.ends_with('。') || ja.ends_with(')') || ja.ends_with('」'), "{what}: not a whole sentence: {ja:?}");
    let latin = latin_words(ja);
    assert!(latin.is_empty(), "{what}: Latin words {latin:?} in {ja:?}");
}

#[test]
fn the_checker_catches_english_and_passes_codes() {
    assert_eq!(latin_words("入力が正しくありません: card \"Ｃ－１００\" is not valid"), ["card", "is", "not", "valid"]);
    assert_eq!(latin_words("このデータは使用中です(store is in use)。"), ["store", "is", "in", "use"]);
    assert!(latin_words("予約「B-2026-0001」と「tsumugi」、コード short-stay、sun,holidays、Sango の USB。").is_empty());
    assert!(latin_words("standard(一般)で、--data-dir を指定。").is_empty());
}

#[test]
fn every_error_from_a_typed_enum_has_a_japanese_sentence() {
    for (what, _, _) in FIELDS_JA {
        let e: AppError = ParseError::new(what, "Ｃ＿１００", "whatever").into();
        check(what, &e.message_ja);
        assert_eq!(e.kind(), ErrorKind::BadInput);
    }
    check("an unknown field", &AppError::from(ParseError::new("a field nobody named", "x", "y")).message_ja);
    for e in [
        NoticeError::NotOurs,
        NoticeError::ImeOn,
        NoticeError::UnknownVersion("2".into()),
        NoticeError::Altered,
        NoticeError::Foreign,
        NoticeError::Invalid("postal district"),
        NoticeError::Encode("issue date outside 2020–2199"),
    ] {
        check(&e.code().as_str(), e.message_ja());
    }
    let dir = tempfile::tempdir().unwrap();
    for e in [
        sango::ledger::StoreError::NotInitialized(dir.path().to_path_buf()),
        sango::ledger::StoreError::AlreadyInitialized(dir.path().to_path_buf()),
    ] {
        let e = AppError::from(e);
        check(&e.code.as_str(), &e.message_ja);
    }
    // The codes whose words never vary (the table in app/error_code.rs).
    for &code in sango::app::ErrorCode::ALL {
        if code.message().is_some() {
            check(&code.as_str(), &AppError::of(code).message_ja);
        }
    }
    check("not_found", &AppError::not_found("施設", "facility", "tsumugi").message_ja);
    check("wrong_mode", &AppError::wrong_mode("区の端末", "the ward's install").message_ja);
    for kind in [std::io::ErrorKind::NotFound, std::io::ErrorKind::PermissionDenied, std::io::ErrorKind::Other] {
        check("io_ja", &format!("ファイルを読めません({})。", sango::app::io_ja(&std::io::Error::from(kind))));
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literal (or `format!`'s) starting at `s` after spaces; `None` when the argument is
/// an expression (a message made elsewhere, checked by the run-time walk).
fn literal_at(s: &str) -> Option<String> {
    let s = s.trim_start();
    let s = s.strip_prefix("format!(").map(str::trim_start).unwrap_or(s);
    let body = s.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return Some(out),
            c => out.push(c),
        }
    }
    None
}

/// Skips one argument (a string literal or a path) and its comma.
fn after_argument(s: &str) -> &str {
    let t = s.trim_start();
    if let Some(body) = t.strip_prefix('"') {
        let end = body.find('"').unwrap();
        body[end + 1..].trim_start().strip_prefix(',').unwrap_or("")
    } else {
        t.find(',').map(|i| &t[i + 1..]).unwrap_or("")
    }
}

/// Every Japanese message written in `text`: (where, the message as written).
fn messages_in(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let mut push = |at: usize, rest: &str| {
        match literal_at(rest) {
            Some(ja) => out.push((at, ja, text[at..].chars().take(60).collect())),
            // A message made elsewhere is checked where it is made, but an error's own Display
            // is English (clap's, io's, serde's): it never goes into the Japanese slot.
            None => {
                let arg: String = rest.trim_start().chars().take_while(|c| *c != ',').collect();
                assert!(
                    !arg.contains("to_string()"),
                    "an error's English text as message_ja: {}",
                    text[at..].chars().take(120).collect::<String>()
                );
            }
        }
    };
    for (at, _) in text.match_indices("AppError::new(") {
        // The code, then the Japanese.
        push(at, after_argument(&text[at + "AppError::new(".len()..]));
    }
    // The modules' own helpers that take a code first (`refused(ErrorCode::KeyInUse, …)`).
    for ctor in ["refused(ErrorCode::", "sign_in_refused(ErrorCode::"] {
        for (at, _) in text.match_indices(ctor) {
            push(at, after_argument(&text[at + ctor.len() - "ErrorCode::".len()..]));
        }
    }
    for (at, _) in text.match_indices("message_ja:") {
        push(at, &text[at + "message_ja:".len()..]);
    }
    for (at, _) in text.match_indices("ViolationCode::") {
        let rest = &text[at..];
        let name_end = rest.find(|c: char| !c.is_alphanumeric() && c != ':' && c != '_').unwrap_or(rest.len());
        if rest[name_end..].trim_start().starts_with(',') {
            push(at, after_argument(rest));
        }
    }
    out
}

#[test]
fn every_message_written_in_the_source_is_japanese_without_english() {
    let root = workspace();
    let mut files = Vec::new();
    for dir in ["crates/sango/src", "crates/sango-cli/src", "src-tauri/src"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut seen = 0;
    let mut violations_with_words = std::collections::BTreeSet::new();
    for file in &files {
        let whole = std::fs::read_to_string(file).unwrap();
        // A file's unit tests build odd errors on purpose; the doors never show them.
        let text = whole.find("\n#[cfg(test)]\nmod tests").map_or(&whole[..], |end| &whole[..end]);
        for (at, ja, context) in messages_in(text) {
            // A `message_en:` or an English literal in the Japanese slot is a message_ja too.
            let line = text[..at].lines().count() + 1;
            let place = format!("{}:{line} ({context})", file.strip_prefix(&root).unwrap().display());
            // An error's own English text interpolated into the Japanese one.
            for leak in ["{e}", "{e:?}", "{err}", "{error}", "{reason}", "{detail}"] {
                assert!(!ja.contains(leak), "{place}: {leak} puts English into message_ja: {ja:?}");
            }
            let without_placeholders: String = {
                let mut s = String::new();
                let mut depth = 0;
                for c in ja.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        c if depth == 0 => s.push(c),
                        _ => {}
                    }
                }
                s
            };
            let latin = latin_words(&without_placeholders);
            assert!(latin.is_empty(), "{place}: Latin words {latin:?} in {ja:?}");
            seen += 1;
            if let Some(i) = context.find("ViolationCode::") {
                let name: String = context[i + 15..].chars().take_while(|c| c.is_alphanumeric()).collect();
                violations_with_words.insert(name);
            }
        }
        // Every field a parser names has its Japanese words.
        for (at, _) in text.match_indices("ParseError::new(\"") {
            let what = &text[at + 17..];
            let what = &what[..what.find('"').unwrap()];
            assert!(
                FIELDS_JA.iter().any(|(w, _, _)| *w == what),
                "{}: ParseError \"{what}\" has no line in types::FIELDS_JA",
                file.display()
            );
        }
    }
    assert!(seen > 80, "the walk found only {seen} messages: is the scanner still reading the source?");
    // Violations whose words are put together in variables are built one by one, with every
    // code, in `rules::messages::tests::every_violation_has_a_japanese_sentence_without_english`.
    assert!(violations_with_words.len() >= ViolationCode::ALL.len() / 2, "{violations_with_words:?}");
}
