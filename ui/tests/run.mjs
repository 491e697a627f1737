// The UI test runner: builds the fixture backend, serves ui/dist with `vite preview` on a free port, and runs
// every case of cases.mjs in headless system Chromium with the IPC mocked. Prints "N passed, M failed".
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { cases } from "./cases.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const shots = join(here, "screenshots");
mkdirSync(shots, { recursive: true });

const only = process.argv[2] ? new RegExp(process.argv[2]) : null;

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, child) {
  const until = Date.now() + 20_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`vite preview did not answer at ${url}`);
}

const fixture = await build({
  entryPoints: [join(here, "fixture/mock.ts")],
  bundle: true,
  format: "iife",
  write: false,
  target: "es2022",
  logLevel: "silent",
});
const fixtureCode = fixture.outputFiles[0].text;

const port = await freePort();
const url = `http://127.0.0.1:${port}/`;
const preview = spawn(process.execPath, [join(root, "node_modules/vite/bin/vite.js"), "preview", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
  cwd: root,
  stdio: ["ignore", "pipe", "pipe"],
});
let previewLog = "";
preview.stdout.on("data", (d) => (previewLog += d));
preview.stderr.on("data", (d) => (previewLog += d));

let browser;
let passed = 0;
let failed = 0;
try {
  await waitForServer(url, preview);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  for (const testCase of cases) {
    if (only && !only.test(testCase.name)) continue;
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "ja-JP", timezoneId: "Asia/Tokyo" });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    const consoleErrors = [];
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    const fixtureConfig = JSON.stringify(testCase.fixture ?? {});
    await page.addInitScript({ content: `window.__SANGO_FIXTURE__ = ${fixtureConfig};\n${fixtureCode}` });
    const started = Date.now();
    try {
      await page.goto(url);
      await testCase.run(page, { shot: (name) => page.screenshot({ path: join(shots, `${name}.png`) }) });
      if (consoleErrors.length) throw new Error(`page errors: ${consoleErrors.join("; ")}`);
      passed += 1;
      console.log(`ok   ${testCase.name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed += 1;
      console.log(`FAIL ${testCase.name}\n     ${String(error?.message ?? error).split("\n").slice(0, 6).join("\n     ")}`);
      await page.screenshot({ path: join(shots, `FAILED-${testCase.name.replace(/\W+/g, "_")}.png`) }).catch(() => {});
    } finally {
      await context.close();
    }
  }
} catch (error) {
  failed += 1;
  console.log(`FAIL runner: ${error?.message ?? error}\n${previewLog}`);
} finally {
  await browser?.close();
  preview.kill("SIGTERM");
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
