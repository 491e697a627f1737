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
  {
    name: "the calendar greys closed days and holidays and shows free places",
    async run(page, { shot }) {
      await lookUp(page, "1234567");
      await page.locator('tr[data-service="day-care"]').getByRole("button", { name: "予約する" }).click();
      await expectText(page.getByTestId("month"), "2026年11月");
      assertEqual(await page.locator("#tab-day-care").getAttribute("aria-selected"), "true");
      const holiday = page.locator('[data-date="2026-11-23"]');
      await expectText(holiday, "勤労感謝の日");
      assert(await holiday.isDisabled(), "a holiday can be picked");
      assert(await page.locator('[data-date="2026-11-29"]').isDisabled(), "a closed Sunday can be picked");
      await expectText(page.locator('[data-date="2026-11-25"]'), "空き 4/5");
      await expectText(page.locator('[data-date="2026-11-27"]'), "待ち 2");
      assertEqual((await calls(page, "calendar_month"))[0].args, { service: "day-care", month: "2026-11" });
      await page.getByRole("button", { name: "次の月" }).click();
      await expectText(page.getByTestId("month"), "2026年12月");
      await page.getByRole("button", { name: "前の月" }).click();
      await expectText(page.locator(".who"), "練馬 花子");
      await shot("calendar");
    },
  },
  {
    name: "a quote with violations lists each one in plain Japanese and the booking cannot be confirmed",
    async run(page, { shot }) {
      await page.locator('nav [data-screen="calendar"]').click();
      await page.locator('.cardrow input[name="card"]').fill("1234567");
      await page.locator('.cardrow input[name="card"]').press("Enter");
      await page.getByRole("button", { name: "次の月" }).click();
      await page.locator('[data-date="2026-12-03"]').click();
      const violations = page.getByTestId("violations");
      await expectText(violations, "ショートステイの残り日数(1日)を超えています");
      await expectText(violations, "生後2か月を超えています");
      assert(await page.getByTestId("confirm-booking").isDisabled(), "confirm is enabled despite violations");
      await expectText(page.getByTestId("cancel-by"), "2026年12月2日(水) 10:00");
      await shot("calendar-violations");
    },
  },
  {
    name: "a clean quote shows the fee and deadline and books on confirm",
    async run(page, { shot }) {
      await lookUp(page, "1234567");
      await page.locator('tr[data-service="short-stay"]').getByRole("button", { name: "予約する" }).click();
      await page.locator('[data-date="2026-11-30"]').click();
      await page.locator('input[name="days"]').fill("3");
      await expectText(page.getByTestId("quote"), "¥10,500");
      await expectText(page.getByTestId("quote"), "2026年12月2日(水)");
      await expectText(page.getByTestId("booking-form"), "予約できます");
      await shot("calendar-quote");
      const quotes = await calls(page, "quote");
      assertEqual(quotes.at(-1).args.input, { card: "1234567", service: "short-stay", date: "2026-11-30", days: 3 });
      await page.getByTestId("confirm-booking").click();
      await expectText(page.locator('[role="status"]'), "予約しました(予約番号 B-0006)");
      await expectVisible(page.locator('[data-booking="B-0006"]'));
      assertEqual((await calls(page, "book"))[0].args.input.days, 3);
    },
  },
  {
    name: "a full day offers the waiting list",
    async run(page) {
      await lookUp(page, "1234567");
      await page.locator('tr[data-service="day-care"]').getByRole("button", { name: "予約する" }).click();
      await page.locator('[data-date="2026-11-27"]').click();
      await expectText(page.getByTestId("violations"), "この日は満員です");
      await page.getByRole("button", { name: "キャンセル待ちに登録" }).click();
      await expectText(page.getByTestId("booking-form"), "キャンセル待ちに登録しました(3番目)");
    },
  },
  {
    name: "a soft age warning asks for a reason and sends it",
    async run(page) {
      await lookUp(page, "1234567");
      await page.locator('tr[data-service="short-stay"]').getByRole("button", { name: "予約する" }).click();
      await page.getByRole("button", { name: "次の月" }).click();
      await page.locator('[data-date="2026-12-10"]').click();
      await expectText(page.getByTestId("warnings"), "目安の月齢");
      await page.locator('input[name="reason"]').fill("母の体調不良のため");
      await expectHidden(page.getByTestId("warnings"));
      const last = (await calls(page, "quote")).at(-1);
      assertEqual(last.args.input.reason, "母の体調不良のため");
    },
  },
  {
    name: "a late cancel says what will be charged before anything is cancelled",
    async run(page, { shot }) {
      await lookUp(page, "1234567");
      await page.locator('[data-booking="B-0001"]').getByRole("button", { name: "取消" }).click();
      const preview = page.getByTestId("cancel-preview");
      await expectText(preview, "期限を過ぎています。利用者負担額 ¥7,000 を請求します(期限 2026年11月25日(水) 10:00)");
      assertEqual((await calls(page, "cancel")).length, 0);
      await shot("cancel-late");
      await page.getByRole("button", { name: "取り消す" }).click();
      await expectText(page.locator('[role="status"]'), "取り消しました。利用者負担額 ¥7,000 を請求します。");
      await expectText(page.locator('[data-booking="B-0001"]'), "直前取消・無連絡");
    },
  },
  {
    name: "a cancel in time says nothing is charged and Esc closes the dialog",
    async run(page) {
      await lookUp(page, "1234567");
      await page.locator('[data-booking="B-0002"]').getByRole("button", { name: "取消" }).click();
      await expectText(page.getByTestId("cancel-preview"), "期限内の取消です。料金はかかりません");
      await page.keyboard.press("Escape");
      await expectHidden(page.locator("dialog"));
    },
  },
];
