// The real app binary in a real WebKitGTK window (under Xvfb), driven over WebDriver through
// tauri-driver. Each run sets up a fresh install with the `sango` CLI in a new XDG_DATA_HOME,
// then works the desk's main path in the window and checks what the Rust commands answered.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { remote } from "webdriverio";

const APP = process.env.APP;
const SANGO = process.env.SANGO;
assert.ok(APP && SANGO, "APP and SANGO must name the built binaries");

const xdg = mkdtempSync(join(tmpdir(), "sango-e2e-"));
const dataDir = join(xdg, "jp.nerima.sango");
const NOW = "2026-12-01T09:00:00+09:00";
const sango = (...args) => JSON.parse(execFileSync(SANGO, ["--data-dir", dataDir, "--now", NOW, ...args], { encoding: "utf8" }));

let driver;
let browser;

before(async () => {
  const ward = join(xdg, "ward");
  execFileSync(SANGO, ["--data-dir", ward, "init", "--ward"]);
  execFileSync(SANGO, ["--data-dir", ward, "ward-card", "--out", join(xdg, "ward.card")]);
  sango("init", "--facility", "tsumugi", "--ward-card", join(xdg, "ward.card"), "--closed", "sun,holidays");
  sango("approval", "add", "--card", "C-001", "--approval-no", "A-1", "--mother", "練馬 花子", "--services", "short-stay,day-care,home-visit", "--household", "standard", "--postal", "177-0045");
  sango("birth", "--card", "C-001", "--date", "2026-11-10");

  const env = { ...process.env, XDG_DATA_HOME: xdg, SANGO_NOW: NOW };
  driver = spawn("tauri-driver", ["--port", "4444", "--native-port", "4445"], { env, stdio: ["ignore", "inherit", "inherit"] });
  await new Promise((r) => setTimeout(r, 1500));
  browser = await remote({
    hostname: "127.0.0.1",
    port: 4444,
    logLevel: "error",
    capabilities: { "tauri:options": { application: APP }, "wdio:enforceWebDriverClassic": true },
  });
});

after(async () => {
  try {
    if (browser) {
      mkdirSync("screenshots", { recursive: true });
      writeFileSync("screenshots/desk.png", Buffer.from(await browser.takeScreenshot(), "base64"));
      await browser.deleteSession();
    }
  } finally {
    driver?.kill();
  }
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
  mkdirSync("screenshots", { recursive: true });
  writeFileSync("screenshots/desk-answer.png", Buffer.from(await browser.takeScreenshot(), "base64"));
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
