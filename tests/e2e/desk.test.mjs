// The real app binary in a real WebKitGTK window (under Xvfb), driven over WebDriver through
// tauri-driver. Each run sets up a fresh install with the `sango` CLI in a new XDG_DATA_HOME,
// then works the desk's main path in the window and checks what the Rust commands answered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { SANGO, closeWindow, freshFacility, openWindow, screenshot } from "./lib.mjs";

const NOW = "2026-12-01T09:00:00+09:00";
const install = freshFacility();
const { dataDir } = install;
install.sango(NOW, "approval", "add", "--card", "C-001", "--approval-no", "A-1", "--mother", "練馬 花子", "--services", "short-stay,day-care,home-visit", "--household", "standard", "--postal", "177-0045");
install.sango(NOW, "birth", "--card", "C-001", "--date", "2026-11-10");

let win;
let browser;

before(async () => {
  win = await openWindow(install, NOW);
  browser = win.browser;
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
