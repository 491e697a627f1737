// Issue 7's memory per screen: the real window driven over tauri-driver, the proportional set size (PSS) of
// the app and every process under it (WebKit's web and network processes) read after each screen opens.
// Not a test: scripts/app-figures.sh runs it under Xvfb after the launch figures.
//
//   APP=… SANGO=… [EMPTY_APP=…] [SETTLE=2] node figures.mjs RUNS
//
// Where the memory goes: VERBOSE=1 prints each process's share of every row; BREAKDOWN=N each process's N
// largest mappings (/proc/PID/smaps, by file) and what each screen added to them; TRIM=1 ends each session
// with glibc's malloc_trim(0) called in every process through gdb, then one more row.
//
// Each run: a fresh facility (three mothers set up with the CLI) through every facility screen, a fresh ward
// (one facility's month imported) through every ward screen, and the empty window idle under the same driver,
// the yardstick of the ratios. Prints one line per run, then the medians.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APP, SANGO, STAFF, TEST_CLOCK, addStaff, closeWindow, go, openWindow, press, signIn, textOf } from "./lib.mjs";

const RUNS = Number(process.argv[2] ?? 5);
const SETTLE = Number(process.env.SETTLE ?? 2) * 1000;
const IDLE = Number(process.env.IDLE ?? 5) * 1000;
const EMPTY_APP = process.env.EMPTY_APP;
const BOOKED_AT = "2026-12-01T09:00:00+09:00";
const TODAY = "2026-12-08T09:00:00+09:00"; // a Tuesday: つむぎ offers day care on Tue/Thu/Fri
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every pid under `pid`, itself first (WebKit may put bwrap between the app and its web process). */
function tree(pid) {
  const all = [pid];
  for (let i = 0; i < all.length; i++) {
    let tasks = [];
    try { tasks = readdirSync(`/proc/${all[i]}/task`); } catch { continue; }
    for (const task of tasks) {
      try {
        const kids = readFileSync(`/proc/${all[i]}/task/${task}/children`, "utf8").trim();
        if (kids) all.push(...kids.split(/\s+/).map(Number));
      } catch { /* the task ended meanwhile */ }
    }
  }
  return all;
}

/** PSS in kB summed over the tree, how many processes it counted, and each one's share (for VERBOSE=1). */
function pss(pid) {
  let kb = 0, n = 0;
  const parts = [];
  for (const p of tree(pid)) {
    try {
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, "utf8"));
      if (!m) continue;
      kb += Number(m[1]); n += 1;
      parts.push(`${readFileSync(`/proc/${p}/comm`, "utf8").trim()} ${(Number(m[1]) / 1024).toFixed(1)}`);
    } catch { /* gone */ }
  }
  return { kb, n, parts };
}

/** PSS in kB of each mapping of `pid`, summed by file (anonymous ones by their label), largest first. */
function breakdown(pid) {
  const by = new Map();
  let name = "";
  for (const line of readFileSync(`/proc/${pid}/smaps`, "utf8").split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) { name = head[1] || "[anon]"; continue; }
    const m = /^Pss:\s+(\d+)/.exec(line);
    if (m) by.set(name, (by.get(name) ?? 0) + Number(m[1]));
  }
  return [...by].sort((a, b) => b[1] - a[1]);
}

/**
 * BREAKDOWN=N: for each process, its N largest mappings at the first row, then what each later row added
 * (the mappings that grew by 0.5 MB or more) — where a screen's memory went.
 */
function printBreakdowns(binary, pid, marks) {
  const n = Number(process.env.BREAKDOWN) || 20;
  const comm = (p) => { try { return readFileSync(`/proc/${p}/comm`, "utf8").trim(); } catch { return String(p); } };
  const [first, ...later] = marks;
  let before = new Map(first[1].map(([p, b]) => [p, new Map(b)]));
  for (const [p, b] of first[1]) {
    console.log(`${comm(p)} (${binary.split("/").pop()}, ${first[0]}):`);
    for (const [file, kb] of b.slice(0, n)) console.log(`  ${(kb / 1024).toFixed(1).padStart(7)} MB  ${file}`);
  }
  for (const [label, processes] of later) {
    for (const [p, b] of processes) {
      const was = before.get(p) ?? new Map();
      const grew = b.map(([file, kb]) => [file, kb - (was.get(file) ?? 0)]).filter(([, d]) => d >= 512);
      if (grew.length) console.log(`${label}, ${comm(p)}: ` + grew.map(([f, d]) => `+${(d / 1024).toFixed(1)} ${f.split("/").pop()}`).join(", "));
    }
    before = new Map(processes.map(([p, b]) => [p, new Map(b)]));
  }
}

/** The newest process running `binary` (WebKitWebDriver starts it, so it is not our child). */
function pidOf(binary) {
  const real = realpathSync(binary);
  let found = 0;
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try { if (readlinkSync(`/proc/${d}/exe`) === real && Number(d) > found) found = Number(d); } catch { /* not ours */ }
  }
  if (!found) throw new Error(`no process runs ${binary}`);
  return found;
}

function cli(dataDir, now, ...args) {
  const out = execFileSync(SANGO, ["--data-dir", dataDir, "--now", now, ...args], { encoding: "utf8", stdio: "pipe", env: TEST_CLOCK });
  return out.trim().startsWith("{") ? JSON.parse(out) : out;
}

/** A ward, and a facility holding: a stay arriving today, a day care today, a day care done and unpaid. */
function setUp() {
  // Each install sits where the window looks for it: XDG_DATA_HOME/jp.nerima.sango.
  const xdg = mkdtempSync(join(tmpdir(), "sango-figures-"));
  const wardHome = join(xdg, "ward"), facilityHome = join(xdg, "facility"), card = join(xdg, "ward.card");
  const ward = join(wardHome, "jp.nerima.sango"), facility = join(facilityHome, "jp.nerima.sango");
  cli(ward, BOOKED_AT, "init", "--ward");
  cli(ward, BOOKED_AT, "ward-card", "--out", card);
  cli(facility, BOOKED_AT, "init", "--facility", "tsumugi", "--ward-card", card, "--closed", "sun,holidays");
  // The ward imports only from a facility it registered (issue 16): the facility's card, handed over.
  const facilityCard = join(xdg, "tsumugi.card");
  cli(facility, BOOKED_AT, "card", "--out", facilityCard);
  cli(ward, BOOKED_AT, "facility", "add", "--card", facilityCard);
  // The window is signed in (issue 17): an admin at each install opens every screen.
  addStaff(ward, STAFF.admin);
  addStaff(facility, STAFF.admin);
  const f = (...args) => cli(facility, BOOKED_AT, ...args);
  const mothers = [["C-001", "練馬 花子", "short-stay,day-care"], ["C-002", "石神井 桜", "day-care"], ["C-003", "大泉 葵", "day-care"]];
  for (const [c, name, services] of mothers) {
    for (const dir of [ward, facility]) {
      cli(dir, BOOKED_AT, "approval", "add", "--card", c, "--approval-no", `A-${c}`, "--mother", name, "--services", services, "--household", "standard", "--postal", "177-0045");
    }
    f("birth", "--card", c, "--date", "2026-11-01");
  }
  f("book", "--card", "C-001", "--service", "short-stay", "--date", "2026-12-08", "--days", "2");
  f("book", "--card", "C-002", "--service", "day-care", "--date", "2026-12-08");
  const done = f("book", "--card", "C-003", "--service", "day-care", "--date", "2026-12-01").booking;
  f("check-in", "--booking", done, "--temperature", "36.5");
  f("complete", "--booking", done);
  const bundle = join(xdg, "export.bundle");
  cli(facility, TODAY, "export", "--out", bundle);
  cli(ward, TODAY, "import", bundle);
  return { xdg, wardHome, facilityHome };
}

/** Opens `binary` with XDG_DATA_HOME=`xdg`, opens `screens` in turn; returns [[label, pss()]…], idle first. */
async function session(binary, xdg, screens, ready) {
  const win = await openWindow({ xdg }, TODAY, { application: binary, ready });
  const rows = [];
  try {
    if (binary === APP) await signIn(win.browser, STAFF.admin);
    const pid = pidOf(binary);
    await sleep(IDLE);
    const marks = [];
    const mark = (label) => {
      rows.push([label, pss(pid)]);
      if (process.env.BREAKDOWN) marks.push([label, tree(pid).map((p) => [p, breakdown(p)])]);
    };
    mark("idle");
    for (const [label, open] of screens) {
      await open(win.browser);
      await sleep(SETTLE);
      mark(label);
    }
    if (process.env.TRIM) {
      // How much of the heaps is memory freed but kept by glibc: ask each process to give it back.
      for (const p of tree(pid)) {
        try { execFileSync("gdb", ["-p", String(p), "-batch", "-ex", "call (int)malloc_trim(0)"], { stdio: "ignore" }); } catch { /* no gdb, or gone */ }
      }
      await sleep(500);
      mark("after malloc_trim");
    }
    if (process.env.BREAKDOWN) printBreakdowns(binary, pid, marks);
  } finally {
    await closeWindow(win);
  }
  return rows;
}

const facilityScreens = [
  ["desk (card C-001 answered)", async (b) => {
    await b.$("#card-input").setValue("C-001");
    await b.keys("Enter");
    await textOf(b.$('[data-testid="desk-answer"]'), /練馬 花子/);
  }],
  ["calendar", async (b) => { await go(b, "calendar"); await textOf(b.$('[data-testid="month"]'), /2026年12月/); }],
  ["today", async (b) => { await go(b, "today"); await textOf(b.$('[data-group="check-ins"]'), /練馬 花子/); }],
  ["payments + receipt", async (b) => {
    await go(b, "payments");
    await press(b.$('[data-testid="unpaid"] tr[data-booking]').$("button=受領を記録"));
    await textOf(b.$('[data-testid="receipt"]'), /大泉 葵/);
  }],
  ["sync", async (b) => { await go(b, "sync"); await b.$('[data-testid="sync-status"]').waitForDisplayed(); }],
  ["settings", async (b) => { await go(b, "settings"); await textOf(b.$('[data-testid="facility-name"]'), /つむぎ/); }],
];

const wardScreens = [
  ["ward approvals + notice", async (b) => {
    await go(b, "approvals");
    const card = b.$('input[name="notice_card"]');
    await card.scrollIntoView({ block: "center" }); // below the fold of <main>: see press() in lib.mjs
    await card.setValue("C-001");
    await press(b.$('[data-testid="notice-form"] button[type="submit"]'));
    await textOf(b.$('[data-testid="notice"]'), /練馬 花子/);
  }],
  ["ward claims", async (b) => { await go(b, "claims"); await b.$("#claims-title").waitForDisplayed(); }],
  ["ward sync", async (b) => { await go(b, "sync"); await b.$('[data-testid="sync-status"]').waitForDisplayed(); }],
  ["ward settings", async (b) => { await go(b, "settings"); await b.$("#settings-title").waitForDisplayed(); }],
];

/** One run: the facility, the ward, the empty window, each on its own XDG_DATA_HOME. */
async function run() {
  const { xdg, wardHome, facilityHome } = setUp();
  try {
    const rows = (await session(APP, facilityHome, facilityScreens, '[data-testid="sign-in"]')).map(([label, v]) => [`facility ${label === "idle" ? "idle (its first screen, desk)" : label}`, v]);
    const wardRows = await session(APP, wardHome, wardScreens, '[data-testid="sign-in"]');
    rows.push(["ward idle (its first screen, usage)", wardRows[0][1]], ...wardRows.slice(1));
    if (EMPTY_APP) rows.unshift(["empty window idle", (await session(EMPTY_APP, mkdtempSync(join(xdg, "empty-")), [], "body"))[0][1]]);
    return rows;
  } finally {
    rmSync(xdg, { recursive: true, force: true });
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2); };
const mb = (kb) => (kb / 1024).toFixed(1);

const table = new Map();
for (let i = 1; i <= RUNS; i++) {
  const rows = await run();
  console.log(`screens run ${i}: ` + rows.map(([label, v]) => `${label} ${mb(v.kb)} MB/${v.n}`).join(", "));
  if (process.env.VERBOSE === "1") for (const [label, v] of rows) console.log(`  ${label}: ${v.parts.join(", ")} MB`);
  for (const [label, v] of rows) table.set(label, [...(table.get(label) ?? []), v]);
}
const empty = table.get("empty window idle");
const base = empty ? median(empty.map((v) => v.kb)) : null;
console.log(`\n| PSS under tauri-driver, median of ${RUNS} | MB | processes | vs empty window |\n|---|---:|---:|---:|`);
for (const [label, vs] of table) {
  const kb = median(vs.map((v) => v.kb));
  const ratio = base ? `${((kb / base - 1) * 100).toFixed(0)} %` : "—";
  console.log(`| ${label} | ${mb(kb)} | ${median(vs.map((v) => v.n))} | ${label.startsWith("empty") ? "" : ratio} |`);
}
