// Issue 19 in the real window: a second ward set up with the CLI from a program file written by hand and
// its own facility directory; the ward's window names that program and directory in its status line, and
// 設定 shows them (the directory as a table, editable at the ward). Every figure is the Rust core's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SANGO, STAFF, TEST_CLOCK, addStaff, closeWindow, go, openWindow, screenshot, signIn, textOf } from "./lib.mjs";

const NOW = "2026-12-01T09:00:00+09:00";
const PROGRAM = `
id = "minato-2026"
municipality = "港区"
ward_office = "港区 みなと保健所 健康づくり課"
ward_contact = "電話 03-0000-0000"
name_ja = "港区産後ケア事業"
name_en = "Minato City postpartum care program"
effective_from = "2026-04-01"
cancel_hour_jst = 17
[no_show]
user_fee_charged = true
ward_pays = false
[[service]]
service = "day-care"
unit = "day"
limit_single = 2
limit_multiple = 3
min_units = 1
meals_per_day = 1
[[fee]]
service = "day-care"
from = "2026-04-01"
per_unit = { total_cost = 20000, user_fee = 2000, ward_amount = 18000 }
`;
const DIRECTORY = {
  version: 1,
  facilities: [
    { id: "shiba", name: "芝助産院", short_name: "芝助産院", address: "港区芝1-1-1", phone: "03-0000-0001", services: [{ service: "day-care", age_limit: null, weekdays: null }] },
    { id: "takanawa", name: "高輪助産院", short_name: "高輪助産院", address: "港区高輪2-2-2", phone: "03-0000-0002", services: [{ service: "day-care", age_limit: null, weekdays: null }] },
  ],
};

const xdg = mkdtempSync(join(tmpdir(), "sango-e2e-"));
const dataDir = join(xdg, "jp.nerima.sango");
const cli = (...args) => JSON.parse(execFileSync(SANGO, ["--data-dir", dataDir, "--now", NOW, ...args], { encoding: "utf8", stdio: "pipe", env: TEST_CLOCK }));
writeFileSync(join(xdg, "minato.toml"), PROGRAM);
writeFileSync(join(xdg, "minato.json"), JSON.stringify(DIRECTORY, null, 2));
cli("init", "--ward", "--program", join(xdg, "minato.toml"));
cli("directory", "set", "--file", join(xdg, "minato.json"));
addStaff(dataDir, STAFF.admin);
const install = { xdg, dataDir };

let win;
let browser;

before(async () => {
  win = await openWindow(install, NOW);
  browser = win.browser;
  await signIn(browser, STAFF.admin);
});

after(async () => {
  await closeWindow(win);
});

test("the status line names the ward's own program with its date, and its directory", async () => {
  await textOf(browser.$('[data-testid="program-in-force"]'), /港区産後ケア事業\(令和8年4月1日から\)/);
  await textOf(browser.$('[data-testid="directory-in-force"]'), /施設一覧: 2施設/);
});

test("設定 shows the program and the directory in force, the ward's facilities listed", async () => {
  await go(browser, "settings");
  const card = browser.$('[data-testid="in-force"]');
  await textOf(card.$('[data-testid="program-name"]'), /港区産後ケア事業\(minato-2026\)/);
  await textOf(card, /港区 みなと保健所 健康づくり課/);
  const rows = await card.$$("tbody tr");
  assert.equal(rows.length, 2);
  await textOf(card, /高輪助産院/);
  await card.scrollIntoView();
  await screenshot(browser, "program-settings.png");
});
