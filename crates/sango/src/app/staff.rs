//! Staff accounts, sign-in and the audit view (issue 17).
//!
//! A PIN is kept only as an Argon2id PHC string (`PinHash`): the string names the algorithm, its
//! version, memory, passes and lanes and carries the salt, so a PIN set under today's parameters
//! still verifies after a later build raises them. The PIN itself is in no entry, log or error.
//! Staff entries stay on this install (`Event::stays_local`): the ward never sees a facility's
//! accounts or hashes, and a forged bundle carrying them is not folded.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use super::{App, AppError, ErrorCode};
use crate::ledger::event::{OpenedWhat, StaffChange};
use crate::ledger::state::{STAFF_LOCK_AFTER, STAFF_LOCK_MINUTES};
use crate::ledger::{Actor, Event, Mode, PinHash, Role};
use crate::rules::roles::{self, UseCase};
use crate::types::{normalise, CardNumber, ParseError};

/// The shortest PIN or passphrase accepted.
pub const PIN_MIN_CHARS: usize = 6;

/// A staff account as the doors show it: never the hash.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct StaffView {
    pub name: String,
    pub role: Role,
    pub active: bool,
}

/// Who is signed in at the window, and what the window may offer that person.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct SessionView {
    pub name: String,
    pub role: Role,
    /// Every use case `rules::roles` allows this role, in `UseCase::ALL`'s order.
    pub allowed: Vec<UseCase>,
    /// Minutes without input after which the window locks itself (設定).
    pub idle_lock_minutes: u32,
}

/// One line of the audit view: who did or opened what, when, of which card.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct AuditLine {
    #[ts(type = "string")]
    pub at: DateTime<FixedOffset>,
    pub staff: String,
    pub role: Role,
    pub action: String,
    pub card: Option<String>,
}

/// What the audit view is asked for; every part optional, dates inclusive (the entry's own date).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub card: Option<CardNumber>,
    pub staff: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// The action's kind: the word before any `:` (`opened_desk_lookup`, `staff_added`, …).
    pub kind: Option<String>,
}

/// A staff name as typed: trimmed, full-width folded, 1–50 characters, no control characters.
pub fn parse_staff_name(s: &str) -> Result<String, ParseError> {
    let name = normalise(s).trim().to_string();
    if name.is_empty() || name.chars().count() > 50 || name.chars().any(char::is_control) {
        return Err(ParseError::new("staff_name", s, "1 to 50 characters"));
    }
    Ok(name)
}

/// A PIN as typed (full-width digits folded). The error never repeats what was typed.
pub fn parse_pin(s: &str) -> Result<String, AppError> {
    let pin = normalise(s);
    if pin.chars().count() < PIN_MIN_CHARS || pin.chars().any(char::is_control) {
        return Err(AppError::new(
            ErrorCode::BadPin,
            format!("暗証番号は{PIN_MIN_CHARS}桁(文字)以上で決めてください。"),
            format!("A PIN must have at least {PIN_MIN_CHARS} digits or characters."),
        ));
    }
    Ok(pin)
}

fn hash_pin(pin: &str) -> Result<PinHash, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    let hash = Argon2::default().hash_password(pin.as_bytes(), &salt).map_err(|e| {
        AppError::new(
            ErrorCode::PinHashFailed,
            "暗証番号を登録できませんでした。もう一度やり直してください。",
            format!("Hashing the PIN failed: {e}"),
        )
    })?;
    Ok(PinHash(hash.to_string()))
}

fn pin_matches(pin: &str, hash: &PinHash) -> bool {
    PasswordHash::new(&hash.0).is_ok_and(|parsed| Argon2::default().verify_password(pin.as_bytes(), &parsed).is_ok())
}

fn sign_in_refused(code: ErrorCode, ja: String, en: &str) -> AppError {
    AppError::new(code, ja, en)
}

/// Refused because nobody is signed in at the window (it shows the sign-in screen).
pub fn not_signed_in() -> AppError {
    AppError::new(ErrorCode::NotSignedIn, "サインインしてください。", "Nobody is signed in.")
}

/// Refused for the acting person's role (exit 3).
pub fn not_permitted(actor: &Actor, use_case: UseCase) -> AppError {
    AppError::new(
        ErrorCode::NotPermitted,
        format!(
            "{}の権限では「{}」はできません。権限のある職員に代わってもらってください。",
            roles::role_ja(actor.role),
            use_case.name_ja()
        ),
        format!("The {:?} role may not do this ({use_case:?}).", actor.role),
    )
}

impl App {
    /// Refuses `use_case` unless the acting person's role allows it (`rules::roles`).
    pub fn require(&self, actor: &Actor, use_case: UseCase) -> Result<(), AppError> {
        if roles::allowed(actor.role, use_case) {
            Ok(())
        } else {
            Err(not_permitted(actor, use_case))
        }
    }

    /// Journals that `actor` opened `what` (of `card`): the audit's record of a reading.
    pub(crate) fn opened(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        what: OpenedWhat,
        card: Option<&CardNumber>,
    ) -> Result<(), AppError> {
        self.write(now, actor, |_, _| Ok((Event::Opened { what, card: card.cloned() }, ())))
    }

    /// The window's view of a signed-in person: the role's allowed use cases and the idle lock.
    pub fn session_view(&self, actor: &Actor) -> Result<SessionView, AppError> {
        Ok(SessionView {
            name: actor.name.clone(),
            role: actor.role,
            allowed: UseCase::ALL.into_iter().filter(|&c| roles::allowed(actor.role, c)).collect(),
            idle_lock_minutes: self.settings()?.idle_lock_minutes,
        })
    }

    /// Refuses a session whose account was disabled (or removed) since it signed in: the window
    /// checks this at every call, so a disabled person's open window stops at its next step.
    pub fn check_session(&self, actor: &Actor) -> Result<(), AppError> {
        match self.store.state().staff_account(&actor.name)? {
            Some(a) if a.active && a.role == actor.role => Ok(()),
            _ => Err(sign_in_refused(
                ErrorCode::StaffDisabled,
                format!("職員「{}」は無効にされています。管理者に確認してください。", actor.name),
                "This staff account is disabled.",
            )),
        }
    }

    /// The staff accounts, for the sign-in screen and `staff list`: names, roles, active; no hash.
    pub fn staff_list(&self) -> Result<Vec<StaffView>, AppError> {
        Ok(self
            .store
            .state()
            .staff_accounts()?
            .into_iter()
            .map(|a| StaffView { name: a.name, role: a.role, active: a.active })
            .collect())
    }

    /// Whether the install has any staff account yet (the first-run screen creates the first admin).
    pub fn has_staff(&self) -> Result<bool, AppError> {
        Ok(!self.store.state().staff_accounts()?.is_empty())
    }

    /// Adds a staff account (admin). The role must be one of this install's (`roles_of_install`).
    pub fn staff_add(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        name: &str,
        role: Role,
        pin: &str,
    ) -> Result<StaffView, AppError> {
        self.require(actor, UseCase::Staff)?;
        self.add_account(now, actor, name, role, pin)
    }

    /// The first admin of a new install, created at the first-run screen: allowed only while the
    /// install has no staff account at all. Returns the admin, signed in.
    pub fn staff_add_first(&self, now: DateTime<FixedOffset>, name: &str, pin: &str) -> Result<Actor, AppError> {
        if self.has_staff()? {
            return Err(AppError::of(ErrorCode::StaffExist));
        }
        let name = parse_staff_name(name)?;
        let actor = Actor { name: name.clone(), role: Role::Admin };
        self.add_account(now, &actor, &name, Role::Admin, pin)?;
        Ok(actor)
    }

    fn add_account(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        name: &str,
        role: Role,
        pin: &str,
    ) -> Result<StaffView, AppError> {
        let name = parse_staff_name(name)?;
        let ward = self.mode()? == Mode::Ward;
        if !roles::roles_of_install(ward).contains(&role) {
            let (ja, en) = if ward {
                ("区の端末の役割は「ward」(母子保健係)か「admin」(管理者)です。", "ward or admin")
            } else {
                (
                    "施設の端末の役割は「reception」(受付)、「midwife」(助産師)、「admin」(管理者)のいずれかです。",
                    "reception, midwife or admin",
                )
            };
            return Err(AppError::new(ErrorCode::BadRole, ja, format!("At this install a role is {en}.")));
        }
        let pin_hash = hash_pin(&parse_pin(pin)?)?;
        self.write(now, actor, |state, _| {
            if state.staff_account(&name)?.is_some() {
                return Err(AppError::new(
                    ErrorCode::StaffExists,
                    format!("職員「{name}」はすでに登録されています。"),
                    "A staff account of that name exists.",
                ));
            }
            Ok((
                Event::StaffAdded { name: name.clone(), role, pin_hash },
                StaffView { name: name.clone(), role, active: true },
            ))
        })
    }

    fn change_account(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        name: &str,
        change: StaffChange,
    ) -> Result<StaffView, AppError> {
        self.require(actor, UseCase::Staff)?;
        let name = parse_staff_name(name)?;
        self.write(now, actor, |state, _| {
            let mut account =
                state.staff_account(&name)?.ok_or_else(|| AppError::not_found("職員", "staff account", &name))?;
            if matches!(change, StaffChange::Disabled) && account.role == Role::Admin && account.active {
                let admins = state.staff_accounts()?.iter().filter(|a| a.role == Role::Admin && a.active).count();
                if admins <= 1 {
                    return Err(AppError::new(
                        ErrorCode::LastAdmin,
                        "最後の管理者は無効にできません。先に別の管理者を登録してください。",
                        "The last active admin cannot be disabled.",
                    ));
                }
            }
            match change {
                StaffChange::Disabled => account.active = false,
                StaffChange::Enabled => account.active = true,
                StaffChange::PinReset { .. } => {}
            }
            Ok((
                Event::StaffChanged { name: name.clone(), change },
                StaffView { name: account.name, role: account.role, active: account.active },
            ))
        })
    }

    pub fn staff_disable(&self, now: DateTime<FixedOffset>, actor: &Actor, name: &str) -> Result<StaffView, AppError> {
        self.change_account(now, actor, name, StaffChange::Disabled)
    }

    pub fn staff_enable(&self, now: DateTime<FixedOffset>, actor: &Actor, name: &str) -> Result<StaffView, AppError> {
        self.change_account(now, actor, name, StaffChange::Enabled)
    }

    /// A new PIN for `name` (admin); ends any lock.
    pub fn staff_reset_pin(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        name: &str,
        pin: &str,
    ) -> Result<StaffView, AppError> {
        let pin_hash = hash_pin(&parse_pin(pin)?)?;
        self.change_account(now, actor, name, StaffChange::PinReset { pin_hash })
    }

    /// Signs `name` in with `pin`: the account's `Actor`, every later entry in that person's name.
    ///
    /// # Errors
    /// `sign_in_failed` (exit 3) for an unknown name or a wrong PIN, alike, journaled for a known
    /// account; the fifth in a row locks it for 15 minutes (`sign_in_locked`, said with the time
    /// it opens again), a lock that survives a restart since it is folded from the journal;
    /// `staff_disabled` for a disabled account.
    pub fn sign_in(&self, now: DateTime<FixedOffset>, name: &str, pin: &str) -> Result<Actor, AppError> {
        let wrong =
            || sign_in_refused(ErrorCode::SignInFailed, "名前または暗証番号が違います。".into(), "Wrong name or PIN.");
        let Ok(name) = parse_staff_name(name) else { return Err(wrong()) };
        let Some(account) = self.store.state().staff_account(&name)? else { return Err(wrong()) };
        let locked = |until: DateTime<FixedOffset>| {
            let left = (until - now).num_minutes() + 1;
            sign_in_refused(
                ErrorCode::SignInLocked,
                format!("暗証番号を{STAFF_LOCK_AFTER}回続けて間違えたため、この職員は{STAFF_LOCK_MINUTES}分間サインインできません。{}にまた使えます(あと約{left}分)。急ぐときは管理者に暗証番号を再設定してもらってください。", until.format("%H:%M")),
                "Locked after too many wrong PINs.",
            )
        };
        if let Some(until) = account.locked_until.filter(|until| now < *until) {
            return Err(locked(until));
        }
        if !account.active {
            return Err(sign_in_refused(
                ErrorCode::StaffDisabled,
                format!("職員「{name}」は無効にされています。管理者に確認してください。"),
                "This staff account is disabled.",
            ));
        }
        if !pin_matches(&normalise(pin), &account.pin_hash) {
            self.write(now, &Actor::system(), |_, _| Ok((Event::SignInFailed { name: name.clone() }, ())))?;
            if let Some(until) =
                self.store.state().staff_account(&name)?.and_then(|a| a.locked_until).filter(|until| now < *until)
            {
                return Err(locked(until));
            }
            return Err(wrong());
        }
        let actor = Actor { name: name.clone(), role: account.role };
        self.write(now, &actor, |_, _| Ok((Event::SignedIn { name: name.clone() }, ())))?;
        Ok(actor)
    }

    /// Every change and every opening of a mother's record, oldest first (admin).
    pub fn audit(&self, actor: &Actor, filter: &AuditFilter) -> Result<Vec<AuditLine>, AppError> {
        self.require(actor, UseCase::Audit)?;
        let mut out = Vec::new();
        for e in self.store.entries_from(1)? {
            let (action, mut card) = audit_of(&e.event);
            if let Event::CareLogged { entry } = &e.event {
                card = self.store.state().booking(&entry.booking.to_string())?.map(|b| b.card);
            }
            let date = e.at.date_naive();
            if filter.staff.as_ref().is_some_and(|s| *s != e.actor.name)
                || filter.card.as_ref().is_some_and(|c| card.as_ref() != Some(c))
                || filter.from.is_some_and(|d| date < d)
                || filter.to.is_some_and(|d| date > d)
                || filter.kind.as_ref().is_some_and(|k| !action_is_of_kind(&action, k))
            {
                continue;
            }
            out.push(AuditLine {
                at: e.at,
                staff: e.actor.name.clone(),
                role: e.actor.role,
                action,
                card: card.map(|c| c.to_string()),
            });
        }
        Ok(out)
    }
}

impl App {
    /// The audit view as a CSV for Excel (UTF-8 with BOM, CRLF), written private (0600) into the
    /// folder the user chose, like the claims CSV (admin).
    pub fn audit_csv_file(
        &self,
        now: DateTime<FixedOffset>,
        actor: &Actor,
        filter: &AuditFilter,
        folder: &std::path::Path,
    ) -> Result<super::ExportResult, AppError> {
        let lines = self.audit(actor, filter)?;
        if !folder.is_dir() {
            return Err(AppError::new(
                ErrorCode::BadFolder,
                format!("保存先のフォルダ {} が見つかりません。", folder.display()),
                format!("No folder {} to save the CSV in.", folder.display()),
            ));
        }
        let mut rows = vec![["日時", "職員", "役割", "操作", "利用者カード番号"].map(String::from).to_vec()];
        for l in &lines {
            rows.push(vec![
                l.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                l.staff.clone(),
                roles::role_ja(l.role).into(),
                l.action.clone(),
                l.card.clone().unwrap_or_default(),
            ]);
        }
        let path = folder.join(format!("audit-{}.csv", now.format("%Y%m%d-%H%M%S")));
        super::files::write_atomic(&path, &crate::report::csv_bytes(&rows, crate::report::CsvEncoding::Utf8Bom))?;
        Ok(super::ExportResult { path: path.display().to_string(), events: lines.len() as u64, from_seq: None })
    }
}

/// Whether `action` is of `kind`: its word (before any `:`) is `kind`, or begins with `kind_`
/// (`opened` takes every opening, `staff` every change to an account, `booking` every booking).
fn action_is_of_kind(action: &str, kind: &str) -> bool {
    let word = action.split(':').next().unwrap_or_default();
    word == kind || word.strip_prefix(kind).is_some_and(|rest| rest.starts_with('_'))
}

/// What an entry did, as one word, and the card it touched.
fn audit_of(event: &Event) -> (String, Option<CardNumber>) {
    let word = |s: &str| s.to_string();
    match event {
        Event::Initialized { .. } => (word("initialized"), None),
        Event::SettingsChanged { .. } => (word("settings_changed"), None),
        Event::ApprovalRecorded { approval } => (word("approval_recorded"), Some(approval.card.clone())),
        Event::BirthRecorded { card, .. } => (word("birth_recorded"), Some(card.clone())),
        Event::BookingSaved { change, booking } => {
            let change =
                serde_json::to_value(change).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            (format!("booking_{change}"), Some(booking.card.clone()))
        }
        Event::CareLogged { .. } => (word("care_logged"), None),
        Event::ScreeningRecorded { screening } => (word("screening_recorded"), Some(screening.card.clone())),
        Event::ConsentRecorded { consent } => (word("consent_recorded"), Some(consent.card.clone())),
        Event::ReferralMade { referral } => (format!("referral_made:{}", referral.id), Some(referral.card.clone())),
        Event::ReferralReplied { reply } => (format!("referral_replied:{}", reply.referral), None),
        Event::OrientationRecorded { orientation } => (word("orientation_recorded"), Some(orientation.card.clone())),
        Event::WaitListed { entry, .. } => (word("wait_listed"), Some(entry.card.clone())),
        Event::WaitRemoved { .. } => (word("wait_removed"), None),
        Event::Exported { .. } => (word("exported"), None),
        Event::BundleImported { facility, .. } => (format!("bundle_imported:{facility}"), None),
        Event::FacilityRegistered { facility, .. } => (format!("facility_registered:{facility}"), None),
        Event::FacilityRevoked { facility, .. } => (format!("facility_revoked:{facility}"), None),
        Event::Restored { .. } => (word("restored"), None),
        Event::RosterImported { .. } => (word("roster_imported"), None),
        Event::StaffAdded { name, .. } => (format!("staff_added:{name}"), None),
        Event::StaffChanged { name, change } => {
            let kind = match change {
                StaffChange::Disabled => "staff_disabled",
                StaffChange::Enabled => "staff_enabled",
                StaffChange::PinReset { .. } => "staff_pin_reset",
            };
            (format!("{kind}:{name}"), None)
        }
        Event::SignedIn { .. } => (word("signed_in"), None),
        Event::SignInFailed { name } => (format!("sign_in_failed:{name}"), None),
        Event::ExportReceived { facility, .. } => (format!("export_received:{facility}"), None),
        Event::MonthClosed { claims } => (format!("month_closed:{}", claims.month), None),
        Event::ProgramSet { .. } => (word("program_set"), None),
        Event::DirectorySet { .. } => (word("directory_set"), None),
        Event::Opened { what, card } => {
            let what = serde_json::to_value(what).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            (format!("opened_{what}"), card.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::FacilitySetup;

    fn at(hm: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2026-05-11T{hm}:00+09:00")).unwrap()
    }

    fn facility(dir: &std::path::Path) -> App {
        let (ward, _) = App::init_ward(&dir.join("ward"), at("08:00")).unwrap();
        let setup = FacilitySetup {
            facility: "pao".parse().unwrap(),
            ward_card_json: ward.ward_card_json().unwrap(),
            closed: String::new(),
            capacity: Default::default(),
            program_toml: None,
        };
        App::init_facility(&dir.join("pao"), at("08:00"), setup).unwrap().0
    }

    #[test]
    fn sign_in_wrong_pins_lockout_disable_and_switching_follow_a_plain_model() {
        let tmp = tempfile::tempdir().unwrap();
        let app = facility(tmp.path());
        let admin = app.staff_add_first(at("08:01"), "管理 花子", "246810").unwrap();
        assert_eq!(admin.role, Role::Admin);
        assert_eq!(
            app.staff_add_first(at("08:02"), "誰か", "123456").unwrap_err().code,
            "staff_exist",
            "only the very first account is created without an admin"
        );
        app.staff_add(at("08:03"), &admin, "受付 一郎", Role::Reception, "111111").unwrap();
        app.staff_add(at("08:03"), &admin, "助産 桜", Role::Midwife, "２２２２２２").unwrap();
        assert_eq!(app.staff_add(at("08:04"), &admin, "区 係", Role::Ward, "333333").unwrap_err().code, "bad_role");
        assert_eq!(app.staff_add(at("08:04"), &admin, "短い", Role::Reception, "12345").unwrap_err().code, "bad_pin");
        let clerk = app.sign_in(at("09:00"), "受付 一郎", "111111").unwrap();
        assert_eq!(
            app.staff_add(at("09:00"), &clerk, "x", Role::Reception, "123456").unwrap_err().code,
            "not_permitted"
        );
        // Switching: the midwife signs in over the clerk with the full-width PIN she was given.
        let midwife = app.sign_in(at("09:05"), "助産 桜", "222222").unwrap();
        assert_eq!((midwife.name.as_str(), midwife.role), ("助産 桜", Role::Midwife));

        // Four wrong PINs, then the right one: the run ends, nothing is locked.
        for _ in 0..4 {
            assert_eq!(app.sign_in(at("09:10"), "受付 一郎", "000000").unwrap_err().code, "sign_in_failed");
        }
        app.sign_in(at("09:11"), "受付 一郎", "111111").unwrap();
        // Five in a row lock it for 15 minutes, even with the right PIN, and through a restart.
        for n in 1..=5 {
            let e = app.sign_in(at("09:20"), "受付 一郎", "000000").unwrap_err();
            assert_eq!(e.code, if n < 5 { "sign_in_failed" } else { "sign_in_locked" }, "wrong PIN {n}");
            assert!(!e.message_ja.contains("000000") && !e.message_en.contains("000000"));
        }
        let locked = app.sign_in(at("09:30"), "受付 一郎", "111111").unwrap_err();
        assert_eq!(locked.code, "sign_in_locked");
        assert!(locked.message_ja.contains("15分") && locked.message_ja.contains("09:35"), "{}", locked.message_ja);
        let dir = app.store().dir().to_path_buf();
        drop(app);
        let app = App::open(&dir).unwrap();
        assert_eq!(app.sign_in(at("09:34"), "受付 一郎", "111111").unwrap_err().code, "sign_in_locked");
        assert_eq!(
            app.sign_in(at("09:35"), "受付 一郎", "111111").unwrap().role,
            Role::Reception,
            "the lock ends after 15 minutes"
        );

        // Disabled: refused whatever the PIN; enabled again, and a reset PIN replaces the old.
        app.staff_disable(at("10:00"), &admin, "受付 一郎").unwrap();
        assert_eq!(app.sign_in(at("10:01"), "受付 一郎", "111111").unwrap_err().code, "staff_disabled");
        app.staff_enable(at("10:02"), &admin, "受付 一郎").unwrap();
        app.staff_reset_pin(at("10:03"), &admin, "受付 一郎", "999999").unwrap();
        assert_eq!(app.sign_in(at("10:04"), "受付 一郎", "111111").unwrap_err().code, "sign_in_failed");
        app.sign_in(at("10:05"), "受付 一郎", "999999").unwrap();
        assert_eq!(app.staff_disable(at("10:06"), &admin, "管理 花子").unwrap_err().code, "last_admin");
        assert_eq!(
            app.sign_in(at("10:07"), "いない人", "999999").unwrap_err().code,
            "sign_in_failed",
            "an unknown name reads as a wrong PIN"
        );

        // The list shows names and roles, never a hash; no entry holds a PIN.
        let list = app.staff_list().unwrap();
        assert_eq!(
            list.iter().map(|s| (s.name.as_str(), s.role, s.active)).collect::<Vec<_>>(),
            [("助産 桜", Role::Midwife, true), ("受付 一郎", Role::Reception, true), ("管理 花子", Role::Admin, true)]
        );
        let journal =
            String::from_utf8_lossy(&std::fs::read(dir.join(crate::ledger::store::JOURNAL_FILE)).unwrap()).into_owned();
        for pin in ["246810", "111111", "222222", "999999", "000000"] {
            assert!(!journal.contains(pin), "a PIN in the journal");
        }
        let hashes = app.store().entries_from(1).unwrap().into_iter().filter_map(|e| match e.event {
            Event::StaffAdded { pin_hash, .. } => Some(pin_hash.0),
            _ => None,
        });
        for h in hashes {
            assert!(h.starts_with("$argon2id$v=19$m="), "an Argon2id PHC string with its parameters");
        }
    }

    #[test]
    fn the_audit_lists_changes_and_openings_oldest_first_and_filters_them() {
        let tmp = tempfile::tempdir().unwrap();
        let app = facility(tmp.path());
        let admin = app.staff_add_first(at("08:01"), "管理", "246810").unwrap();
        app.staff_add(at("08:02"), &admin, "受付", Role::Reception, "111111").unwrap();
        let clerk = app.sign_in(at("09:00"), "受付", "111111").unwrap();
        let input = crate::app::ApprovalInput {
            card: "C-1".parse().unwrap(),
            approval_no: "A-1".parse().unwrap(),
            mother: "練馬 花子".parse().unwrap(),
            services: vec![crate::types::Service::DayCare],
            household: crate::types::Household::Standard,
            postal: None,
            emergency: false,
        };
        app.approval_add(at("09:01"), &clerk, input).unwrap();
        app.desk_lookup(at("09:02"), &clerk, &"C-1".parse().unwrap()).unwrap();
        assert_eq!(app.audit(&clerk, &AuditFilter::default()).unwrap_err().code, "not_permitted");
        let card = AuditFilter { card: Some("C-1".parse().unwrap()), ..Default::default() };
        let lines = app.audit(&admin, &card).unwrap();
        assert_eq!(
            lines.iter().map(|l| (l.staff.as_str(), l.action.as_str())).collect::<Vec<_>>(),
            [("受付", "approval_recorded"), ("受付", "opened_desk_lookup")]
        );
        let all = app.audit(&admin, &AuditFilter { staff: Some("受付".into()), ..Default::default() }).unwrap();
        assert_eq!(all.first().map(|l| l.action.as_str()), Some("signed_in"));
        assert!(app
            .audit(
                &admin,
                &AuditFilter { from: Some(NaiveDate::from_ymd_opt(2026, 5, 12).unwrap()), ..Default::default() }
            )
            .unwrap()
            .is_empty());
        let opened = app.audit(&admin, &AuditFilter { kind: Some("opened".into()), ..Default::default() }).unwrap();
        assert!(!opened.is_empty() && opened.iter().all(|l| l.action.starts_with("opened_")), "{opened:?}");
        assert!(
            app.audit(&admin, &AuditFilter { kind: Some("open".into()), ..Default::default() }).unwrap().is_empty(),
            "a kind is a whole word"
        );

        let out = tmp.path().join("csv");
        std::fs::create_dir(&out).unwrap();
        assert_eq!(app.audit_csv_file(at("10:00"), &clerk, &card, &out).unwrap_err().code, "not_permitted");
        let csv = app.audit_csv_file(at("10:00"), &admin, &card, &out).unwrap();
        assert_eq!(csv.events, 2);
        let bytes = std::fs::read(&csv.path).unwrap();
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text.split("\r\n").filter(|l| !l.is_empty()).count(), 3, "{text}");
        assert!(
            text.starts_with("日時,職員,役割,操作,利用者カード番号\r\n")
                && text.contains(",受付,受付,opened_desk_lookup,C-1\r\n"),
            "{text}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&csv.path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
}
