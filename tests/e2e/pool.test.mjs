// Issue 19 in the real window: a facility under 中野区's program (its built-in file, with the fees and
// the cancellation hour its page does not publish filled in as the ward would from its contracts) looks
// up a mother: the desk shows the program's pool as one remaining count over the three services, and each
// service's remaining as the least of its own cap and the pool's. Every figure is the Rust core's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SANGO, STAFF, TEST_CLOCK, addStaff, closeWindow, openWindow, screenshot, signIn, textOf } from "./lib.mjs";

const NOW = "2026-12-01T09:00:00+09:00";
const unknown = 'per_unit = { total_cost = "unknown", user_fee = "unknown", ward_amount = "unknown" }';
const program = readFileSync(new URL("../../crates/sango/data/program-nakano-2022.toml", import.meta.url), "utf8")
  .replace(unknown, "per_unit = { total_cost = 30000, user_fee = 3000, ward_amount = 27000 }")
  .replace(unknown, "per_unit = { total_cost = 15000, user_fee = 1500, ward_amount = 13500 }")
  .replace(unknown, "per_unit = { total_cost = 10000, user_fee = 500, ward_amount = 9500 }")
  .replace('cancel_hour_jst = "unknown"', "cancel_hour_jst = 10");
const offer = (service) => ({ service, age_limit: null, weekdays: null, visit_areas: service === "home-visit" ? ["164", "165"] : [] });
const directory = { version: 1, facilities: [{ id: "matsugaoka", name: "松が丘助産院", short_name: "松が丘助産院", address: "中野区松が丘1-10-13", phone: "03-0000-0004", services: ["short-stay", "day-care", "home-visit"].map(offer) }] };

const xdg = mkdtempSync(join(tmpdir(), "sango-e2e-"));
const dataDir = join(xdg, "jp.nerima.sango");
const ward = join(xdg, "ward");
const run = (dir, ...args) => JSON.parse(execFileSync(SANGO, ["--data-dir", dir, "--now", NOW, ...args], { encoding: "utf8", stdio: "pipe", env: TEST_CLOCK }));
writeFileSync(join(xdg, "nakano.toml"), program);
writeFileSync(join(xdg, "nakano.json"), JSON.stringify(directory));
run(ward, "init", "--ward", "--program", join(xdg, "nakano.toml"));
run(ward, "directory", "set", "--file", join(xdg, "nakano.json"));
run(ward, "ward-card", "--out", join(xdg, "ward.card"));
run(dataDir, "init", "--facility", "matsugaoka", "--ward-card", join(xdg, "ward.card"));
run(dataDir, "approval", "add", "--card", "N-1", "--approval-no", "R4-1", "--mother", "中野 陽菜", "--services", "short-stay,day-care,home-visit", "--household", "standard", "--postal", "164-0001");
run(dataDir, "birth", "--card", "N-1", "--date", "2026-11-01");
// 9 of the pool's 15: a 4-day stay, 3 days of day care, 2 visits.
run(dataDir, "book", "--card", "N-1", "--service", "short-stay", "--date", "2026-12-02", "--days", "4");
run(dataDir, "book", "--card", "N-1", "--service", "day-care", "--date", "2026-12-08", "--days", "3");
run(dataDir, "book", "--card", "N-1", "--service", "home-visit", "--date", "2026-12-14");
run(dataDir, "book", "--card", "N-1", "--service", "home-visit", "--date", "2026-12-15");
addStaff(dataDir, STAFF.admin);

let win;
let browser;

before(async () => {
  win = await openWindow({ xdg, dataDir }, NOW);
  browser = win.browser;
  await signIn(browser, STAFF.admin);
});

after(async () => {
  await closeWindow(win);
});

test("the desk shows the pool as one remaining count over the services, in the program's words", async () => {
  const field = await browser.$("#card-input");
  await field.waitForDisplayed({ timeout: 10000 });
  await field.setValue("N-1");
  await browser.keys("Enter");
  const pool = browser.$('[data-testid="quota-pool"]');
  await textOf(pool, /産後ケア事業の利用回数\(3事業の合計\):.*を合わせて 上限 15・利用 0・予約 9・残り 6/);
  const remaining = async (service) => (await browser.$(`[data-testid="quota"] tr[data-service="${service}"] [data-col="remaining"]`).getText()).trim();
  // The stay's own cap (7, 4 booked) leaves 3; day care and visits have only the pool's 6.
  assert.deepEqual([await remaining("short-stay"), await remaining("day-care"), await remaining("home-visit")], ["3", "6", "6"]);
  await pool.scrollIntoView();
  await screenshot(browser, "desk-pool.png");
});
