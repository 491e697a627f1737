// A stay from check-in to receipt in the real window: two mothers booked with the CLI before the window
// starts; on the first day the midwife signs in, screens both at check-in (one has an acute infection and is
// turned away, not charged), logs the care of the other and locks the window; the clerk signs in and has the
// day's list but no care log (not offered, and refused by the core); the midwife signs in again and completes
// the stay, and the clerk takes her user share and prints the receipt in yen with 和暦 dates. Every figure
// checked here is what the Rust commands answered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { STAFF, closeWindow, dialog, fill, freshFacility, go, invoke, lock, openWindow, press, screenshot, signIn, textOf } from "./lib.mjs";

const BOOKED_AT = "2026-12-01T09:00:00+09:00";
const FIRST_DAY = "2026-12-08T09:00:00+09:00"; // a Tuesday: つむぎ offers day care on Tue/Thu/Fri

const install = freshFacility();
const sango = (...args) => install.sango(BOOKED_AT, ...args);
sango("approval", "add", "--card", "C-001", "--approval-no", "A-1", "--mother", "練馬 花子", "--services", "short-stay,day-care", "--household", "standard", "--postal", "177-0045");
sango("birth", "--card", "C-001", "--date", "2026-11-10");
const stay = sango("book", "--card", "C-001", "--service", "short-stay", "--date", "2026-12-08", "--days", "2").booking;
sango("approval", "add", "--card", "C-002", "--approval-no", "A-2", "--mother", "石神井 桜", "--services", "day-care", "--household", "standard");
sango("birth", "--card", "C-002", "--date", "2026-11-01");
const dayCare = sango("book", "--card", "C-002", "--service", "day-care", "--date", "2026-12-08").booking;

let win;
let browser;

before(async () => {
  win = await openWindow(install, FIRST_DAY);
  browser = win.browser;
  await signIn(browser, STAFF.midwife);
});

after(async () => {
  await closeWindow(win);
});

const row = (id) => browser.$(`main li[data-booking="${id}"]`);

test("今日の利用 lists the day's arrivals with the pinned date", async () => {
  await go(browser, "today");
  await textOf(browser.$("#today-title"), /今日の利用 2026年12月8日\(火\)/);
  const arrivals = browser.$('[data-group="check-ins"]');
  const text = await textOf(arrivals, /練馬 花子/);
  assert.match(text, /C-001 · ショートステイ\(宿泊\) · 12\/8\(火\)–12\/9\(水\)/);
  assert.match(await textOf(browser.$('[data-group="day-care"]'), /石神井 桜/), /C-002 · デイケア\(日帰り\)/);
  assert.match(await row(stay).getText(), /予約/);
});

test("screening at check-in with an acute infection turns the day away, uncharged", async () => {
  await press(row(dayCare).$("button=受付(体調確認)"));
  const box = await dialog(browser);
  await textOf(box, /受付時の体調確認 — 石神井 桜 さん/);
  await box.$('input[name="temperature"]').setValue("38.4");
  await press(box.$('input[name="acute_infection"]'));
  await press(box.$("button=受付する"));
  await textOf(browser.$("main"), /本日の利用はできません\(料金はかかりません\)/);
  // She stays on the midwife's list for the day, marked as turned away, with nothing left to do.
  await textOf(row(dayCare), /当日受け入れ不可/);
  assert.equal(await row(dayCare).$("button=受付(体調確認)").isExisting(), false);
});

test("screening at check-in without infection lets the stay begin", async () => {
  await press(row(stay).$("button=受付(体調確認)"));
  const box = await dialog(browser);
  await textOf(box, /受付時の体調確認 — 練馬 花子 さん/);
  await box.$('input[name="temperature"]').setValue("36.6");
  assert.equal(await box.$('input[name="acute_infection"]').isSelected(), false);
  await press(box.$("button=受付する"));
  await textOf(browser.$("main"), /受付しました/);
  await textOf(row(stay), /利用中/);
  await row(stay).$("button=ケア記録").waitForDisplayed();
  await screenshot(browser, "today.png");
});

test("the day's record is saved in a few taps", async () => {
  await press(row(stay).$("button=ケア記録"));
  const box = await dialog(browser);
  await textOf(box, /ケア記録 — 練馬 花子 さん 2026年12月8日\(火\)/);
  for (const toggle of ["breast-care", "feeding", "baby-check", "bathing"]) {
    const button = box.$(`button[data-toggle="${toggle}"]`);
    await press(button);
    assert.equal(await button.getAttribute("aria-pressed"), "true");
  }
  await box.$('input[name="meals_served"]').setValue("3");
  await box.$('input[name="weight"]').setValue("3250");
  await box.$('textarea[name="notes"]').setValue("授乳は順調");
  await press(box.$("button=記録を保存"));
  await textOf(browser.$("main"), /ケア記録を保存しました/);
  // The record stays open for screening and a 連絡票; closing it returns to the day's list.
  await press(box.$('button[aria-label="閉じる"]'));
  await browser.waitUntil(async () => !(await browser.$("dialog[open]").isExisting()), { timeout: 10000, timeoutMsg: "the record did not close" });
});

test("the midwife locks; the clerk signs in and has the day's list without the care log, which the core refuses her too", async () => {
  await lock(browser);
  await signIn(browser, STAFF.clerk);
  const me = await invoke(browser, "session");
  assert.equal(me.ok?.name, STAFF.clerk.name);
  assert.equal(me.ok.role, "reception");
  assert.ok(!me.ok.allowed.includes("care_log") && me.ok.allowed.includes("today"), String(me.ok.allowed));
  await go(browser, "today");
  await textOf(row(stay), /利用中/);
  assert.equal(await row(stay).$('button[data-action="care-log"]').isExisting(), false, "no care log button for reception");
  assert.equal(await row(stay).$("button=ケア記録").isExisting(), false);
  assert.equal(await row(stay).$('button[data-action="complete"]').isExisting(), false);
  assert.doesNotMatch(await row(stay).getText(), /授乳は順調/, "the midwife's note is not on the clerk's list");
  // And were the button there: the command itself is refused for her role.
  const entry = {
    booking: stay, date: "2026-12-08", care: ["breast-care"], baby_weight_g: null, meals_served: 0, notes: "", mother: {}, baby: {},
  };
  const refused = await invoke(browser, "care_log", { input: entry });
  assert.equal(refused.refused?.code, "not_permitted", JSON.stringify(refused));
  await screenshot(browser, "today-reception.png");
  await lock(browser);
  // Locked: nothing answers until someone signs in.
  assert.equal((await invoke(browser, "today", { date: null })).refused?.code, "not_signed_in");
  await signIn(browser, STAFF.midwife);
  await go(browser, "today");
});

test("completing the stay marks it used", async () => {
  await press(row(stay).$("button=利用終了"));
  const box = await dialog(browser);
  await textOf(box, /利用の終了 — 練馬 花子 さん/);
  assert.equal(await box.$('input[name="days"]').getValue(), "2");
  await press(box.$("button=終了する"));
  await textOf(browser.$("main"), /利用を終了しました/);
  // A completed stay leaves the day's lists or shows as 利用済, with nothing more to do.
  await browser.waitUntil(async () => !(await row(stay).isExisting()) || /利用済/.test(await row(stay).getText()), {
    timeout: 10000,
    timeoutMsg: "the completed stay still shows as in progress",
  });
});

test("精算: the user share is taken and the receipt shows yen and 和暦 dates", async () => {
  // The desk's work: the midwife hands over to the clerk.
  await lock(browser);
  await signIn(browser, STAFF.clerk);
  await go(browser, "payments");
  const unpaid = browser.$(`[data-testid="unpaid"] tr[data-booking="${stay}"]`);
  const line = await textOf(unpaid, /練馬 花子/);
  assert.match(line, /2026年12月8日\(火\) – 2026年12月9日\(水\)/);
  assert.match(line, /利用済/);
  assert.match(line, /¥7,000/);
  // The day turned away at screening is not charged.
  assert.equal(await browser.$(`[data-testid="unpaid"] tr[data-booking="${dayCare}"]`).isExisting(), false);

  await press(unpaid.$("button=受領を記録"));
  const receipt = browser.$('[data-testid="receipt"]');
  const text = await textOf(receipt, /領/);
  const number = /領収書番号 ([^)]+)\)/.exec(await textOf(browser.$("main"), /受領を記録しました\(領収書番号 [^)]+\)/))[1];
  assert.match(text, new RegExp(`No\\. ${number}`));
  assert.equal(await receipt.$('[data-testid="receipt-amount"]').getText(), "¥7,000-");
  assert.match(text, /練馬 花子 様/);
  assert.match(text, /発行日 令和8年12月8日\(2026年12月8日\(火\)\)/);
  assert.match(text, /利用期間\s*令和8年12月8日 〜 令和8年12月9日/);
  assert.match(text, /2026年12月8日\(火\) 〜 2026年12月9日\(水\)/);
  assert.match(text, /利用数\s*2 日/);
  assert.match(text, /事業経費\s*¥66,000/);
  assert.match(text, /区支出金額\s*¥59,000/);
  assert.match(text, /利用者負担額\s*¥7,000/);
  assert.match(text, /但し 産後ケア事業 ショートステイ\(宿泊\) 利用者負担額として/);
  assert.match(text, /つむぎ助産所/);
  assert.match(text, /TEL /);
  await screenshot(browser, "receipt.png");

  await press(browser.$("button=一覧に戻る"));
  await textOf(browser.$("main"), /未精算はありません/);
});
