//! `sango`: the same product as the desktop app, for scripts. Parses words, calls `sango::app`,
//! prints one JSON document; decides nothing.

mod args;
mod clock;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use serde::Serialize;
use serde_json::{json, Value};

use args::{
    ApprovalVerb, Cli, DayRecordArgs, DirectoryVerb, FacilityVerb, InitArgs, JournalVerb, ProgramVerb, ReferralVerb,
    StaffVerb, UseArgs, Verb,
};
use sango::app::{self, App, AppError, ErrorCode};
use sango::ledger::{Actor, Role};
use sango::types::{parse_date, CardNumber, Household, Service};

/// mimalloc rather than glibc's malloc: sled copies a leaf for every row it inserts, and a ward's
/// import of 100,000 uses spent a fifth of its time in malloc and free, its two threads waiting on
/// each other's arenas; mimalloc takes it 17 % faster (docs/performance.md). The window keeps glibc's,
/// tuned to give memory back (src-tauri/src/webview.rs): there mimalloc held 18 MB more at rest.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Every file and folder this process makes is its user's alone, whatever makes it (sled's
/// files included); our own code also sets 0600/0700 explicitly (sango::ledger::modes).
fn private_umask() {
    #[cfg(unix)]
    // SAFETY: umask only sets the process's file-creation mask; it cannot fail.
    unsafe {
        libc::umask(0o077);
    }
}

fn main() -> ExitCode {
    private_umask();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind as K;
            if matches!(e.kind(), K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand) {
                let _ = e.print();
                return if e.kind() == K::DisplayHelpOnMissingArgumentOrSubcommand {
                    ExitCode::from(2)
                } else {
                    ExitCode::SUCCESS
                };
            }
            // clap's words are English: they stay in message_en, which says which argument.
            let err = AppError::new(
                ErrorCode::Usage,
                "コマンドの書き方が正しくありません。「sango --help」で使い方を確認してください。",
                e.to_string(),
            );
            return fail(&err);
        }
    };
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(Output::Json(out))) => emit(pretty(&out).as_bytes()),
        Ok(Ok(Output::Raw(bytes))) => emit(&bytes),
        Ok(Ok(Output::Printed)) => ExitCode::SUCCESS,
        Ok(Err(e)) => fail(&e),
        Err(_) => fail(&AppError::of(ErrorCode::Internal)),
    }
}

fn pretty(doc: &impl Serialize) -> String {
    serde_json::to_string_pretty(doc).expect("JSON values serialize") + "\n"
}

/// Writes the answer. A reader that stopped reading (`sango … | head`) is not a failure: the work
/// is done and saved, so the exit stays 0 and nothing panics.
fn emit(bytes: &[u8]) -> ExitCode {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => fail(&AppError::new(
            ErrorCode::Io,
            format!("結果を書き出せませんでした({})。", sango::app::io_ja(&e)),
            e.to_string(),
        )),
        _ => ExitCode::SUCCESS,
    }
}

fn fail(e: &AppError) -> ExitCode {
    use std::io::Write;
    let doc = e.cli_document();
    // Nowhere left to say it when stderr is closed too: the exit code still does.
    let _ = std::io::stderr().lock().write_all(pretty(&doc).as_bytes());
    ExitCode::from(e.kind().exit_code() as u8)
}

/// What a verb prints: one JSON document, or (`claims --csv`) the CSV itself.
enum Output {
    Json(Value),
    Raw(Vec<u8>),
    /// Already streamed to stdout (`journal cat`: a journal is not held in memory whole).
    Printed,
}

fn to_json<T: Serialize>(v: T) -> Result<Output, AppError> {
    Ok(Output::Json(serde_json::to_value(v).expect("views serialize")))
}

/// The recovery key for `restore`: the file's words, else `$SANGO_RECOVERY_KEY`'s.
fn recovery_key(file: Option<&Path>) -> Result<sango::sync::RecoveryKey, AppError> {
    let text = match file {
        Some(f) => String::from_utf8_lossy(&app::files::read(f, "復旧キーのファイル")?).into_owned(),
        None => std::env::var(app::backup::RECOVERY_KEY_ENV).ok().filter(|k| !k.trim().is_empty()).ok_or_else(|| {
            AppError::new(
                ErrorCode::RecoveryKeyNeeded,
                "復旧キーの24語を書いたファイルを --recovery-key-file で指定してください(または環境変数 SANGO_RECOVERY_KEY)。",
                "Give the recovery key: --recovery-key-file FILE (or $SANGO_RECOVERY_KEY).",
            )
        })?,
    };
    app::backup::parse_recovery_key(&text)
}

fn data_dir(cli: &Cli) -> Result<PathBuf, AppError> {
    cli.data_dir.clone().or_else(|| app::paths::default_data_dir(|k| std::env::var(k).ok())).ok_or_else(|| {
        AppError::new(
            ErrorCode::NoDataDir,
            "データフォルダを「--data-dir」で指定してください。",
            "No data folder: pass --data-dir.",
        )
    })
}

/// Who acts: `--staff NAME` (default the OS user), always with the admin role, which every entry
/// it writes records (issue 17: the CLI is the OS account's tool).
fn actor(cli: &Cli) -> Actor {
    let name = cli.staff.clone().or_else(|| std::env::var("USER").ok()).unwrap_or_else(|| "cli".into());
    Actor { name, role: Role::Admin }
}

/// A staff PIN: `$SANGO_STAFF_PIN`, else asked on the terminal (never echoed, never printed).
fn staff_pin() -> Result<String, AppError> {
    if let Ok(pin) = std::env::var("SANGO_STAFF_PIN") {
        return Ok(pin);
    }
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(AppError::of(ErrorCode::PinNeeded));
    }
    eprint!("PIN: ");
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .map_err(|e| AppError::new(ErrorCode::Io, "暗証番号を読み取れませんでした。", e.to_string()))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn staff_role(s: &str) -> Result<Role, AppError> {
    match s.trim() {
        "reception" => Ok(Role::Reception),
        "midwife" => Ok(Role::Midwife),
        "admin" => Ok(Role::Admin),
        "ward" => Ok(Role::Ward),
        _ => Err(sango::types::ParseError::new("staff_role", s, "reception, midwife, admin or ward").into()),
    }
}

fn open(dir: &Path) -> Result<App, AppError> {
    App::open(dir)
}

/// Days or visits as typed (`３日`): only read as a number here; whether the program allows it is the
/// core's to say (`bad_units`, `too_short`), the same as from the window.
fn units(s: &Option<String>, what: &'static str) -> Result<Option<u32>, AppError> {
    s.as_deref().map(|v| sango::types::parse_count(v, what, 0, u32::MAX).map_err(AppError::from)).transpose()
}

fn run(cli: Cli) -> Result<Output, AppError> {
    let now = clock::clock(cli.now.as_deref(), clock::test_clock_allowed(|k| std::env::var(k).ok()))?;
    let dir = data_dir(&cli)?;
    match &cli.verb {
        Verb::Directory { verb: None } if !sango::ledger::Store::exists(&dir) => {
            to_json(sango::directory::builtin().facilities())
        }
        Verb::Program(ProgramVerb::List) => to_json(sango::program::listing()),
        Verb::Program(ProgramVerb::Check { file }) => {
            let text = app::files::read(file, "事業の定義ファイル")?;
            to_json(app::program_check(&String::from_utf8_lossy(&text))?)
        }
        Verb::Fee { service, date, units: u, household, babies, program } => {
            let service: Service = service.parse()?;
            let date = parse_date(date)?;
            // The program named, else the store's own, else the built-in one.
            let program = match program {
                Some(p) => std::sync::Arc::new(app::program_named(p)?),
                None if sango::ledger::Store::exists(&dir) => open(&dir)?.program(),
                None => std::sync::Arc::new(sango::program::Program::builtin()),
            };
            let units = units(u, "units")?.unwrap_or(program.min_units(service));
            let household: Household = household.as_deref().unwrap_or("standard").parse()?;
            let babies =
                babies.as_deref().map(|b| sango::types::parse_count(b, "babies", 1, 5)).transpose()?.unwrap_or(1);
            to_json(app::fee_with(&program, service, date, units, household, babies as u8)?)
        }
        Verb::Init(a) => init(&dir, now, a),
        Verb::Restore { file, recovery_key_file } => {
            to_json(app::backup::restore(now, file, &dir, &recovery_key(recovery_key_file.as_deref())?)?)
        }
        Verb::Rebuild => to_json(rebuild(&dir)?),
        verb => {
            let app = open(&dir)?;
            let out = with_store(&cli, &app, now, verb);
            app.flush()?;
            let mut out = out?;
            if let (Output::Json(Value::Object(obj)), false) = (&mut out, app.notices().is_empty()) {
                obj.insert("notices".into(), serde_json::to_value(app.notices()).expect("notices serialize"));
            }
            Ok(out)
        }
    }
}

/// `rebuild`, with a progress bar on stderr when it is a terminal (never in a pipe or a log).
fn rebuild(dir: &Path) -> Result<app::backup::EntriesView, AppError> {
    use std::io::{IsTerminal, Write};
    if !std::io::stderr().is_terminal() {
        return app::backup::rebuild(dir);
    }
    let mut shown = None;
    let done = app::backup::rebuild_with_progress(dir, &mut |seq, total| {
        let percent = (seq * 100).checked_div(total).unwrap_or(100);
        if shown != Some(percent) {
            shown = Some(percent);
            let filled = (percent / 5) as usize;
            let _ = write!(
                std::io::stderr(),
                "\r作業用データを記録から作り直しています [{}{}] {percent:>3}% ({seq}/{total})",
                "#".repeat(filled),
                ".".repeat(20 - filled)
            );
        }
    });
    let _ = writeln!(std::io::stderr());
    done
}

fn init(dir: &Path, now: chrono::DateTime<chrono::FixedOffset>, a: &InitArgs) -> Result<Output, AppError> {
    let program_toml = a.program.as_deref().map(app::program_text).transpose()?;
    if a.ward {
        return to_json(App::init_ward_with_program(dir, now, program_toml)?.1);
    }
    let Some(facility) = &a.facility else {
        return Err(AppError::new(
            ErrorCode::Usage,
            "施設なら「--facility」(施設の番号)を、区なら「--ward」を指定してください。",
            "Pass --facility ID (with --ward-card FILE) or --ward.",
        ));
    };
    let Some(card) = &a.ward_card else {
        return Err(AppError::new(
            ErrorCode::Usage,
            "「--ward-card」で区のカードのファイルを指定してください。",
            "Pass --ward-card FILE (the ward's public card).",
        ));
    };
    let ward_card = std::fs::read_to_string(card).map_err(|e| {
        AppError::new(
            ErrorCode::BadFile,
            format!("区のカードのファイルを読めません({})。", sango::app::io_ja(&e)),
            format!("Cannot read the ward card {}: {e}", card.display()),
        )
    })?;
    let setup = app::FacilitySetup {
        facility: facility.parse()?,
        ward_card_json: ward_card,
        closed: a.closed.clone().unwrap_or_default(),
        capacity: sango::ledger::Capacity::parse(a.capacity.as_deref().unwrap_or(""), Default::default())?,
        program_toml,
    };
    to_json(App::init_facility(dir, now, setup)?.1)
}

/// A number as the midwife types it (full-width digits too): refused naming the field.
fn number<T: std::str::FromStr>(v: &Option<String>) -> Result<Option<T>, AppError> {
    v.as_deref()
        .map(|s| {
            sango::types::normalise_token(s)
                .parse::<T>()
                .map_err(|_| AppError::from(sango::types::ParseError::new("number", s, "a number, e.g. 36.8")))
        })
        .transpose()
}

fn day_record(r: &DayRecordArgs) -> Result<app::DayRecordForm, AppError> {
    use sango::ledger::{BabyObservations, Feed, FeedKind, MotherObservations};
    let care = r
        .care
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|c| !c.trim().is_empty())
        .map(str::parse::<app::CareGiven>)
        .collect::<Result<Vec<_>, _>>()?;
    let (systolic, diastolic) = match r.bp.as_deref() {
        Some(bp) => {
            let t = sango::types::normalise_token(bp);
            let bad = || AppError::from(sango::types::ParseError::new("blood pressure", bp, "120/80"));
            let (s, d) = t.split_once('/').ok_or_else(bad)?;
            (Some(s.parse::<u16>().map_err(|_| bad())?), Some(d.parse::<u16>().map_err(|_| bad())?))
        }
        None => (None, None),
    };
    let mut feeds = Vec::new();
    for f in &r.feed {
        let bad = || AppError::from(sango::types::ParseError::new("feed", f, "09:30,formula,60"));
        let t = sango::types::normalise_token(f);
        let parts: Vec<&str> = t.split(',').collect();
        let kind = match parts.get(1).copied() {
            Some("breast") => FeedKind::Breast,
            Some("expressed") => FeedKind::Expressed,
            Some("formula") => FeedKind::Formula,
            _ => return Err(bad()),
        };
        let ml = parts.get(2).map(|m| m.parse::<u16>().map_err(|_| bad())).transpose()?;
        if parts.len() > 3 {
            return Err(bad());
        }
        feeds.push(Feed { time: parts[0].to_string(), kind, ml, minutes: None });
    }
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    Ok(app::DayRecordForm {
        booking: r.booking.clone(),
        date: r.date.clone(),
        care,
        baby_weight_g: number(&r.weight)?,
        meals_served: number(&r.meals)?.unwrap_or(0),
        notes: text(&r.notes),
        mother: MotherObservations {
            temperature: number(&r.temperature)?,
            systolic,
            diastolic,
            pulse: number(&r.pulse)?,
            uterus_lochia: text(&r.uterus_lochia),
            breasts: text(&r.breasts),
            sleep_hours: number(&r.sleep_hours)?,
            mood: text(&r.mood),
            pain: number(&r.pain)?,
        },
        baby: BabyObservations {
            birth_weight_g: number(&r.birth_weight)?,
            temperature: number(&r.baby_temperature)?,
            feeds,
            urine: number(&r.urine)?,
            stool: number(&r.stool)?,
            jaundice: text(&r.jaundice),
            skin: text(&r.skin),
            umbilicus: text(&r.umbilicus),
        },
    })
}

/// The booking form from the flags, typed as the window's is (`BookingRequest::try_from`).
fn booking_input(r: &UseArgs, reason: Option<String>) -> Result<app::BookingRequest, AppError> {
    let form = app::BookingInput {
        card: r.card.clone(),
        service: r.service.parse()?,
        date: r.date.clone(),
        days: units(&r.days, "days")?,
        reason,
    };
    app::BookingRequest::try_from(&form)
}

fn with_store(
    cli: &Cli,
    app: &App,
    now: chrono::DateTime<chrono::FixedOffset>,
    verb: &Verb,
) -> Result<Output, AppError> {
    let desk = actor(cli);
    let admin = &desk;
    match verb {
        Verb::WardCard { out } => {
            let card = app.ward_card_json()?;
            app::files::write_atomic(out, card.as_bytes())?;
            to_json(json!({"out": out}))
        }
        Verb::Card { out } => to_json(app.card_export(admin, out)?),
        Verb::Directory { verb: None } => to_json(app.directory().facilities()),
        Verb::Directory { verb: Some(DirectoryVerb::Set { file }) } => {
            let text = app::files::read(file, "施設一覧のファイル")?;
            to_json(app.directory_set(now, &desk, &String::from_utf8_lossy(&text))?)
        }
        Verb::Program(ProgramVerb::Set { program }) => {
            to_json(app.program_set(now, &desk, &app::program_text(program)?)?)
        }
        Verb::Facility(FacilityVerb::Add { card }) => {
            let text = app::files::read(card, "施設のカード")?;
            to_json(app.facility_add(now, &actor(cli), &String::from_utf8_lossy(&text))?)
        }
        Verb::Facility(FacilityVerb::List) => to_json(app.facility_list(admin)?),
        Verb::Facility(FacilityVerb::Revoke { facility }) => {
            to_json(app.facility_revoke(now, &actor(cli), &facility.parse()?)?)
        }
        Verb::Deadline { date, service } => {
            let service = service.as_deref().map(str::parse::<Service>).transpose()?;
            to_json(json!({"cancel_by": app.deadline(admin, parse_date(date)?, service)?}))
        }
        Verb::Approval(ApprovalVerb::Add { card, approval_no, mother, services, household, postal, emergency }) => {
            let form = app::ApprovalForm {
                card: card.clone(),
                approval_no: approval_no.clone(),
                mother: mother.clone(),
                services: app::parse_services(services)?,
                household: household.clone(),
                postal: postal.clone(),
                emergency: *emergency,
            };
            let input = app::ApprovalInput::try_from(&form)?;
            to_json(app.approval_add(now, &desk, input)?)
        }
        Verb::Approval(ApprovalVerb::Notice { card, out }) => {
            to_json(app.approval_notice(now, admin, &card.parse()?, out.as_deref())?)
        }
        Verb::Approval(ApprovalVerb::Scan { payload }) => to_json(app.approval_scan(now, &desk, payload)?),
        Verb::Birth { card, date, babies } => {
            let babies = units(babies, "babies")?.unwrap_or(1);
            to_json(app.birth_record(now, &desk, &card.parse()?, parse_date(date)?, babies)?)
        }
        Verb::Orientation { card, date, notes } => to_json(app.orientation_record(
            now,
            &desk,
            &card.parse()?,
            parse_date(date)?,
            notes.as_deref().unwrap_or(""),
        )?),
        Verb::Book { request, reason } => to_json(app.book(now, &desk, &booking_input(request, reason.clone())?)?),
        Verb::Reschedule { booking, date, days } => {
            to_json(app.reschedule(now, &desk, &booking.parse()?, date, units(days, "days")?)?)
        }
        Verb::Wait(request) => {
            to_json(json!({"position": app.wait_list_add(now, &desk, &booking_input(request, None)?)?}))
        }
        Verb::CheckIn { booking, acute_infection, temperature, notes } => {
            let input = app::CheckInInput {
                booking: booking.clone(),
                temperature: temperature.clone(),
                acute_infection: *acute_infection,
                notes: notes.clone().unwrap_or_default(),
            };
            to_json(app.check_in(now, &actor(cli), &input)?)
        }
        Verb::Today { date } => {
            let date = date.as_deref().map(parse_date).transpose()?.unwrap_or(now.date_naive());
            to_json(app.today(admin, date)?)
        }
        Verb::DayRecord(r) => to_json(app.care_log(now, &actor(cli), &day_record(r)?)?),
        Verb::DayRecords { booking } => to_json(app.care_record(now, &actor(cli), &booking.parse()?)?),
        Verb::Screening { booking, date, epds, bonding } => {
            let input = app::ScreeningInput {
                booking: booking.clone(),
                date: parse_date(date)?,
                epds: epds.as_deref().map(app::parse_scores).transpose()?,
                bonding: bonding.as_deref().map(app::parse_scores).transpose()?,
            };
            to_json(app.screening(now, &actor(cli), &input)?)
        }
        Verb::Consent { booking, explained, by } => to_json(app.consent_record(
            now,
            &actor(cli),
            &app::ConsentInput { booking: booking.clone(), explained: explained.clone(), consented_by: by.clone() },
        )?),
        Verb::ConsentRequired { required } => {
            let required = match sango::types::normalise_token(required).as_str() {
                "yes" => true,
                "no" => false,
                _ => {
                    return Err(AppError::new(
                        ErrorCode::Usage,
                        "--required は「yes」か「no」で指定してください。",
                        "--required is yes or no.",
                    ))
                }
            };
            let form = app::SettingsForm { consent_required: required, ..app::SettingsForm::from(&app.settings()?) };
            to_json(app.settings_set(now, admin, &form)?.settings)
        }
        Verb::Referral(ReferralVerb::Add { booking, reason, urgency, date, observations }) => {
            let input = app::ReferralInput {
                booking: booking.clone(),
                date: date.as_deref().map(parse_date).transpose()?,
                reason: reason.clone(),
                observations: observations.clone().unwrap_or_default(),
                urgency: urgency
                    .as_deref()
                    .map(app::parse_urgency)
                    .transpose()?
                    .unwrap_or(sango::ledger::Urgency::Normal),
            };
            let view = app.referral_add(now, &actor(cli), &input)?;
            to_json(
                json!({"referral": view.referral, "urgency": view.urgency, "epds_total": view.epds_total, "bonding_total": view.bonding_total, "high_need": view.high_need}),
            )
        }
        Verb::Referral(ReferralVerb::Reply { referral, status, note }) => {
            let view = app.referral_reply(
                now,
                &actor(cli),
                &referral.parse()?,
                app::parse_referral_status(status)?,
                note.as_deref().unwrap_or(""),
            )?;
            to_json(json!({"referral": view.referral, "status": view.status}))
        }
        Verb::Referral(ReferralVerb::Form { referral }) => {
            to_json(app.referral_form(now, &actor(cli), &referral.parse()?)?)
        }
        Verb::Referrals => to_json(app.referrals(now, &actor(cli))?),
        Verb::UseReport { booking: Some(booking), .. } => {
            to_json(app.use_report(now, &actor(cli), &booking.parse()?)?)
        }
        Verb::UseReport { month, .. } => {
            to_json(app.use_reports(now, &actor(cli), month.as_deref().unwrap_or_default().parse()?)?)
        }
        Verb::Pay { booking } => to_json(app.payment_record(now, &desk, &booking.parse()?)?),
        Verb::Cancel { booking } => to_json(app.cancel(now, &desk, &booking.parse()?)?),
        Verb::Complete { booking, days } => {
            to_json(app.complete(now, &actor(cli), &booking.parse()?, units(days, "days")?)?)
        }
        Verb::Quota { card } => to_json(app.quota_map(now, admin, &card.parse::<CardNumber>()?)?),
        Verb::Export { out } => to_json(app.export(now, &actor(cli), out)?),
        Verb::Roster { out } => to_json(app.roster(now, admin, out)?),
        Verb::Import { file } => to_json(app.import(now, &actor(cli), file)?),
        Verb::Claims { month, csv, sjis, out } => {
            let report = app.claims(admin, month.parse()?)?;
            if *csv {
                let bytes = sango::report::claims_csv(
                    &report,
                    if *sjis { sango::report::CsvEncoding::ShiftJis } else { sango::report::CsvEncoding::Utf8Bom },
                );
                if let Some(out) = out {
                    app::files::write_atomic(out, &bytes)?;
                    let lines: usize = report.facilities.iter().map(|f| f.lines.len()).sum();
                    return to_json(json!({"out": out, "lines": lines, "bytes": bytes.len()}));
                }
                // The CSV itself is the document: Excel opens it as is.
                return Ok(Output::Raw(bytes));
            }
            if out.is_some() {
                return Err(AppError::new(
                    ErrorCode::Usage,
                    "--out は --csv と一緒に指定してください。",
                    "--out goes with --csv.",
                ));
            }
            to_json(report)
        }
        Verb::Close { month, anyway } => to_json(app.close_month(now, admin, month.parse()?, *anyway)?),
        Verb::Report { fiscal_year, xlsx, uses } => {
            let fy = app::parse_fiscal_year(fiscal_year)?;
            if let Some(key) = uses {
                return to_json(app.fiscal_uses(now, admin, fy, key)?);
            }
            let report = app.fiscal_report(admin, fy)?;
            match xlsx {
                Some(out) => {
                    let written = app.fiscal_workbook(now, admin, fy, out)?;
                    let mut doc = serde_json::to_value(&report).expect("views serialize");
                    doc["xlsx"] = serde_json::to_value(written).expect("views serialize");
                    Ok(Output::Json(doc))
                }
                None => to_json(report),
            }
        }
        Verb::Verify => {
            let report = app.verify()?;
            if !report.ok {
                let _ = emit(pretty(&report).as_bytes());
                let e = AppError::of(ErrorCode::VerifyFailed);
                return Err(e);
            }
            to_json(report)
        }
        Verb::Journal(JournalVerb::Cat { from }) => {
            let from = from
                .as_deref()
                .map(|f| sango::types::parse_count(f, "journal_from", 1, u32::MAX).map_err(AppError::from))
                .transpose()?
                .unwrap_or(1);
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1024 * 1024, stdout.lock());
            match app::backup::journal_cat(app, now, admin, u64::from(from), &mut out) {
                Err(e) if e.message_en.contains("Broken pipe") => Ok(Output::Printed),
                other => other.map(|_| Output::Printed),
            }
        }
        Verb::Backup { out } => {
            app.require(admin, sango::rules::roles::UseCase::Backup)?;
            to_json(app::backup::backup(app, now, out)?)
        }
        Verb::Overruns => to_json(app.overruns(admin)?),
        Verb::Proposals => to_json(app.facility_reports(admin)?),
        Verb::Staff(StaffVerb::Add { name, role }) => {
            let role = staff_role(role)?;
            let view = app.staff_add(now, admin, name, role, &staff_pin()?)?;
            to_json(json!({"staff": view.name}))
        }
        Verb::Staff(StaffVerb::List) => to_json(app.staff_list()?),
        Verb::Staff(StaffVerb::Disable { name }) => to_json(app.staff_disable(now, admin, name)?),
        Verb::Staff(StaffVerb::Enable { name }) => to_json(app.staff_enable(now, admin, name)?),
        Verb::Staff(StaffVerb::ResetPin { name }) => to_json(app.staff_reset_pin(now, admin, name, &staff_pin()?)?),
        Verb::Audit { card, staff, from, to, kind } => {
            let filter = app::AuditFilter {
                card: card.as_deref().map(str::parse).transpose()?,
                staff: staff.as_deref().map(app::parse_staff_name).transpose()?,
                from: from.as_deref().map(parse_date).transpose()?,
                to: to.as_deref().map(parse_date).transpose()?,
                kind: kind.as_deref().map(str::trim).filter(|k| !k.is_empty()).map(str::to_string),
            };
            to_json(app.audit(admin, &filter)?)
        }
        Verb::Program(ProgramVerb::List | ProgramVerb::Check { .. })
        | Verb::Fee { .. }
        | Verb::Init(_)
        | Verb::Restore { .. }
        | Verb::Rebuild => unreachable!("handled before the store opens"),
    }
}
