//! A deterministic ward for benchmarks and load tests (issue 7): mothers, births and their uses
//! across the directory's facilities, all from a seed. Nothing here is a real person. A dev-only
//! crate: the shipped `sango`, the CLI and the app carry none of it, and it writes only through
//! `sango`'s public API.
//!
//! The plan: 5,000 births a year from 2024-04-01 (the first fee schedule), one month of births per
//! batch; each mother approved for some services, with `uses_per_mother` uses dated after the
//! birth, at facilities offering the service, mostly completed, some no-shows, cancellations and
//! future bookings; fees priced by the program.
//!
//! Two ways to build the same ward store ([`Build`]):
//! - `Writer`: through the one writer as the doors do — `approval_add` and `birth_record` per
//!   mother, then each facility's month sealed as a real export and `import`ed. Every write waits
//!   for `sync_data` (≈2.5 ms on the benchmark machine), so this is for small stores.
//! - `Batch`: a real `init`, then, with the store closed, the very same entries appended with
//!   [`ClosedStore::append`] (one sync per month), folded into sled by `Store::open`'s replay. The
//!   journal is the same entry for entry and the state the same tree for tree:
//!   `tests::the_batch_path_builds_the_same_ward_as_the_writer`.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveTime};

use sango::app::{export_payload, App, AppError, ApprovalInput, FacilitySetup};
use sango::directory::{self, Facility};
use sango::ledger::event::{BookingChange, ENTRY_VERSION};
use sango::ledger::{
    Actor, Approval, ApprovalSource, Birth, Booking, BookingStatus, Capacity, ClosedStore, Entry, Event, Role,
    StoreError,
};
use sango::program::Program;
use sango::sync::{seal_export, Identity, Role as KeyRole, WardCard};
use sango::types::{BookingId, CardNumber, FacilityId, Household, Service};

/// Why a store could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenError {
    #[error(transparent)]
    App(#[from] AppError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Parse(#[from] sango::types::ParseError),
    #[error("cannot generate: {0}")]
    Other(String),
}

/// Births a year in Nerima (about 5,000).
pub const BIRTHS_PER_YEAR: u32 = 5_000;
/// Mothers per batch: one month of births, as the ward imports each facility's monthly export.
pub const MOTHERS_PER_MONTH: u32 = BIRTHS_PER_YEAR / 12;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    pub seed: u64,
    pub mothers: u32,
    pub uses_per_mother: u32,
    /// How many of the directory's facilities take part (3 to all 30).
    pub facilities: usize,
    /// Mothers per batch (an import, a journal batch); [`MOTHERS_PER_MONTH`] unless a test says.
    pub batch: u32,
}

impl Spec {
    /// A ward of about `uses` uses: ten per mother, every facility of the directory.
    pub fn with_uses(seed: u64, uses: u64) -> Spec {
        Spec { seed, mothers: (uses / 10).max(1) as u32, uses_per_mother: 10, facilities: 30, batch: MOTHERS_PER_MONTH }
    }

    pub fn uses(&self) -> u64 {
        u64::from(self.mothers) * u64::from(self.uses_per_mother)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    Writer,
    Batch,
}

/// What was built, and a mother to ask about.
#[derive(Debug, Clone)]
pub struct Built {
    pub mothers: u32,
    pub uses: u64,
    pub journal_entries: u64,
    /// The claim month with the most uses.
    pub busiest_month: String,
    /// The last mother: every service approved, born last.
    pub probe_card: CardNumber,
    pub probe_birth: NaiveDate,
}

/// The facilities' keys: the same ones for every build of a spec, so two builds can be compared.
pub struct Keys {
    pub facilities: BTreeMap<FacilityId, Identity>,
}

impl Keys {
    pub fn generate(spec: &Spec) -> Result<Keys, GenError> {
        let mut facilities = BTreeMap::new();
        for f in taking_part(spec) {
            let id = Identity::generate(KeyRole::Facility { facility: f.id.clone() }).map_err(other)?;
            facilities.insert(f.id.clone(), id);
        }
        Ok(Keys { facilities })
    }
}

fn other(e: impl std::fmt::Display) -> GenError {
    GenError::Other(e.to_string())
}

/// splitmix64: small, fast, the same on every machine.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        Rng(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn percent(&mut self, p: u64) -> bool {
        self.below(100) < p
    }
}

fn jst() -> FixedOffset {
    FixedOffset::east_opt(9 * 3600).expect("JST is a valid offset")
}

fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<FixedOffset> {
    let t = NaiveTime::from_hms_opt(hour, minute, 0).expect("valid time");
    day.and_time(t).and_local_timezone(jst()).single().expect("JST has no gaps")
}

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 4, 1).expect("valid date")
}

fn taking_part(spec: &Spec) -> &'static [Facility] {
    let all = directory::builtin().facilities();
    &all[..spec.facilities.clamp(3, all.len())]
}

/// One mother as planned.
struct PlannedMother {
    approval: Approval,
    birth: Birth,
    uses: Vec<PlannedUse>,
}

struct PlannedUse {
    facility: FacilityId,
    service: Service,
    first_day: NaiveDate,
    units: u32,
    status: BookingStatus,
    booked_at: DateTime<FixedOffset>,
    closed_at: DateTime<FixedOffset>,
}

const POSTAL: [&str; 6] = ["1760001", "1760012", "1770045", "1770041", "1780063", "1790072"];

fn plan_mother(spec: &Spec, i: u32) -> Result<PlannedMother, GenError> {
    let mut r = Rng::new(spec.seed, u64::from(i));
    let born = first_day() + Days::new(u64::from(i) * 365 / u64::from(BIRTHS_PER_YEAR));
    let probe = i + 1 == spec.mothers;
    let mut services: Vec<Service> = Service::ALL.into_iter().filter(|_| probe || r.percent(85)).collect();
    if services.is_empty() {
        services.push(Service::DayCare);
    }
    let household = match r.below(100) {
        0..=84 => Household::Standard,
        85..=94 => Household::NonTaxable,
        _ => Household::Welfare,
    };
    let approval = Approval {
        card: format!("N{i:07}").parse()?,
        approval_no: format!("R{i:07}").parse()?,
        mother: format!("練馬 花子{i}").parse()?,
        services: services.clone(),
        household,
        postal: Some(POSTAL[r.below(POSTAL.len() as u64) as usize].parse()?),
        emergency: r.percent(2),
        source: ApprovalSource::Ward,
        issued_on: None,
    };
    let birth = Birth { date: born, babies: if r.percent(2) { 2 } else { 1 } };
    let facilities = taking_part(spec);
    let mut uses = Vec::new();
    for _ in 0..spec.uses_per_mother {
        let service = services[r.below(services.len() as u64) as usize];
        let offering: Vec<&Facility> = facilities.iter().filter(|f| f.service(service).is_some()).collect();
        let facility = offering[r.below(offering.len() as u64) as usize].id.clone();
        let units = match service {
            Service::ShortStay => [2, 2, 2, 2, 2, 2, 2, 3, 3, 4][r.below(10) as usize],
            _ => 1,
        };
        let first = born + Days::new(7 + r.below(300));
        let status = match r.below(100) {
            0..=77 => BookingStatus::Completed,
            78..=83 => BookingStatus::NoShow,
            84..=89 => BookingStatus::Cancelled,
            _ => BookingStatus::Booked,
        };
        let booked_at = at(first - Days::new(3 + r.below(40)), 10, r.below(60) as u32);
        let closed_at = match status {
            BookingStatus::Completed => at(first + Days::new(u64::from(units) - 1), 16, 0),
            _ => at(first - Days::new(1), 12, 0),
        };
        uses.push(PlannedUse { facility, service, first_day: first, units, status, booked_at, closed_at });
    }
    Ok(PlannedMother { approval, birth, uses })
}

/// The entries a facility's journal holds for one use: booked, then (unless still booked) what
/// became of it, each with the booking as it then stood.
fn use_entries(
    program: &Program,
    mother: &PlannedMother,
    u: &PlannedUse,
    facility: &FacilityId,
    seq: &mut u64,
) -> Result<Vec<Entry>, GenError> {
    let household = mother.approval.household;
    let fee =
        program.fee(u.service, u.first_day, u.units.max(program.min_units(u.service)), household).map_err(other)?;
    let booked_seq = *seq;
    let booking = Booking {
        id: BookingId::new(facility.clone(), booked_seq),
        facility: facility.clone(),
        card: mother.approval.card.clone(),
        service: u.service,
        first_day: u.first_day,
        units: u.units,
        status: BookingStatus::Booked,
        reason: None,
        fee,
        cancel_by: at(u.first_day - Days::new(1), 10, 0),
        booked_at: u.booked_at,
        screening: None,
        payment: None,
    };
    let desk = Actor { name: "受付".into(), role: Role::Admin };
    let entry = |seq: u64, at: DateTime<FixedOffset>, change: BookingChange, booking: Booking| Entry {
        v: ENTRY_VERSION,
        origin: facility.to_string(),
        epoch: None,
        seq,
        at,
        recorded_at: None,
        actor: desk.clone(),
        event: Event::BookingSaved { change, booking },
    };
    let mut out = vec![entry(booked_seq, u.booked_at, BookingChange::Booked, booking.clone())];
    *seq += 1;
    let closed = match u.status {
        BookingStatus::Completed => Some((BookingChange::Completed, fee)),
        BookingStatus::NoShow => Some((
            BookingChange::CancelledLate,
            program.no_show_fee(u.service, u.first_day, u.units, household).map_err(other)?,
        )),
        BookingStatus::Cancelled => Some((BookingChange::Cancelled, fee)),
        _ => None,
    };
    if let Some((change, fee)) = closed {
        out.push(entry(*seq, u.closed_at, change, Booking { status: u.status, fee, ..booking }));
        *seq += 1;
    }
    Ok(out)
}

fn ward_actor() -> Actor {
    Actor { name: "母子保健係".into(), role: Role::Ward }
}

/// One month of the ward: its mothers and, per facility, the entries of its export.
struct Month {
    mothers: Vec<PlannedMother>,
    exports: BTreeMap<FacilityId, Vec<Entry>>,
    /// When the ward records the month (after its last birth).
    at: DateTime<FixedOffset>,
}

fn months(spec: &Spec) -> impl Iterator<Item = Result<Month, GenError>> + '_ {
    let program = Program::builtin();
    let mut seqs: BTreeMap<FacilityId, u64> = taking_part(spec).iter().map(|f| (f.id.clone(), 2)).collect();
    let batch = spec.batch.max(1);
    (0..spec.mothers.div_ceil(batch)).map(move |m| {
        let range = m * batch..((m + 1) * batch).min(spec.mothers);
        let mothers = range.map(|i| plan_mother(spec, i)).collect::<Result<Vec<_>, _>>()?;
        let mut exports: BTreeMap<FacilityId, Vec<Entry>> = BTreeMap::new();
        for mother in &mothers {
            for u in &mother.uses {
                let seq = seqs.get_mut(&u.facility).expect("every planned facility takes part");
                let entries = use_entries(&program, mother, u, &u.facility, seq)?;
                exports.entry(u.facility.clone()).or_default().extend(entries);
            }
        }
        let last_birth = mothers.last().map(|m| m.birth.date).unwrap_or_else(first_day);
        Ok(Month { mothers, exports, at: at(last_birth + Days::new(1), 9, 0) })
    })
}

fn approval_input(a: &Approval) -> ApprovalInput {
    ApprovalInput {
        card: a.card.clone(),
        approval_no: a.approval_no.clone(),
        mother: a.mother.clone(),
        services: a.services.clone(),
        household: a.household,
        postal: a.postal.clone(),
        emergency: a.emergency,
    }
}

/// Builds a ward store at `dir` (which must not hold one) and returns what it holds.
pub fn ward(spec: &Spec, keys: &Keys, build: Build, dir: &Path) -> Result<Built, GenError> {
    let t0 = at(first_day() - Days::new(1), 9, 0);
    let (app, _) = App::init_ward(dir, t0)?;
    let ward_card = WardCard::from_json(&app.ward_card_json()?).map_err(other)?;
    let officer = ward_actor();
    // Every facility taking part, registered by the ward first (the same entries for both builds).
    for identity in keys.facilities.values() {
        app.facility_add(t0, &officer, &identity.facility_card().map_err(other)?.to_json())?;
    }
    let mut tally = Tally::default();
    match build {
        Build::Writer => {
            let file = dir.join("generated-bundle.tmp");
            for month in months(spec) {
                let month = month?;
                for m in &month.mothers {
                    app.approval_add(month.at, &officer, approval_input(&m.approval))?;
                    app.birth_record(month.at, &officer, &m.approval.card, m.birth.date, u32::from(m.birth.babies))?;
                }
                for (facility, entries) in &month.exports {
                    let identity = &keys.facilities[facility];
                    let (first, last) = (entries[0].seq, entries[entries.len() - 1].seq);
                    let bytes = seal_export(&export_payload(entries), first, last, month.at, identity, &ward_card)
                        .map_err(other)?;
                    std::fs::write(&file, bytes).map_err(other)?;
                    app.import(month.at, &officer, &file)?;
                }
                tally.month(&month);
            }
            let _ = std::fs::remove_file(&file);
            let entries = app.last_seq();
            drop(app);
            Ok(tally.built(spec, entries))
        }
        Build::Batch => {
            drop(app);
            let mut journal = ClosedStore::lock(dir)?;
            let mut last_export: BTreeMap<FacilityId, DateTime<FixedOffset>> = BTreeMap::new();
            for month in months(spec) {
                let month = month?;
                let mut seq = journal.last_seq() + 1;
                let mut entries = Vec::new();
                let mut push = |event: Event, entries: &mut Vec<Entry>| {
                    entries.push(Entry {
                        v: ENTRY_VERSION,
                        epoch: None,
                        origin: "ward".into(),
                        seq,
                        at: month.at,
                        recorded_at: None,
                        actor: officer.clone(),
                        event,
                    });
                    seq += 1;
                };
                for m in &month.mothers {
                    push(Event::ApprovalRecorded { approval: m.approval.clone() }, &mut entries);
                    push(Event::BirthRecorded { card: m.approval.card.clone(), birth: m.birth }, &mut entries);
                }
                for (facility, fentries) in &month.exports {
                    let card = keys.facilities[facility].facility_card().map_err(other)?.to_json();
                    push(
                        Event::BundleImported { facility: facility.clone(), card, entries: fentries.clone() },
                        &mut entries,
                    );
                    // As `import` records when each export was made (only a newer one).
                    if last_export.get(facility).is_none_or(|t| *t < month.at) {
                        last_export.insert(facility.clone(), month.at);
                        push(Event::ExportReceived { facility: facility.clone(), created_at: month.at }, &mut entries);
                    }
                }
                journal.append(&entries)?;
                tally.month(&month);
            }
            let entries = journal.last_seq();
            drop(journal);
            // The replay at open folds every appended entry into sled, as the writer would have.
            let app = App::open(dir)?;
            app.flush()?;
            Ok(tally.built(spec, entries))
        }
    }
}

#[derive(Default)]
struct Tally {
    mothers: u32,
    uses: u64,
    per_month: BTreeMap<String, u64>,
    probe: Option<(CardNumber, NaiveDate)>,
}

impl Tally {
    fn month(&mut self, month: &Month) {
        for m in &month.mothers {
            self.mothers += 1;
            for u in &m.uses {
                self.uses += 1;
                *self.per_month.entry(u.first_day.format("%Y-%m").to_string()).or_default() += 1;
            }
            self.probe = Some((m.approval.card.clone(), m.birth.date));
        }
    }

    fn built(self, _spec: &Spec, journal_entries: u64) -> Built {
        let busiest_month = self
            .per_month
            .iter()
            .max_by_key(|(m, n)| (**n, std::cmp::Reverse((*m).clone())))
            .map(|(m, _)| m.clone())
            .unwrap_or_default();
        let (probe_card, probe_birth) =
            self.probe.unwrap_or_else(|| ("N0000000".parse().expect("valid card"), first_day()));
        Built { mothers: self.mothers, uses: self.uses, journal_entries, busiest_month, probe_card, probe_birth }
    }
}

/// A facility install whose own journal holds every planned use (a stress store: as if the ward's
/// whole load came to this one facility, places raised to 1,000 a day), each mother approved at its
/// desk (provisional) with her birth. Every month but the last is already exported, so the last
/// month is what `export` sends. Always the batch path (then replayed by `Store::open`).
pub fn facility(spec: &Spec, facility: &FacilityId, dir: &Path) -> Result<Built, GenError> {
    let t0 = at(first_day() - Days::new(1), 9, 0);
    let ward = Identity::generate(KeyRole::Ward).map_err(other)?;
    let ward_card_json =
        ward.ward_card(Program::builtin().ward_office(), Program::builtin().ward_contact()).map_err(other)?.to_json();
    let capacity = Capacity { short_stay: 1000, day_care: 1000, home_visit: 1000 };
    let (app, _) = App::init_facility(
        dir,
        t0,
        FacilitySetup {
            facility: facility.clone(),
            ward_card_json,
            closed: String::new(),
            capacity,
            program_toml: None,
        },
    )?;
    let offered: Vec<Service> = app.facility()?.services.iter().map(|s| s.service).collect();
    drop(app);
    let program = Program::builtin();
    let desk = Actor { name: "受付".into(), role: Role::Admin };
    let mut journal = ClosedStore::lock(dir)?;
    let mut tally = Tally::default();
    let batch = spec.batch.max(1);
    let batches = spec.mothers.div_ceil(batch);
    for m in 0..batches {
        let mothers = (m * batch..((m + 1) * batch).min(spec.mothers))
            .map(|i| plan_mother(spec, i))
            .collect::<Result<Vec<_>, _>>()?;
        let month_at = at(mothers.last().map(|x| x.birth.date).unwrap_or_else(first_day) + Days::new(1), 9, 0);
        let mut seq = journal.last_seq() + 1;
        let mut entries = Vec::new();
        // The desk's entry of the month, numbered `seq`.
        let desk_entry = |seq: u64, event: Event| Entry {
            v: ENTRY_VERSION,
            epoch: None,
            origin: facility.to_string(),
            seq,
            at: month_at,
            recorded_at: None,
            actor: desk.clone(),
            event,
        };
        if m + 1 == batches && m > 0 {
            entries.push(desk_entry(seq, Event::Exported { through_seq: seq - 1 }));
            seq += 1;
        }
        let mut planned = Vec::new();
        for mut mother in mothers {
            mother.approval.source = ApprovalSource::Desk;
            for event in [
                Event::ApprovalRecorded { approval: mother.approval.clone() },
                Event::BirthRecorded { card: mother.approval.card.clone(), birth: mother.birth },
            ] {
                entries.push(desk_entry(seq, event));
                seq += 1;
            }
            for u in &mut mother.uses {
                if !offered.contains(&u.service) {
                    u.service = offered[0];
                    u.units = u.units.max(program.min_units(u.service));
                }
            }
            for u in &mother.uses {
                entries.extend(use_entries(&program, &mother, u, facility, &mut seq)?);
            }
            planned.push(mother);
        }
        journal.append(&entries)?;
        tally.month(&Month { mothers: planned, exports: BTreeMap::new(), at: month_at });
    }
    let entries = journal.last_seq();
    drop(journal);
    let app = App::open(dir)?;
    app.flush()?;
    Ok(tally.built(spec, entries))
}

/// A facility's export bundle of about `uses` uses (every one at `facility`), sealed to the ward
/// whose card is given; also the entries it carries, for a peer to insert the same rows.
pub fn export_bundle(
    spec: &Spec,
    facility: &FacilityId,
    ward_card: &WardCard,
    identity: &Identity,
) -> Result<(Vec<u8>, Vec<Entry>), GenError> {
    let program = Program::builtin();
    let offered: Vec<Service> = directory::builtin()
        .get(facility)
        .ok_or_else(|| other(format!("no facility {facility}")))?
        .services
        .iter()
        .map(|s| s.service)
        .collect();
    let mut seq = 2;
    let mut entries = Vec::new();
    for i in 0..spec.mothers {
        let mut mother = plan_mother(spec, i)?;
        for u in &mut mother.uses {
            if !offered.contains(&u.service) {
                u.service = offered[0];
                u.units = u.units.max(program.min_units(u.service));
            }
            u.facility = facility.clone();
        }
        for u in &mother.uses {
            entries.extend(use_entries(&program, &mother, u, facility, &mut seq)?);
        }
    }
    let last = entries.last().map(|e| e.seq).unwrap_or(1);
    let created = entries.last().map(|e| e.at).unwrap_or_else(|| at(first_day(), 9, 0));
    let bytes = seal_export(&export_payload(&entries), 2, last, created, identity, ward_card).map_err(other)?;
    Ok((bytes, entries))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sango::ledger::Store;

    fn small() -> Spec {
        Spec { seed: 7, mothers: 45, uses_per_mother: 4, facilities: 5, batch: 20 }
    }

    /// Every entry but the first, without `recorded_at`: the writer stamps the machine's clock,
    /// which the batch path (a made-up history) leaves out.
    fn journal_without_first(dir: &Path) -> Vec<Entry> {
        let mut entries = Store::open(dir).unwrap().entries_from(2).unwrap();
        for e in &mut entries {
            e.recorded_at = None;
        }
        entries
    }

    #[test]
    fn the_batch_path_builds_the_same_ward_as_the_writer() {
        let spec = small();
        let keys = Keys::generate(&spec).unwrap();
        let tmp = tempfile::tempdir().unwrap();
        let (w, b) = (tmp.path().join("writer"), tmp.path().join("batch"));
        let by_writer = ward(&spec, &keys, Build::Writer, &w).unwrap();
        let by_batch = ward(&spec, &keys, Build::Batch, &b).unwrap();
        assert_eq!((by_writer.uses, by_writer.journal_entries), (by_batch.uses, by_batch.journal_entries));
        // Entry 1 (Initialized) names each install's own, random, key: the rest must match.
        assert_eq!(journal_without_first(&w), journal_without_first(&b));
        let (a, b) = (App::open(&w).unwrap(), App::open(&b).unwrap());
        let mut da = a.state().dump().unwrap();
        let mut db = b.state().dump().unwrap();
        for d in [&mut da, &mut db] {
            d.get_mut("meta").unwrap().retain(|(k, _)| k.as_slice() != b"install");
        }
        assert_eq!(da, db);
        let verified = a.verify().unwrap();
        assert!(verified.ok, "{:?}", verified.problems);
    }

    #[test]
    fn the_same_seed_plans_the_same_ward_and_another_seed_another() {
        let spec = small();
        let plan = |s: &Spec| {
            (0..s.mothers)
                .map(|i| plan_mother(s, i).unwrap())
                .flat_map(|m| m.uses.into_iter().map(|u| (u.facility, u.first_day, u.units)))
                .collect::<Vec<_>>()
        };
        assert_eq!(plan(&spec), plan(&spec));
        assert_ne!(plan(&spec), plan(&Spec { seed: 8, ..spec.clone() }));
    }

    #[test]
    fn a_generated_ward_claims_its_uses_and_a_facility_store_quotes() {
        let spec = small();
        let tmp = tempfile::tempdir().unwrap();
        let built = ward(&spec, &Keys::generate(&spec).unwrap(), Build::Batch, &tmp.path().join("w")).unwrap();
        assert_eq!(built.uses, spec.uses());
        let app = App::open(&tmp.path().join("w")).unwrap();
        let claims = app.claims(&ward_actor(), built.busiest_month.parse().unwrap()).unwrap();
        assert!(claims.totals.uses > 0);
        let id: FacilityId = "pao".parse().unwrap();
        let f = facility(&spec, &id, &tmp.path().join("f")).unwrap();
        let app = App::open(&tmp.path().join("f")).unwrap();
        let quota = app.quota(&f.probe_card, chrono::Utc::now().date_naive()).unwrap();
        assert!(quota.iter().map(|l| l.used + l.booked).sum::<u32>() > 0);
        assert!(app.sync_status(&Actor { name: "管理".into(), role: Role::Admin }).unwrap().pending_events > 0);
    }
}
