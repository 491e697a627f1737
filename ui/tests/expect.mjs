// Small assertions that wait, so a test reads as what a clerk would see.

/** Waits until the locator's text matches `pattern` (a RegExp or a substring). */
export async function expectText(locator, pattern, timeout = 5000) {
  const until = Date.now() + timeout;
  let last = "";
  while (Date.now() < until) {
    last = (await locator.first().textContent({ timeout }).catch(() => "")) ?? "";
    if (typeof pattern === "string" ? last.includes(pattern) : pattern.test(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`expected text ${pattern} but found ${JSON.stringify(last.slice(0, 300))}`);
}

export async function expectVisible(locator) {
  await locator.first().waitFor({ state: "visible" });
}

export async function expectHidden(locator) {
  await locator.first().waitFor({ state: "hidden" });
}

export function assert(condition, message) {
  if (!condition) throw new Error(message);
}

export function assertEqual(actual, expected, message = "") {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message} expected ${e} but got ${a}`);
}

/** The commands the UI invoked, in order, as the fixture backend recorded them. */
export async function calls(page, command) {
  const all = await page.evaluate(() => window.__SANGO_CALLS__);
  return command ? all.filter((c) => c.cmd === command) : all;
}
