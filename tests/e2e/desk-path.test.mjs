// The desk's main path in the real window, signed in as the clerk (reception): an approval typed from the paper notice, the birth, a stay booked
// from the calendar with its fee and deadline, then (the window restarted after the deadline) a late cancel
// that the quota counts as used. Every figure checked here is what the Rust commands answered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { STAFF, closeWindow, dialog, press, fill, freshFacility, go, openWindow, screenshot, signIn, textOf } from "./lib.mjs";

const BOOKING_DAY = "2026-12-07"; // a Monday: つむぎ is closed on Sunday the 6th, so the deadline is Sat 5th 10:00
const BEFORE_DEADLINE = "2026-12-01T09:00:00+09:00";
const AFTER_DEADLINE = "2026-12-05T11:00:00+09:00";

const install = freshFacility();
let win;
let browser;
let bookingId;

before(async () => {
  win = await openWindow(install, BEFORE_DEADLINE);
  browser = win.browser;
  await signIn(browser, STAFF.clerk);
});

after(async () => {
  await closeWindow(win);
});

/** Waits for a quota row of the desk to read [used, booked, remaining]. */
async function quotaIs(row, expected) {
  let seen = [];
  const cells = async () => (seen = (await row.$$("td").map((td) => td.getText())).slice(3, 6));
  await row.waitUntil(async () => (await cells()).join() === expected.join(), { timeout: 10000, interval: 50 })
    .catch(() => assert.deepEqual(seen, expected, "used, booked, remaining"));
}

test("the approval form says what is missing next to the field, and saves nothing", async () => {
  await press(browser.$("button=新しい承認を登録"));
  const form = browser.$("form.approval");
  await form.waitForDisplayed();
  await press(form.$("button=承認を登録"));
  await textOf(form, /入力してください/);
  assert.equal(await form.$('input[name="card"]').getAttribute("aria-invalid"), "true");
  await textOf(form, /サービスを1つ以上選んでください/);
  assert.equal(await browser.$('[data-testid="desk-answer"]').isExisting(), false);
});

test("a new approval typed from the notice is recorded and answered at the desk as provisional", async () => {
  const form = browser.$("form.approval");
  await form.$('input[name="card"]').setValue("C-101");
  await form.$('input[name="approval_no"]').setValue("A-101");
  await form.$('input[name="mother"]').setValue("練馬 花子");
  await form.$('input[name="postal"]').setValue("177-0045");
  for (const service of ["short-stay", "day-care", "home-visit"]) {
    await press(form.$(`input[name="services"][value="${service}"]`));
  }
  await press(form.$('input[name="household"][value="standard"]'));
  await press(form.$("button=承認を登録"));

  await textOf(browser.$("main"), /承認を登録しました\(カード C-101\)/);
  const answer = browser.$('[data-testid="desk-answer"]');
  const text = await textOf(answer, /練馬 花子/);
  assert.match(text, /A-101/);
  assert.match(text, /仮承認/);
  // Stored and shown as the backend normalised it (no hyphen).
  assert.match(text, /〒177-0045/);
  assert.match(text, /出生の記録がありません/);
  // No birth yet: nothing can be booked.
  assert.equal(await answer.$("button=予約する").isExisting(), false);
});

test("the birth recorded through the window gives the baby's age today and opens booking", async () => {
  const answer = browser.$('[data-testid="desk-answer"]');
  await press(answer.$("button=出生を登録"));
  const box = await dialog(browser);
  await fill(browser, 'dialog[open] input[name="birth_date"]', "2026-11-10");
  await press(box.$("button=登録する"));

  // 2026-11-10 → 2026-12-01 is 21 days: 0 months, 3 weeks.
  await textOf(answer.$('[data-testid="age"]'), /^0か月\(3週\)$/);
  await textOf(answer, /出生日: 2026年11月10日\(火\)/);
  const stay = answer.$('tr[data-service="short-stay"]');
  const cells = await stay.$$("td").map((td) => td.getText());
  // service, approved, limit, used, booked, remaining, fee
  assert.deepEqual(cells.slice(1, 7), ["○", "7", "0", "0", "7", "¥7,000 / 1泊2日"]);
  await browser.execute(() => document.querySelector("main").scrollTo(0, 0));
  await screenshot(browser, "desk-answer.png");
});

test("予約: a stay picked on the calendar shows its fee and free-cancel deadline before it is confirmed", async () => {
  await press(browser.$('[data-testid="desk-answer"] tr[data-service="short-stay"]').$("button=予約する"));
  await textOf(browser.$("#cal-title"), /予約/);
  await textOf(browser.$('[data-testid="month"]'), /2026年12月/);
  await textOf(browser.$(".cardrow"), /練馬 花子/);
  assert.equal(await browser.$('button[role="tab"][aria-selected="true"]').getText(), "ショートステイ(宿泊)");

  // Sunday is closed (from the facility's own calendar, answered by calendar_month).
  const sunday = browser.$('button[data-date="2026-12-06"]');
  assert.equal(await sunday.isEnabled(), false);
  assert.match(await sunday.getText(), /休業/);

  const day = browser.$(`button[data-date="${BOOKING_DAY}"]`);
  const [, free, capacity] = /空き (\d+)\/(\d+)/.exec(await day.getText()).map(Number);
  assert.ok(free > 0, "the day has a free bed");
  await press(day);

  const form = browser.$('[data-testid="booking-form"]');
  await textOf(form, /2026年12月7日\(月\) からの予約/);
  assert.equal(await form.$('input[name="days"]').getValue(), "2");
  const quote = form.$('[data-testid="quote"]');
  const text = await textOf(quote, /利用者負担額/);
  assert.match(text, /利用者負担額\s*¥7,000/);
  assert.match(text, /区支出金額\s*¥59,000/);
  assert.match(text, /事業経費\s*¥66,000/);
  assert.match(text, /最終日\s*2026年12月8日\(火\)/);
  // The day before is a Sunday (closed): the deadline moves back to Saturday 10:00.
  assert.equal(await quote.$('[data-testid="cancel-by"]').getText(), "2026年12月5日(土) 10:00");
  await textOf(form, /予約できます/);
  await textOf(form.$('[data-testid="warnings"]'), /仮登録/);
  await screenshot(browser, "calendar-quote.png");

  await press(form.$('[data-testid="confirm-booking"]'));
  const flash = await textOf(browser.$("section"), /予約しました\(予約番号 [^)]+\)/);
  bookingId = /予約番号 ([^)]+)\)/.exec(flash)[1];
  await textOf(browser.$(`button[data-date="${BOOKING_DAY}"]`), new RegExp(`空き ${free - 1}/${capacity}`));
  const row = browser.$(`[data-testid="bookings"] tr[data-booking="${bookingId}"]`);
  const booked = await textOf(row, /予約/);
  assert.match(booked, /2026年12月7日\(月\) – 2026年12月8日\(火\)/);
  assert.match(booked, /¥7,000/);
});

test("after the deadline, the desk's cancel says it is late and what is charged, and the quota counts it as used", async () => {
  assert.ok(bookingId, "the booking step ran");
  await closeWindow(win, install);
  win = await openWindow(install, AFTER_DEADLINE);
  browser = win.browser;
  // A new start is a new session: the window opens on the sign-in screen.
  await signIn(browser, STAFF.clerk);
  await textOf(browser.$("footer"), /本日 2026年12月5日\(土\)/);

  await browser.$("#card-input").setValue("C-101");
  await browser.keys("Enter");
  const answer = browser.$('[data-testid="desk-answer"]');
  await textOf(answer, /練馬 花子/);
  const stay = answer.$('tr[data-service="short-stay"]');
  await quotaIs(stay, ["0", "2", "5"]);

  await press(answer.$(`tr[data-booking="${bookingId}"]`).$("button=取消"));
  const box = await dialog(browser);
  const preview = await textOf(box.$('[data-testid="cancel-preview"]'), /期限/);
  assert.equal(preview, "期限を過ぎています。利用者負担額 ¥7,000 を請求します(期限 2026年12月5日(土) 10:00)。利用日数にも数えます。");
  await screenshot(browser, "cancel-late.png");
  await press(box.$("button=取り消す"));

  await textOf(answer, /取り消しました。利用者負担額 ¥7,000 を請求します。/);
  await textOf(answer.$(`tr[data-booking="${bookingId}"]`), /直前取消・無連絡/);
  assert.equal(await answer.$(`tr[data-booking="${bookingId}"]`).$("button=取消").isExisting(), false);
  // used 2 (deemed used), booked 0, remaining 5.
  await quotaIs(stay, ["2", "0", "5"]);
});

test("精算 takes the late cancel's user share, and its receipt says the use is deemed to have happened", async () => {
  await go(browser, "payments");
  const unpaid = browser.$(`[data-testid="unpaid"] tr[data-booking="${bookingId}"]`);
  const line = await textOf(unpaid, /練馬 花子/);
  assert.match(line, /直前取消・無連絡/);
  assert.match(line, /¥7,000/);
  await press(unpaid.$("button=受領を記録"));
  const receipt = browser.$('[data-testid="receipt"]');
  const text = await textOf(receipt, /直前取消・無連絡のため利用したものとみなします/);
  assert.equal(await receipt.$('[data-testid="receipt-amount"]').getText(), "¥7,000-");
  assert.match(text, /発行日 令和8年12月5日\(2026年12月5日\(土\)\)/);
  assert.match(text, /利用期間\s*令和8年12月7日 〜 令和8年12月8日/);
});

test("the store the window wrote is the one the CLI reads: the late cancel is 2 days used", async () => {
  await closeWindow(win, install);
  win = null;
  const quota = install.sango(AFTER_DEADLINE, "quota", "--card", "C-101")["short-stay"];
  assert.deepEqual([quota.used, quota.booked, quota.remaining], [2, 0, 5]);
});
