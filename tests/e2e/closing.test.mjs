// The ward's month end in the real window (issue 20): つむぎ's October export reached the ward before the
// month ended; the ward officer closes October anyway (the confirmation names the facility that has not
// exported since), and the window says 締め済み. A use つむぎ completed later arrives in a late bundle
// (imported with the CLI while the window is closed); October still shows what was closed, and November
// carries the late use as an adjustment (過誤調整), printed on つむぎ's 委託料請求書. Every figure checked
// here is what the Rust commands answered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SANGO, TEST_CLOCK, addStaff, closeWindow, go, openWindow, press, screenshot, signIn, textOf } from "./lib.mjs";

const OFFICER = { name: "豊島 係", role: "ward", pin: "246802" };
const xdg = mkdtempSync(join(tmpdir(), "sango-e2e-"));
const ward = { xdg, dataDir: join(xdg, "jp.nerima.sango") };
const facility = join(xdg, "tsumugi");
const run = (dir, now, ...args) => JSON.parse(execFileSync(SANGO, ["--data-dir", dir, "--now", now, ...args], { encoding: "utf8", stdio: "pipe", env: TEST_CLOCK }));

// The ward and つむぎ, registered; one mother known to both.
const SEP = "2026-09-20T09:00:00+09:00";
run(ward.dataDir, SEP, "init", "--ward");
run(ward.dataDir, SEP, "ward-card", "--out", join(xdg, "ward.card"));
run(facility, SEP, "init", "--facility", "tsumugi", "--ward-card", join(xdg, "ward.card"), "--closed", "sun,holidays");
run(facility, SEP, "card", "--out", join(xdg, "tsumugi.card"));
run(ward.dataDir, SEP, "facility", "add", "--card", join(xdg, "tsumugi.card"));
for (const dir of [ward.dataDir, facility]) {
  run(dir, SEP, "approval", "add", "--card", "C-100", "--approval-no", "A-100", "--mother", "練馬 花子", "--services", "day-care", "--household", "standard");
  run(dir, SEP, "birth", "--card", "C-100", "--date", "2026-09-01");
}
addStaff(ward.dataDir, OFFICER);
// Two day-care days in October (Tue 10/6, Thu 10/8); only the first is complete when つむぎ exports.
const first = run(facility, SEP, "book", "--card", "C-100", "--service", "day-care", "--date", "2026-10-06").booking;
const late = run(facility, SEP, "book", "--card", "C-100", "--service", "day-care", "--date", "2026-10-08").booking;
run(facility, "2026-10-06T16:00:00+09:00", "complete", "--booking", first);
run(facility, "2026-10-07T09:00:00+09:00", "export", "--out", join(xdg, "october.sango"));
run(ward.dataDir, "2026-10-07T10:00:00+09:00", "import", join(xdg, "october.sango"));

let win;
let browser;

before(async () => {
  win = await openWindow(ward, "2026-11-05T09:00:00+09:00");
  browser = win.browser;
  await signIn(browser, OFFICER);
});

after(async () => {
  await closeWindow(win);
});

test("closing October asks with its totals, names the facility that has not exported, and closes anyway", async () => {
  await go(browser, "claims");
  await textOf(browser.$('[data-testid="month"]'), /2026年10月/);
  await textOf(browser.$('[data-testid="claims-payable"]'), /¥17,500/);
  await press(browser.$('[data-testid="close-month"]'));
  const confirm = browser.$('[data-testid="close-confirm"]');
  await textOf(confirm, /明細 1件/);
  await textOf(browser.$('[data-testid="close-missing"]'), /つむぎ/);
  assert.equal(await browser.$('[data-testid="close-confirm-button"]').isEnabled(), false, "not without saying so");
  await press(browser.$('input[name="close_anyway"]'));
  await screenshot(browser, "closing-confirm.png");
  await press(browser.$('[data-testid="close-confirm-button"]'));
  await textOf(browser.$('[data-testid="claims-closed"]'), /締め済み/);
  await textOf(browser.$('[data-testid="claims-closed-by"]'), /豊島 係 が締めました/);
  await textOf(browser.$("main"), /連携ファイルが届いていない施設があるまま締めました: tsumugi/);
});

test("a late bundle leaves October as closed and November carries the late use as an adjustment", async () => {
  await closeWindow(win, ward);
  run(facility, "2026-11-06T09:00:00+09:00", "complete", "--booking", late);
  run(facility, "2026-11-06T10:00:00+09:00", "export", "--out", join(xdg, "late.sango"));
  run(ward.dataDir, "2026-11-06T11:00:00+09:00", "import", join(xdg, "late.sango"));
  win = await openWindow(ward, "2026-11-10T09:00:00+09:00");
  browser = win.browser;
  await signIn(browser, OFFICER);
  await go(browser, "claims");
  // October: as closed, one line.
  await textOf(browser.$('[data-testid="claims-closed"]'), /締め済み/);
  await textOf(browser.$('[data-testid="claims-payable"]'), /¥17,500/);
  await press(browser.$('button[aria-label="次の月"]'));
  await textOf(browser.$('[data-testid="month"]'), /2026年11月/);
  const row = browser.$(`[data-adjustment="${late}"]`);
  await textOf(row, /2026年10月\s*締め後の追加\s*¥17,500/);
  await textOf(browser.$('[data-testid="claims-payable"]'), /¥17,500/);
  await screenshot(browser, "closing-adjustment.png");
  // つむぎ's 委託料請求書 for November: the adjustment, in 和暦, on A4.
  await press(browser.$('button[data-invoice="tsumugi"]'));
  const invoice = browser.$('[data-testid="invoice"]');
  await textOf(browser.$('[data-testid="invoice-month"]'), /令和8年11月分/);
  await textOf(browser.$('[data-testid="invoice-adjustments"]'), /令和8年10月分[\s\S]*締め後の追加[\s\S]*¥17,500/);
  await textOf(invoice, /つむぎ/);
  await screenshot(browser, "closing-invoice.png");
  await browser.$('[data-testid="invoice-adjustments"]').scrollIntoView({ block: "center" });
  await screenshot(browser, "closing-invoice-adjustments.png");
});
