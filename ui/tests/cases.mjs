// Every screen's main states, against the fixture backend of fixture/mock.ts.
import { assert, assertEqual, calls, expectHidden, expectText, expectVisible } from "./expect.mjs";

async function lookUp(page, card) {
  const field = page.locator("#card-input");
  await field.fill(card);
  await field.press("Enter");
}

export const cases = [
  {
    name: "the desk focuses the card field and answers a lookup with quota and fees",
    async run(page, { shot }) {
      await expectVisible(page.locator("#card-input"));
      assert(await page.locator("#card-input").evaluate((el) => el === document.activeElement), "card field is not focused");
      await page.keyboard.type("1234567");
      await page.keyboard.press("Enter");
      await expectText(page.getByTestId("mother"), "練馬 花子");
      await expectText(page.getByTestId("age"), "2か月(9週)");
      await expectText(page.locator('[data-testid="quota"] tr[data-service="short-stay"]'), /○\s*7\s*0\s*2\s*5\s*¥7,000 \/ 1泊2日/);
      await expectText(page.locator('[data-testid="quota"] tr[data-service="home-visit"]'), "—");
      await expectText(page.getByTestId("as-of"), "2026年11月20日(金)");
      await expectText(page.locator(".badge.ok"), "区確認済");
      await expectText(page.locator("footer"), "助産院ひかり");
      await expectText(page.locator("footer"), "本日 2026年11月25日(水)");
      assertEqual((await calls(page, "desk_lookup"))[0].args, { card: "1234567" });
      await shot("desk");
    },
  },
  {
    name: "an unknown card shows the backend's Japanese message next to the field",
    async run(page, { shot }) {
      await lookUp(page, "0000000");
      const error = page.locator("#desk-error");
      await expectText(error, "カード番号 0000000 の承認が見つかりません");
      assertEqual(await error.getAttribute("data-code"), "unknown_card");
      assertEqual(await page.locator("#card-input").getAttribute("aria-invalid"), "true");
      await shot("desk-unknown-card");
    },
  },
  {
    name: "the English switch translates the screen and the backend's messages and is remembered",
    async run(page, { shot }) {
      await page.getByTestId("lang-switch").click();
      await expectText(page.locator("h1"), "Postpartum Care Ledger");
      await expectText(page.locator("nav"), "Desk");
      await lookUp(page, "0000000");
      await expectText(page.locator("#desk-error"), "No approval found for card 0000000");
      await lookUp(page, "1234567");
      await expectText(page.getByTestId("age"), "2 months (9 weeks)");
      await expectText(page.locator("footer"), "Today Wed 25 Nov 2026");
      await shot("desk-english");
      await page.reload();
      await expectText(page.locator("nav"), "Bookings");
      assertEqual(await page.evaluate(() => document.documentElement.lang), "en");
    },
  },
  {
    name: "a provisional emergency approval shows its badges and offers to record the birth",
    async run(page) {
      await lookUp(page, "7654321");
      await expectText(page.locator(".badge.warn"), "仮承認");
      await expectText(page.locator(".badge.danger"), "緊急(電話確認)");
      await page.getByRole("button", { name: "出生を登録" }).click();
      const dialog = page.locator("dialog");
      await dialog.locator('input[name="birth_date"]').fill("2026-11-01");
      await dialog.locator('input[name="birth_date"]').press("Enter");
      await expectHidden(dialog);
      assertEqual((await calls(page, "birth_record"))[0].args, { card: "7654321", date: "2026-11-01", babies: 1 });
      await expectVisible(page.getByTestId("age"));
    },
  },
  {
    name: "a scanned notice goes to approval_scan and the desk shows her as ward-confirmed",
    async run(page) {
      await lookUp(page, "SG1:GOOD");
      await expectText(page.locator('[role="status"]'), "区の承認通知書を確認しました(カード 7654321)");
      await expectText(page.getByTestId("mother"), "光が丘 美咲");
      await expectText(page.locator(".badge.ok"), "区確認済");
      assertEqual((await calls(page, "approval_scan"))[0].args, { payload: "SG1:GOOD" });
      assertEqual((await calls(page, "desk_lookup"))[0].args, { card: "7654321" });
    },
  },
  {
    name: "a refused scan says so in a sentence a clerk understands",
    async run(page) {
      await lookUp(page, "SG1:TAMPERED");
      await expectText(page.locator("#desk-error"), "改ざんまたは他区のもの");
    },
  },
  {
    name: "the new approval form marks missing fields and records an approval",
    async run(page, { shot }) {
      await page.getByRole("button", { name: "新しい承認を登録" }).click();
      await page.getByRole("button", { name: "承認を登録", exact: true }).click();
      await expectText(page.locator(".approval .field-error"), "入力してください");
      await expectText(page.locator("fieldset .field-error"), "サービスを1つ以上選んでください");
      await shot("desk-approval-form");
      await page.locator('.approval input[name="card"]').fill("1112223");
      await page.locator('.approval input[name="approval_no"]').fill("R8-00999");
      await page.locator('.approval input[name="mother"]').fill("大泉 桜");
      await page.getByLabel("デイケア(日帰り)").check();
      await page.getByLabel("住民税非課税世帯").check();
      await page.locator('.approval input[name="mother"]').press("Enter");
      await expectText(page.getByTestId("mother"), "大泉 桜");
      const [add] = await calls(page, "approval_add");
      assertEqual(add.args.input, { card: "1112223", approval_no: "R8-00999", mother: "大泉 桜", services: ["day-care"], household: "non-taxable", emergency: false });
    },
  },
  {
    name: "a banner shows the store's notices",
    fixture: { notices: [{ code: "rebuilt", message_ja: "作業データを記録から復元しました", message_en: "The working state was rebuilt from the journal" }] },
    async run(page) {
      await expectText(page.locator('.banner[data-code="rebuilt"]'), "作業データを記録から復元しました");
    },
  },
];
