// Shared set-up for the end-to-end files: a fresh install made with the `sango` CLI, and the real window
// (the app binary in WebKitGTK under Xvfb) driven over WebDriver through tauri-driver.
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { remote } from "webdriverio";

export const APP = process.env.APP;
export const SANGO = process.env.SANGO;
/** `--now` and `SANGO_NOW` are honoured only with SANGO_TEST_CLOCK=1: every pinned clock here sets it. */
export const TEST_CLOCK = { ...process.env, SANGO_TEST_CLOCK: "1" };
assert.ok(APP && SANGO, "APP and SANGO must name the built binaries");

// SANGO_E2E_PORT lets two checkouts run their windows at once (each tauri-driver needs two ports).
const PORT = Number(process.env.SANGO_E2E_PORT ?? 4444);
const NATIVE_PORT = PORT + 1;
const WAIT = 10000;
const SIGN_IN = '[data-testid="sign-in"]';

/**
 * The staff every install here gets before its window opens (issue 17: the window is signed in or shows
 * only the sign-in screen). Each signs in with its own PIN and acts with its role's rights.
 */
export const STAFF = {
  admin: { name: "管理 花子", role: "admin", pin: "246810" },
  clerk: { name: "受付 一郎", role: "reception", pin: "135790" },
  midwife: { name: "助産 桜", role: "midwife", pin: "864200" },
};

/** Adds a staff account with the CLI (`staff add`, the PIN from $SANGO_STAFF_PIN: never on a command line). */
export function addStaff(dataDir, { name, role, pin }) {
  execFileSync(SANGO, ["--data-dir", dataDir, "staff", "add", "--name", name, "--role", role], { stdio: "pipe", env: { ...process.env, SANGO_STAFF_PIN: pin } });
}

/** A new facility install (つむぎ助産所, closed on Sundays and holidays) in its own XDG_DATA_HOME, with STAFF. */
export function freshFacility() {
  const xdg = mkdtempSync(join(tmpdir(), "sango-e2e-"));
  const dataDir = join(xdg, "jp.nerima.sango");
  const ward = join(xdg, "ward");
  execFileSync(SANGO, ["--data-dir", ward, "init", "--ward"]);
  execFileSync(SANGO, ["--data-dir", ward, "ward-card", "--out", join(xdg, "ward.card")]);
  const install = {
    xdg,
    dataDir,
    /** Runs the CLI on this install with its clock at `now`; returns its JSON answer. */
    sango(now, ...args) {
      return JSON.parse(execFileSync(SANGO, ["--data-dir", dataDir, "--now", now, ...args], { encoding: "utf8", stdio: "pipe", env: TEST_CLOCK }));
    },
  };
  install.sango("2026-11-01T09:00:00+09:00", "init", "--facility", "tsumugi", "--ward-card", join(xdg, "ward.card"), "--closed", "sun,holidays");
  for (const person of Object.values(STAFF)) addStaff(dataDir, person);
  return install;
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => { socket.end(); resolve(true); });
    socket.once("error", () => resolve(false));
  });
}

async function until(check, what, timeout = WAIT) {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The window on `install` with its clock pinned at `now` (SANGO_NOW), ready once its sign-in screen shows
 * (then `signIn`). tauri-driver runs in its own process group, so closing kills it, WebKitWebDriver and the
 * app together even when a test failed midway. `application` and `ready` let figures.mjs start the empty
 * window (no sign-in screen) the same way.
 */
export async function openWindow(install, now, { application = APP, ready = SIGN_IN } = {}) {
  assert.equal(await portOpen(PORT), false, "another tauri-driver holds the port");
  const env = { ...TEST_CLOCK, XDG_DATA_HOME: install.xdg, SANGO_NOW: now };
  const driver = spawn("tauri-driver", ["--port", String(PORT), "--native-port", String(NATIVE_PORT)], {
    env,
    detached: true,
    stdio: ["ignore", "inherit", "inherit"],
  });
  const win = { driver, browser: null };
  try {
    await until(() => portOpen(PORT), "tauri-driver");
    win.browser = await remote({
      hostname: "127.0.0.1",
      port: PORT,
      logLevel: "error",
      capabilities: { "tauri:options": { application }, "wdio:enforceWebDriverClassic": true },
    });
    await win.browser.$(ready).waitForDisplayed({ timeout: WAIT });
  } catch (error) {
    await closeWindow(win);
    throw error;
  }
  return win;
}

/** Ends the session and the whole process group; returns once the store is free for the CLI again. */
export async function closeWindow(win, install = null) {
  if (!win) return;
  try {
    await win.browser?.deleteSession();
  } catch {
    // The group kill below ends the app anyway.
  }
  try {
    process.kill(-win.driver.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
  // WebKitWebDriver can outlive tauri-driver by a moment; the next window needs its port too.
  await until(async () => !(await portOpen(PORT)) && !(await portOpen(NATIVE_PORT)), "tauri-driver to stop");
  if (install) await until(() => storeFree(install), "the window to release the store");
}

function storeFree(install) {
  try {
    execFileSync(SANGO, ["--data-dir", install.dataDir, "verify"], { stdio: "pipe" });
    return true;
  } catch (error) {
    return !String(error.stderr).includes("store_in_use");
  }
}

export async function screenshot(browser, name) {
  mkdirSync("screenshots", { recursive: true });
  // Without accelerated compositing (src-tauri/src/webview.rs) WebKit's driver takes the screenshot at
  // the next paint, and a page at rest never paints: keep one invisible pixel changing for a second.
  await browser.execute(() => {
    const dot = document.createElement("div");
    dot.style.cssText = "position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none";
    document.body.append(dot);
    let n = 0;
    const tick = setInterval(() => {
      dot.style.background = n % 2 ? "transparent" : "rgb(0 0 0 / 0.01)";
      if (++n > 20) { clearInterval(tick); dot.remove(); }
    }, 50);
  });
  const png = await browser.takeScreenshot();
  writeFileSync(join("screenshots", name), Buffer.from(png, "base64"));
}

/** Waits until the element's visible text matches, then returns that text (the failure names what it saw). */
export async function textOf(element, pattern, timeout = WAIT) {
  let seen = "";
  try {
    await element.waitUntil(async () => pattern.test((seen = await element.getText())), { timeout, interval: 50 });
  } catch {
    assert.fail(`expected ${pattern} in:\n${seen}`);
  }
  return seen;
}

/** Sets an input the way typing does, for inputs WebKit's driver cannot type into (type=date). */
export async function fill(browser, selector, value) {
  const done = await browser.execute((sel, val) => {
    const input = document.querySelector(sel);
    if (!input) return false;
    input.value = val;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }, selector, value);
  assert.ok(done, `no input ${selector}`);
}

/** Opens a screen from the sidebar (its buttons carry data-screen). */
export async function go(browser, screen) {
  await browser.$(`nav button[data-screen="${screen}"]`).click();
  await browser.$(`nav button[data-screen="${screen}"][aria-current="page"]`).waitForExist({ timeout: WAIT });
}

/** The open modal dialog. */
export async function dialog(browser) {
  const element = browser.$("dialog[open]");
  await element.waitForDisplayed({ timeout: WAIT });
  return element;
}

/**
 * Clicks like a person: WebKitWebDriver computes the click point before scrolling an element that lies
 * below the fold of <main> (its own scroll box) into view, so the click lands elsewhere; centre it first.
 */
export async function press(element) {
  await element.waitForDisplayed({ timeout: WAIT });
  await element.scrollIntoView({ block: "center" });
  await element.click();
}

/**
 * Signs `person` ({name, pin}) in on the sign-in screen: their button, the PIN, submit; done when the
 * sidebar shows its screens. The UI's selectors: [data-testid="sign-in"], button[data-staff="NAME"], [data-testid="pin"],
 * [data-testid="sign-in-submit"].
 */
export async function signIn(browser, { name, pin }) {
  const screen = browser.$(SIGN_IN);
  await screen.waitForDisplayed({ timeout: WAIT });
  await press(screen.$(`button[data-staff="${name}"]`));
  const field = screen.$('[data-testid="pin"]');
  await field.waitForDisplayed({ timeout: WAIT });
  await field.setValue(pin);
  await press(screen.$('[data-testid="sign-in-submit"]'));
  // Signed in: the sign-in screen gives way, and the sidebar has the screens of this person's role.
  await browser.$(SIGN_IN).waitForExist({ reverse: true, timeout: WAIT });
  await browser.$("nav button[data-screen]").waitForDisplayed({ timeout: WAIT });
}

/** Locks the window ([data-testid="lock"]): back to the sign-in screen, nobody signed in. */
export async function lock(browser) {
  await press(browser.$('[data-testid="lock"]'));
  await browser.$(SIGN_IN).waitForDisplayed({ timeout: WAIT });
  assert.equal(await browser.$("nav button[data-screen]").isExisting(), false, "no screen to open while locked");
  assert.equal(await browser.$('[data-testid="lock"]').isExisting(), false);
}

/**
 * Calls a window command the way the UI does (Tauri's IPC from the web view) and answers `{ok}` or
 * `{refused}` (the AppError): what the core answers a person the screen did not offer a button to. (Not
 * `{error}`: WebDriver would read that as its own failure.)
 */
export async function invoke(browser, command, args = {}) {
  return browser.executeAsync((cmd, a, done) => {
    window.__TAURI_INTERNALS__.invoke(cmd, a).then((ok) => done({ ok }), (refused) => done({ refused }));
  }, command, args);
}
