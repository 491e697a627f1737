//! The command line's words, exactly as docs/cli.md fixes them. Values stay strings here: the
//! application layer parses them into the program's types, so a bad value is exit 4, not 2.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "sango",
    version,
    about = "Sango (産後ケア台帳): the postpartum care ledger, for scripts and the ward's batch work",
    long_about = "Sango (産後ケア台帳): the postpartum care ledger.\n\nOn success: exit 0 and one JSON document on stdout. \
On failure: {\"error\": {\"code\", \"message\", \"violations\"}} on stderr and exit 2 usage, 3 refused by a program rule, \
4 bad input, 5 integrity or authenticity failure, 1 anything else."
)]
pub struct Cli {
    /// The store (default: $SANGO_DATA_DIR, else the desktop app's data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// For tests only, and only with SANGO_TEST_CLOCK=1 in the environment: the clock for every
    /// rule that reads it, RFC 3339 (Japan time unless an offset is given).
    #[arg(long, global = true, value_name = "RFC3339")]
    pub now: Option<String>,
    /// Who is at the keyboard, recorded on every change and every record opened (default: the
    /// system user). The CLI is the OS account's tool: it acts with the admin role.
    #[arg(long, global = true, value_name = "NAME")]
    pub staff: Option<String>,
    #[command(subcommand)]
    pub verb: Verb,
}

// Parsed once per run: the size of its largest variant costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Verb {
    /// The facility list in force (the store's, else the built-in one); `directory set` replaces it (ward).
    Directory {
        #[command(subcommand)]
        verb: Option<DirectoryVerb>,
    },
    /// The programs built in, a program file checked, the ward's program replaced.
    #[command(subcommand)]
    Program(ProgramVerb),
    /// Set up a new store: a facility (--facility ID --ward-card FILE) or the ward (--ward).
    Init(InitArgs),
    /// Write the ward's public card for facilities' `init`.
    WardCard {
        #[arg(long)]
        out: PathBuf,
    },
    /// Write this install's public card (a facility's, for the ward to register).
    Card {
        #[arg(long)]
        out: PathBuf,
    },
    /// The facilities the ward trusts (ward).
    #[command(subcommand)]
    Facility(FacilityVerb),
    /// The fee of a use: total cost, user fee, ward amount.
    Fee {
        #[arg(long)]
        service: String,
        #[arg(long)]
        date: String,
        #[arg(long, allow_hyphen_values = true)]
        units: Option<String>,
        #[arg(long)]
        household: Option<String>,
        /// Babies of the birth (a surcharge per extra baby where the program has one).
        #[arg(long, allow_hyphen_values = true)]
        babies: Option<String>,
        /// A built-in program's name or a program file (default: the store's, else nerima-2024).
        #[arg(long, value_name = "NAME|FILE")]
        program: Option<String>,
    },
    /// The cancellation deadline of a use on a date, by this facility's closed days.
    Deadline {
        #[arg(long)]
        date: String,
        /// The service, where the program sets a cancellation hour per service.
        #[arg(long)]
        service: Option<String>,
    },
    /// Approvals: record one from the notice, print the ward-signed notice, scan its code.
    #[command(subcommand)]
    Approval(ApprovalVerb),
    /// Register the birth (opens booking).
    Birth {
        #[arg(long)]
        card: String,
        #[arg(long)]
        date: String,
        #[arg(long, allow_hyphen_values = true)]
        babies: Option<String>,
    },
    /// Record an orientation visit during pregnancy (オリエンテーション).
    Orientation {
        #[arg(long)]
        card: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        notes: Option<String>,
    },
    /// Book a use.
    Book {
        #[command(flatten)]
        request: UseArgs,
        /// Why a soft limit is passed (概ね生後4か月まで).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Move a booking to another date (or length), checked like a new one.
    Reschedule {
        #[arg(long)]
        booking: String,
        #[arg(long)]
        date: String,
        #[arg(long, allow_hyphen_values = true)]
        days: Option<String>,
    },
    /// Put a mother refused only for a full day on its waiting list (キャンセル待ち).
    Wait(UseArgs),
    /// The day's check-ins, stays in progress, day care and visits (今日の利用).
    Today {
        #[arg(long)]
        date: Option<String>,
    },
    /// Check-in screening: an acute infection refuses the day (released, not charged).
    CheckIn {
        #[arg(long)]
        booking: String,
        #[arg(long)]
        acute_infection: bool,
        #[arg(long)]
        temperature: Option<String>,
        #[arg(long)]
        notes: Option<String>,
    },
    /// The day's record of one day of a use (a second one of the same day corrects it).
    DayRecord(DayRecordArgs),
    /// A use's whole record: days (with the weight's change and what is outside normal),
    /// screenings, consent, referrals.
    DayRecords {
        #[arg(long)]
        booking: String,
    },
    /// A screening: EPDS and 赤ちゃんへの気持ち質問票, ten item scores 0-3 each, in order.
    Screening {
        #[arg(long)]
        booking: String,
        #[arg(long)]
        date: String,
        #[arg(long)]
        epds: Option<String>,
        #[arg(long)]
        bonding: Option<String>,
    },
    /// 説明と同意 for the service of a booking (before or at check-in).
    Consent {
        #[arg(long)]
        booking: String,
        /// What was explained.
        #[arg(long)]
        explained: String,
        /// Who consented (本人, or the name of who consented for her).
        #[arg(long)]
        by: String,
    },
    /// Whether check-in requires 説明と同意 first: yes or no.
    ConsentRequired {
        #[arg(long)]
        required: String,
    },
    /// 連絡票 to the ward's health centre: add (facility), reply (ward), form (print data).
    #[command(subcommand)]
    Referral(ReferralVerb),
    /// The 連絡票 this install holds (a facility's own; every one at the ward).
    Referrals,
    /// The 実施報告書 of one use, or (with --month) the month's list.
    UseReport {
        #[arg(long, conflicts_with = "month", required_unless_present = "month")]
        booking: Option<String>,
        #[arg(long)]
        month: Option<String>,
    },
    /// Take the user share of a completed (or deemed) use; prints the receipt.
    Pay {
        #[arg(long)]
        booking: String,
    },
    /// Cancel a booking; late = deemed used.
    Cancel {
        #[arg(long)]
        booking: String,
    },
    /// Complete a use (actual days for a stay), priced.
    Complete {
        #[arg(long)]
        booking: String,
        #[arg(long, allow_hyphen_values = true)]
        days: Option<String>,
    },
    /// A mother's limits, used, booked and remaining per service.
    Quota {
        #[arg(long)]
        card: String,
    },
    /// Write a bundle for the ward: every change not yet exported.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the roster bundle for facilities.
    Roster {
        #[arg(long)]
        out: PathBuf,
    },
    /// Import a bundle (an export at the ward, a roster at a facility).
    Import { file: PathBuf },
    /// Per facility claims of a month.
    Claims {
        #[arg(long)]
        month: String,
        #[arg(long)]
        csv: bool,
        /// With --csv: Shift_JIS for older Excel (default UTF-8 with BOM).
        #[arg(long)]
        sjis: bool,
        /// With --csv: write the CSV to FILE (private to this user) instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Close a month's claims (ward): its lines are recorded and never change; later changes to
    /// its uses become adjustments (過誤調整) in the first open month.
    Close {
        #[arg(long)]
        month: String,
        /// Close although a registered facility has not exported since the month ended (recorded).
        #[arg(long)]
        anyway: bool,
    },
    /// The fiscal year's 実績 (ward): April to March, per service, household, baby's age,
    /// multiples, cancellations and no-shows, 利用率; --xlsx writes the workbook too.
    Report {
        #[arg(long, value_name = "YYYY")]
        fiscal_year: String,
        /// Write the workbook (tables and every month's claims) to FILE, private to this user.
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// Instead of the report: the uses behind one figure (its `key` in the report).
        #[arg(long, value_name = "KEY")]
        uses: Option<String>,
    },
    /// Check the journal and that the working state matches it.
    Verify,
    /// The journal itself (compressed on disk): `journal cat` prints it plain.
    #[command(subcommand)]
    Journal(JournalVerb),
    /// Rebuild the working state from the journal (also compacts it).
    Rebuild,
    /// One file that restores the whole install, always encrypted to its recovery key.
    Backup {
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore an install from a backup into an empty data folder, with its recovery key (the 24
    /// words of the recovery sheet, in FILE or in $SANGO_RECOVERY_KEY).
    Restore {
        file: PathBuf,
        #[arg(long, value_name = "FILE")]
        recovery_key_file: Option<PathBuf>,
    },
    /// Every mother over a limit, across facilities (ward).
    Overruns,
    /// What facilities reported of approvals and births that the ward has not recorded (ward);
    /// a birth is accepted with `birth`.
    Proposals,
    /// Staff accounts of this install (the PIN from $SANGO_STAFF_PIN or a prompt).
    #[command(subcommand)]
    Staff(StaffVerb),
    /// Every change and every opening of a mother's record, oldest first.
    Audit {
        #[arg(long)]
        card: Option<String>,
        #[arg(long)]
        staff: Option<String>,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        /// Only actions of this kind: `opened`, `staff`, `booking`, `sign_in_failed`, ….
        #[arg(long)]
        kind: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum StaffVerb {
    /// Add a staff account: reception|midwife|admin at a facility, ward|admin at the ward.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        role: String,
    },
    /// Every account: name, role, active.
    List,
    /// Disable an account: it can no longer sign in.
    Disable {
        #[arg(long)]
        name: String,
    },
    /// Enable a disabled account again.
    Enable {
        #[arg(long)]
        name: String,
    },
    /// Give an account a new PIN ($SANGO_STAFF_PIN or a prompt); ends a lock.
    ResetPin {
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum FacilityVerb {
    /// Register a facility from the card it handed over (its id must be in the directory).
    Add {
        #[arg(long)]
        card: PathBuf,
    },
    /// Every key registered, current and revoked.
    List,
    /// Stop importing from and sending rosters to the facility's current key.
    Revoke {
        #[arg(long)]
        facility: String,
    },
}

/// A requested use, as `book` and `wait` take it.
#[derive(Args, Debug)]
pub struct UseArgs {
    #[arg(long)]
    pub card: String,
    #[arg(long)]
    pub service: String,
    #[arg(long)]
    pub date: String,
    #[arg(long, allow_hyphen_values = true)]
    pub days: Option<String>,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    #[arg(long, conflicts_with = "ward")]
    pub facility: Option<String>,
    #[arg(long, requires = "facility")]
    pub ward_card: Option<PathBuf>,
    /// Closed days, e.g. sun,holidays,2026-12-31.
    #[arg(long, requires = "facility")]
    pub closed: Option<String>,
    /// Places a day, e.g. short-stay=2,day-care=4.
    #[arg(long, requires = "facility")]
    pub capacity: Option<String>,
    #[arg(long)]
    pub ward: bool,
    /// The ward's program: a built-in name (`sango program list`) or a program file (TOML);
    /// default nerima-2024. A facility takes the program the ward card carries.
    #[arg(long, value_name = "NAME|FILE")]
    pub program: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum DirectoryVerb {
    /// Replace the ward's facility directory from a file in `directory`'s own format (ward).
    Set {
        #[arg(long)]
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum JournalVerb {
    /// Every entry as recorded, plain: one JSON array, an entry a line (audited, admin only).
    Cat {
        /// The first entry to print (default 1).
        #[arg(long, value_name = "SEQ")]
        from: Option<String>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ProgramVerb {
    /// The built-in programs.
    List,
    /// Check a program file: every problem with its place in the file.
    Check { file: PathBuf },
    /// Replace the ward's program (a built-in name or a file); it reaches facilities in the roster.
    Set {
        #[arg(long, value_name = "NAME|FILE")]
        program: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ApprovalVerb {
    /// Record an approval from the notice (provisional until the ward confirms it).
    Add {
        #[arg(long)]
        card: String,
        #[arg(long)]
        approval_no: String,
        #[arg(long)]
        mother: String,
        #[arg(long)]
        services: String,
        #[arg(long)]
        household: String,
        #[arg(long)]
        postal: Option<String>,
        /// Confirmed by phone with the health centre after an emergency.
        #[arg(long)]
        emergency: bool,
    },
    /// The ward-signed code for the approval notice (ward).
    Notice {
        #[arg(long)]
        card: String,
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Verify a notice's code offline and record the approval as ward-confirmed (facility).
    Scan {
        #[arg(long)]
        payload: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReferralVerb {
    /// Make a 連絡票 from a use's day record (facility): it travels in the next export.
    Add {
        #[arg(long)]
        booking: String,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        urgency: Option<String>,
        /// The day record it is made from (default: the last day recorded).
        #[arg(long)]
        date: Option<String>,
        /// What of the day the ward should see (vitals, words): only this leaves the facility.
        #[arg(long)]
        observations: Option<String>,
    },
    /// Answer a 連絡票 (ward): it travels back to that facility only, in its roster.
    Reply {
        #[arg(long)]
        referral: String,
        #[arg(long)]
        status: String,
        #[arg(long)]
        note: Option<String>,
    },
    /// The printed 連絡票's contents (和暦, the facility's and the mother's details).
    Form {
        #[arg(long)]
        referral: String,
    },
}

/// One day of a use as the midwife records it; every value optional but the day.
#[derive(Args, Debug)]
pub struct DayRecordArgs {
    #[arg(long)]
    pub booking: String,
    #[arg(long)]
    pub date: String,
    /// The care given: breast-care,feeding,parenting,baby-check,bathing,bathing-practice,formula.
    #[arg(long)]
    pub care: Option<String>,
    #[arg(long)]
    pub meals: Option<String>,
    /// The baby's weight, g.
    #[arg(long)]
    pub weight: Option<String>,
    #[arg(long)]
    pub birth_weight: Option<String>,
    /// The mother's temperature, ℃.
    #[arg(long)]
    pub temperature: Option<String>,
    /// Blood pressure as 120/80.
    #[arg(long)]
    pub bp: Option<String>,
    #[arg(long)]
    pub pulse: Option<String>,
    /// 0-10.
    #[arg(long)]
    pub pain: Option<String>,
    #[arg(long)]
    pub sleep_hours: Option<String>,
    #[arg(long)]
    pub uterus_lochia: Option<String>,
    #[arg(long)]
    pub breasts: Option<String>,
    #[arg(long)]
    pub mood: Option<String>,
    #[arg(long)]
    pub baby_temperature: Option<String>,
    /// A feed as TIME,KIND[,ML] (KIND breast|expressed|formula), e.g. 09:30,formula,60; repeatable.
    #[arg(long)]
    pub feed: Vec<String>,
    #[arg(long)]
    pub urine: Option<String>,
    #[arg(long)]
    pub stool: Option<String>,
    #[arg(long)]
    pub jaundice: Option<String>,
    #[arg(long)]
    pub skin: Option<String>,
    #[arg(long)]
    pub umbilicus: Option<String>,
    /// The day's free text: stays at the facility.
    #[arg(long)]
    pub notes: Option<String>,
}
