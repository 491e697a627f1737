// A refused booking in the real window: the rules' Japanese sentence reaches the clerk before
// anything is written, through the same typed request the CLI's `book` uses (the CLI is refused
// the same way, with the same code).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { STAFF, closeWindow, fill, freshFacility, openWindow, press, screenshot, signIn, textOf } from "./lib.mjs";

const NOW = "2026-12-01T09:00:00+09:00";
const install = freshFacility();
install.sango(NOW, "approval", "add", "--card", "C-001", "--approval-no", "A-1", "--mother", "練馬 花子", "--services", "short-stay,day-care,home-visit", "--household", "standard", "--postal", "177-0045");
install.sango(NOW, "birth", "--card", "C-001", "--date", "2026-11-10");

let win;
let browser;

before(async () => {
  win = await openWindow(install, NOW);
  browser = win.browser;
  await signIn(browser, STAFF.clerk);
});

after(async () => {
  await closeWindow(win);
});

test("a one-day stay is refused in Japanese words before anything is written", async () => {
  const field = await browser.$("input");
  await field.waitForDisplayed({ timeout: 10000 });
  await field.setValue("C-001");
  await browser.keys("Enter");
  await press(browser.$('[data-testid="desk-answer"] tr[data-service="short-stay"]').$("button=予約する"));
  await press(browser.$('button[data-date="2026-12-07"]'));
  const form = browser.$('[data-testid="booking-form"]');
  await textOf(form, /2026年12月7日\(月\) からの予約/);
  await fill(browser, '[data-testid="booking-form"] input[name="days"]', "1");
  const refusal = await textOf(form.$('[data-testid="violations"]'), /1泊2日/);
  await screenshot(browser, "refusal-too-short.png");
  assert.ok(await form.$('[data-testid="violations"] li[data-code="too_short"]').isExisting(), refusal);
  assert.doesNotMatch(refusal, /[A-Za-z]{3,}/, "no English in the clerk's message");
  assert.equal(await form.$('[data-testid="confirm-booking"]').isEnabled(), false, "a refused booking cannot be confirmed");
  assert.doesNotMatch(await form.$('[data-testid="quote"]').getText(), /¥/, "no price beside a refusal");
  assert.equal(await form.$('input[name="days"]').getAttribute("aria-invalid"), "true", "1 is below the program's shortest stay");
});
