// The real app binary in a real WebKitGTK window (under Xvfb), driven over WebDriver through
// tauri-driver. Each run sets up a fresh install with the `sango` CLI in a new XDG_DATA_HOME,
// then the clerk signs in and works the desk's main path in the window and checks what the Rust commands answered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { SANGO, STAFF, TEST_CLOCK, closeWindow, freshFacility, openWindow, screenshot, signIn } from "./lib.mjs";

const NOW = "2026-12-01T09:00:00+09:00";
const install = freshFacility();
const { dataDir } = install;
install.sango(NOW, "approval", "add", "--card", "C-001", "--approval-no", "A-1", "--mother", "練馬 花子", "--services", "short-stay,day-care,home-visit", "--household", "standard", "--postal", "177-0045");
install.sango(NOW, "birth", "--card", "C-001", "--date", "2026-11-10");
install.sango(NOW, "approval", "add", "--card", "C-101", "--approval-no", "A-101", "--mother", "石神井 さくら", "--services", "day-care", "--household", "standard", "--postal", "177-0045");
// A notice the ward printed for another mother, whose code a reader types with the IME on.
const ward = (...args) => JSON.parse(execFileSync(SANGO, ["--data-dir", join(install.xdg, "ward"), "--now", NOW, ...args], { encoding: "utf8", env: TEST_CLOCK }));
ward("approval", "add", "--card", "C-102", "--approval-no", "A-102", "--mother", "大泉 ゆり", "--services", "home-visit", "--household", "standard", "--postal", "178-0061");
const noticeCode = ward("approval", "notice", "--card", "C-102").payload;
const fullWidth = (text) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x21 + 0xff01));

let win;
let browser;

before(async () => {
  win = await openWindow(install, NOW);
  browser = win.browser;
  await signIn(browser, STAFF.clerk);
});

after(async () => {
  if (browser) await screenshot(browser, "desk.png").catch(() => {});
  await closeWindow(win);
});

test("the window is titled 産後ケア台帳 and shows this facility from Rust", async () => {
  assert.equal(await browser.getTitle(), "産後ケア台帳");
  const status = await browser.$("footer");
  await status.waitForDisplayed({ timeout: 10000 });
  assert.match(await status.getText(), /つむぎ助産所/);
});

test("a card number in: the mother, her baby's age and her quota", async () => {
  const field = await browser.$("input");
  await field.waitForDisplayed({ timeout: 10000 });
  await field.setValue("C-001");
  await browser.keys("Enter");
  const main = await browser.$("main");
  await browser.waitUntil(async () => (await main.getText()).includes("練馬 花子"), { timeout: 10000 });
  const text = await main.getText();
  await screenshot(browser, "desk-lookup.png");
  assert.match(text, /練馬 花子/);
  assert.match(text, /A-1/);
});

test("an unknown card is answered in words a clerk understands", async () => {
  const field = await browser.$("input");
  await field.setValue("NOPE-9");
  await browser.keys("Enter");
  const main = await browser.$("main");
  await browser.waitUntil(async () => (await main.getText()).includes("NOPE-9"), { timeout: 10000 });
  assert.match(await main.getText(), /承認が登録されていません/);
});

test("a card typed full-width with the IME on (Ｃ－１０１) gets the mother's answer", async () => {
  const field = await browser.$("#card-input");
  await field.setValue("Ｃ－１０１");
  await browser.keys("Enter");
  const main = await browser.$("main");
  await browser.waitUntil(async () => (await main.getText()).includes("石神井 さくら"), { timeout: 10000 });
  assert.match(await main.getText(), /A-101/);
  assert.equal(await field.getValue(), "C-101", "the field shows the card as the ward prints it");
  await screenshot(browser, "desk-full-width-card.png");
});

test("a notice's code typed full-width by a reader is scanned, not looked up as a card", async () => {
  assert.match(noticeCode, /^91[0-9]+$/);
  const field = await browser.$("#card-input");
  await field.setValue(fullWidth(noticeCode));
  await browser.keys("Enter");
  const main = await browser.$("main");
  await browser.waitUntil(async () => (await main.getText()).includes("区の承認通知書を確認しました"), { timeout: 10000 });
  assert.match(await main.getText(), /C-102/);
  assert.equal(await field.getValue(), "C-102");
  await screenshot(browser, "desk-full-width-code.png");
});

test("while the window has the store, a second process is told it is in use", () => {
  let err;
  try {
    execFileSync(SANGO, ["--data-dir", dataDir, "quota", "--card", "C-001"], { encoding: "utf8", stdio: "pipe" });
  } catch (e) {
    err = e;
  }
  assert.ok(err, "the CLI must be refused while the window holds the store");
  assert.equal(err.status, 1);
  assert.equal(JSON.parse(err.stderr).error.code, "store_in_use");
});
