// Every screen's main states, against the fixture backend of fixture/mock.ts.
import { assert, assertEqual, calls, expectHidden, expectText, expectVisible } from "./expect.mjs";

/** Signs in as a clerk does: the name's button, the PIN, Enter. */
export async function signIn(page, name, pin) {
  await expectVisible(page.getByTestId("sign-in"));
  await page.locator(`button[data-staff="${name}"]`).click();
  await page.getByTestId("pin").fill(pin);
  await page.getByTestId("pin").press("Enter");
  await expectText(page.getByTestId("signed-in-as"), name);
}

/** The first admin's form, right after set-up (or on an install without staff). */
async function registerFirstAdmin(page, name = "中村 光", pin = "135790") {
  const form = page.getByTestId("first-admin");
  await expectText(page.locator("main h2"), "最初の管理者を登録");
  await form.locator('input[name="admin_name"]').fill(name);
  await form.locator('input[name="admin_pin"]').fill(pin);
  await form.locator('input[name="admin_pin_again"]').fill(pin);
  await form.getByTestId("first-admin-submit").click();
  await expectText(page.getByTestId("signed-in-as"), `${name}(管理者)`);
}

async function lookUp(page, card) {
  const field = page.locator("#card-input");
  await field.fill(card);
  await field.press("Enter");
}

export const cases = [
  {
    name: "a pooled limit shows one remaining count over the services, in the program's words",
    async run(page, { shot }) {
      await expectVisible(page.locator("#card-input"));
      await page.keyboard.type("1500015");
      await page.keyboard.press("Enter");
      await expectText(page.getByTestId("mother"), "中野 陽菜");
      await expectText(page.getByTestId("quota-pool"), "産後ケア事業の利用回数:ショートステイ(宿泊)・デイケア(日帰り)・訪問を合わせて 上限 15・利用 9・予約 0・残り 6");
      assertEqual(await page.getByTestId("quota-pool").count(), 1);
      // Each service's remaining is the least of its own cap and the pool's.
      assertEqual(await page.locator('[data-testid="quota"] tr[data-service="short-stay"] [data-col="remaining"]').textContent(), "3");
      assertEqual(await page.locator('[data-testid="quota"] tr[data-service="day-care"] [data-col="remaining"]').textContent(), "6");
      await shot("desk-pooled");
    },
  },
  {
    name: "the desk focuses the card field and answers a lookup with quota and fees",
    async run(page, { shot }) {
      await expectVisible(page.locator("#card-input"));
      assert(await page.locator("#card-input").evaluate((el) => el === document.activeElement), "card field is not focused");
      await expectText(page.getByTestId("roster-as-of"), "区の名簿");
      await page.keyboard.type("1234567");
      await page.keyboard.press("Enter");
      await expectText(page.getByTestId("mother"), "練馬 花子");
      await expectText(page.getByTestId("age"), "2か月(9週)");
      await expectText(page.locator('[data-testid="quota"] tr[data-service="short-stay"]'), /○\s*7\s*0\s*2\s*5\s*¥7,000 \/ 1泊2日/);
      await expectText(page.locator('[data-testid="quota"] tr[data-service="home-visit"]'), "—");
      // The WebDriver tests read the quota by column name, not by position.
      const short = page.locator('[data-testid="quota"] tr[data-service="short-stay"]');
      const cols = {};
      for (const col of ["limit", "used", "booked", "remaining"]) cols[col] = await short.locator(`[data-col="${col}"]`).textContent();
      assertEqual(cols, { limit: "7", used: "0", booked: "2", remaining: "5" });
      await expectText(page.getByTestId("as-of"), "2026年11月20日(金)");
      await expectText(page.locator(".badge.ok"), "区確認済");
      await page.locator(".sources summary").click();
      await expectText(page.getByTestId("quota-sources"), "ショートステイ(宿泊) — 聖母病院(区の名簿): 利用 0・予約 0");
      await expectText(page.locator("footer"), "助産院ひかり");
      await expectText(page.locator("footer"), "本日 2026年11月25日(水)");
      assertEqual((await calls(page, "desk_read"))[0].args, { text: "1234567", composed: false });
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
    name: "a scanned notice goes to desk_read and the desk shows her as ward-confirmed",
    async run(page) {
      await lookUp(page, "SG1:GOOD");
      await expectText(page.locator('[role="status"]'), "区の承認通知書を確認しました(カード 7654321)");
      await expectText(page.getByTestId("mother"), "光が丘 美咲");
      await expectText(page.locator(".badge.ok"), "区確認済");
      assertEqual((await calls(page, "desk_read"))[0].args, { text: "SG1:GOOD", composed: false });
      assertEqual(await calls(page, "approval_scan"), [], "the window never decides what a scan is");
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
    name: "with the IME on, a full-width card and a full-width notice code get the mother's answer",
    async run(page, { shot }) {
      const field = page.locator("#card-input");
      // What the IME does: composition events around the full-width text it commits.
      const typeWithIme = async (text) => {
        await field.dispatchEvent("compositionstart", { data: "" });
        await field.fill(text);
        await field.dispatchEvent("compositionend", { data: text });
        await field.press("Enter");
      };
      await typeWithIme("１２３４５６７");
      await expectText(page.getByTestId("mother"), "練馬 花子");
      assertEqual((await calls(page, "desk_read"))[0].args, { text: "１２３４５６７", composed: true });
      assertEqual(await field.inputValue(), "1234567", "the field shows the card as the ward prints it");
      await shot("desk-ime-card");
      const wide = ("91" + "0123456789".repeat(4)).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));
      await typeWithIme(wide);
      await expectText(page.locator('[role="status"]'), "区の承認通知書を確認しました(カード 7654321)");
      await expectText(page.getByTestId("mother"), "光が丘 美咲");
      assertEqual((await calls(page, "desk_read"))[1].args, { text: wide, composed: true });
      // The IME in kana mode turned the reader's letters into kana: the desk is told why.
      await typeWithIme("ＳＧ１：まＫ");
      await expectText(page.locator("#desk-error"), "日本語入力がオンのようです。半角英数にしてからもう一度読み取ってください。");
      assertEqual(await page.locator("#desk-error").getAttribute("data-code"), "ime_on");
      await shot("desk-ime-on");
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
    name: "the calendar greys closed days and holidays and shows free places",
    async run(page, { shot }) {
      await lookUp(page, "1234567");
      await page.locator('tr[data-service="day-care"]').getByRole("button", { name: "予約する", exact: true }).click();
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
      // A refused use has no price beside its refusal.
      assert(!(await page.getByTestId("quote").textContent()).includes("¥"), "a refused quote shows a fee");
      await shot("calendar-violations");
    },
  },
  {
    name: "a clean quote shows the fee and deadline and books on confirm",
    async run(page, { shot }) {
      await lookUp(page, "1234567");
      await page.locator('tr[data-service="short-stay"]').getByRole("button", { name: "予約する", exact: true }).click();
      await page.locator('[data-date="2026-11-30"]').click();
      await page.locator('input[name="days"]').fill("3");
      await expectText(page.getByTestId("quote"), "¥10,500");
      await expectText(page.getByTestId("quote"), "2026年12月2日(水)");
      await expectText(page.getByTestId("booking-form"), "予約できます");
      await shot("calendar-quote");
      const quotes = await calls(page, "quote");
      assertEqual(quotes.at(-1).args.input, { card: "1234567", service: "short-stay", date: "2026-11-30", days: 3, reason: null });
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
      await page.locator('tr[data-service="day-care"]').getByRole("button", { name: "予約する", exact: true }).click();
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
      await page.locator('tr[data-service="short-stay"]').getByRole("button", { name: "予約する", exact: true }).click();
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
      // Once the preview is shown the focus is on the safe "やめる", not on × nor on the cancel itself.
      await expectVisible(page.locator('[data-testid="keep-booking"]:focus'));
      await page.keyboard.press("Enter");
      await expectHidden(page.locator("dialog"));
      assertEqual((await calls(page, "cancel")).length, 0, "cancels after Enter on the focused button:");
      await page.locator('[data-booking="B-0002"] [data-action="cancel"]').click();
      await expectText(page.getByTestId("cancel-preview"), "期限内の取消です。料金はかかりません");
      await page.keyboard.press("Escape");
      await expectHidden(page.locator("dialog"));
    },
  },
  {
    name: "today lists arrivals and day care and a check-in goes through screening",
    async run(page, { shot }) {
      await page.locator('nav [data-screen="today"]').click();
      const arrivals = page.locator('[data-group="check-ins"]');
      await expectText(arrivals, "光が丘 美咲");
      await expectText(page.locator('[data-group="day-care"]'), "石神井 直子");
      await expectText(page.locator('[data-group="visits"]'), "ありません");
      await shot("today");
      await arrivals.getByRole("button", { name: "受付(体調確認)" }).click();
      const dialog = page.locator("dialog");
      await dialog.locator('input[name="temperature"]').fill("36.6");
      await dialog.getByRole("button", { name: "受付する" }).click();
      await expectText(page.locator('[role="status"]'), "受付しました");
      const [checkIn] = await calls(page, "check_in");
      assertEqual(checkIn.args.input, { booking: "B-0003", temperature: "36.6", acute_infection: false, notes: "" });
      await expectText(arrivals.locator('[data-booking="B-0003"]'), "利用中");
    },
  },
  {
    name: "an acute infection at check-in refuses the day",
    async run(page) {
      await page.locator('nav [data-screen="today"]').click();
      await page.locator('[data-group="check-ins"]').getByRole("button", { name: "受付(体調確認)" }).click();
      await page.getByLabel("急性の感染症").check();
      await page.locator("dialog").getByRole("button", { name: "受付する" }).click();
      await expectText(page.locator('[role="status"]'), "本日の利用はできません(料金はかかりません)");
    },
  },
  {
    name: "the day's record records vitals, the baby's weight against birth, feeds and care, highlighting what is outside normal",
    async run(page, { shot }) {
      await page.locator('nav [data-screen="today"]').click();
      await page.locator('[data-group="day-care"]').getByRole("button", { name: "ケア記録" }).click();
      const dialog = page.locator("dialog");
      await expectVisible(dialog.getByTestId("day-record"));
      assertEqual((await calls(page, "care_record"))[0].args, { booking: "B-0004" });
      await dialog.locator('input[name="temperature"]').fill("37.8");
      await dialog.locator('input[name="systolic"]').fill("118");
      await dialog.locator('input[name="diastolic"]').fill("76");
      await dialog.locator('input[name="pulse"]').fill("80");
      // 37.8 ℃ is outside the program's normal range (36.0–37.4): highlighted; 80/min is not.
      assert(await dialog.locator('[data-field="temperature"]').evaluate((el) => el.classList.contains("out")), "37.8 is not highlighted");
      assert(!(await dialog.locator('[data-field="pulse"]').evaluate((el) => el.classList.contains("out"))), "80/min is highlighted");
      await dialog.locator('input[name="mood"]').fill("涙ぐむことがある");
      await dialog.locator('input[name="birth_weight"]').fill("3000");
      await dialog.locator('input[name="weight"]').fill("２８５０");
      await expectText(dialog.getByTestId("weight-change"), "出生時から -150g(-5%)");
      await dialog.locator('[data-action="add-feed"]').click();
      await dialog.locator('[data-feed="0"] input[name="feed_time"]').fill("09:30");
      await dialog.locator('[data-feed="0"] select[name="feed_kind"]').selectOption("formula");
      await dialog.locator('[data-feed="0"] input[name="feed_ml"]').fill("60");
      await dialog.locator('[data-toggle="breast-care"]').click();
      await dialog.locator('[data-toggle="bathing"]').click();
      await dialog.locator('input[name="meals_served"]').fill("1");
      await dialog.locator('textarea[name="notes"]').fill("授乳リズム安定");
      assertEqual(await dialog.locator('[data-toggle="breast-care"]').getAttribute("aria-pressed"), "true");
      await shot("today-care-log");
      await dialog.getByRole("button", { name: "記録を保存" }).click();
      await expectText(dialog.getByTestId("care-saved"), "ケア記録を保存しました");
      const [log] = await calls(page, "care_log");
      assertEqual(log.args.input, {
        booking: "B-0004", date: "2026-11-25", care: ["breast-care", "bathing"], baby_weight_g: 2850,
        meals_served: 1, notes: "授乳リズム安定",
        mother: { temperature: 37.8, systolic: 118, diastolic: 76, pulse: 80, uterus_lochia: "", breasts: "", sleep_hours: null, mood: "涙ぐむことがある", pain: null },
        baby: { birth_weight_g: 3000, temperature: null, feeds: [{ time: "09:30", kind: "formula", ml: 60, minutes: null }], urine: null, stool: null, jaundice: "", skin: "", umbilicus: "" },
      });
      await dialog.getByRole("button", { name: "閉じる" }).first().click();
      await page.locator('[data-group="day-care"]').getByRole("button", { name: "利用終了" }).click();
      await page.locator("dialog").getByRole("button", { name: "終了する" }).click();
      await expectText(page.locator('[role="status"]'), "利用を終了しました");
    },
  },
  {
    name: "screening takes ten 0-3 scores a keystroke each with live totals, flags high need and an urgent referral says call now",
    async run(page, { shot }) {
      await page.locator('nav [data-screen="today"]').click();
      await page.locator('[data-group="day-care"]').getByRole("button", { name: "ケア記録" }).click();
      const dialog = page.locator("dialog");
      const epds = dialog.locator('[data-screening="epds"]');
      await epds.locator('input[data-item="1"]').click();
      // Ten keystrokes: each digit moves to the next item.
      await page.keyboard.type("3333000000");
      await expectText(dialog.getByTestId("epds-total"), "合計 12");
      await expectText(dialog.getByTestId("bonding-total"), "合計 —");
      await epds.locator('input[data-item="5"]').fill("4");
      assert(await epds.locator('input[data-item="5"]').evaluate((el) => el.classList.contains("bad")), "a 4 is not marked");
      await epds.locator('input[data-item="5"]').fill("0");
      await dialog.getByTestId("screening-save").click();
      await expectText(dialog.getByTestId("screening-result"), "要支援(ハイリスク)");
      await expectText(dialog.getByTestId("screening-result"), "EPDS の合計点が9点以上");
      const [s] = await calls(page, "screening_record");
      assertEqual(s.args.input, { booking: "B-0004", date: "2026-11-25", epds: [3, 3, 3, 3, 0, 0, 0, 0, 0, 0], bonding: null });
      await expectVisible(dialog.getByTestId("high-need"));
      await shot("screening");
      await dialog.locator('[data-action="propose-referral"]').click();
      const form = page.getByTestId("referral-form");
      await expectVisible(form);
      await form.locator('textarea[name="reason"]').fill("EPDS 12点、不眠");
      await form.getByLabel("至急").check();
      await expectText(page.getByTestId("call-now"), "03-5984-4621");
      await expectText(page.getByTestId("call-now"), "電話番号未確認");
      await form.getByTestId("referral-submit").click();
      await expectText(page.getByTestId("referral-made"), "連絡票 hikari-r100 を作成しました");
      await expectVisible(page.getByTestId("call-now"));
      const [r] = await calls(page, "referral_add");
      assertEqual(r.args.input.urgency, "urgent");
      assertEqual(r.args.input.reason, "EPDS 12点、不眠");
      await page.locator('[data-action="print-referral"]').click();
      await expectText(page.getByTestId("paper-urgent"), "至急");
      await expectText(page.getByTestId("paper-mother"), "石神井 直子");
      await shot("referral-paper");
      // Back from the 連絡票 to the day's record (its referral listed), then closed: today's list shows the flag.
      await page.locator("dialog").getByRole("button", { name: "閉じる" }).first().click();
      await expectText(page.getByTestId("use-referrals"), "EPDS 12点、不眠");
      await page.locator("dialog").getByRole("button", { name: "閉じる" }).first().click();
      await expectVisible(page.locator('[data-booking="B-0004"] [data-testid="high-need-flag"]'));
    },
  },
  {
    name: "the ward's 連絡票 screen lists urgent and unread first, filters by status and answers one",
    fixture: { mode: "ward" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="referrals"]').click();
      const rows = page.locator('[data-testid="referrals"] tbody tr[data-referral]');
      assertEqual(await rows.count(), 2);
      await expectText(rows.nth(0), "至急");
      await expectText(rows.nth(0), "つむぎ助産所");
      await expectText(rows.nth(0), "未読");
      await page.locator('[data-filter="received"]').click();
      assertEqual(await rows.count(), 1);
      await expectText(rows.nth(0), "聖母病院");
      await page.getByRole("tab", { name: /すべて/ }).click();
      await shot("ward-referrals");
      await page.locator('[data-referral="tsumugi-r41"] [data-action="open"]').click();
      const form = page.getByTestId("reply-form");
      await expectText(page.locator("tr.detail"), "体温37.2、涙ぐむ");
      await form.getByLabel("対応中").check();
      await form.locator('textarea[name="note"]').fill("担当保健師が明日訪問します");
      await form.getByTestId("reply-submit").click();
      await expectText(page.locator('[role="status"]'), "返信を保存しました");
      const [reply] = await calls(page, "referral_reply");
      assertEqual(reply.args, { referral: "tsumugi-r41", status: "in-progress", note: "担当保健師が明日訪問します" });
      await expectText(page.locator('[data-referral="tsumugi-r41"]'), "対応中");
      await expectText(page.locator('[data-referral="tsumugi-r41"] [data-testid="referral-reply"]'), "担当保健師が明日訪問します");
    },
  },
  {
    name: "check-in at a first use records the explanation and consent before the check-in",
    async run(page) {
      await page.locator('nav [data-screen="today"]').click();
      await page.locator('[data-group="check-ins"]').getByRole("button", { name: "受付(体調確認)" }).click();
      const consent = page.getByTestId("consent");
      await expectVisible(consent);
      await consent.locator('input[name="consented_by"]').fill("光が丘 美咲(本人)");
      await consent.getByLabel("説明し、同意を得ました").check();
      await page.locator("dialog").getByRole("button", { name: "受付する" }).click();
      await expectText(page.locator('[role="status"]'), "受付しました");
      const [c] = await calls(page, "consent_record");
      assertEqual(c.args.input.booking, "B-0003");
      assertEqual(c.args.input.consented_by, "光が丘 美咲(本人)");
      const order = (await calls(page)).map((x) => x.cmd).filter((cmd) => cmd === "consent_record" || cmd === "check_in");
      assertEqual(order, ["consent_record", "check_in"]);
    },
  },
  {
    name: "the month's 実施報告書 list opens from 今日の利用 with each use's days recorded",
    async run(page, { shot }) {
      await page.locator('nav [data-screen="today"]').click();
      await page.locator('[data-action="use-reports"]').click();
      const list = page.getByTestId("use-reports");
      await expectText(list, "実施報告書 一覧(2026-11)");
      await expectText(list.locator('tr[data-booking="B-0005"]'), "大泉 由美");
      await expectText(list.locator('tr[data-booking="B-0004"]'), "0 / 1");
      assertEqual((await calls(page, "use_reports"))[0].args, { month: "2026-11" });
      await shot("use-reports");
    },
  },
  {
    name: "payments lists what is unpaid and a payment opens a printable receipt in wareki and western dates",
    async run(page, { shot }) {
      await page.locator('nav [data-screen="payments"]').click();
      const row = page.locator('[data-testid="unpaid"] [data-booking="B-0005"]');
      await expectText(row, "¥10,500");
      await shot("payments");
      await row.getByRole("button", { name: "受領を記録" }).click();
      const receipt = page.getByTestId("receipt");
      await expectText(receipt, "領収書");
      await expectText(receipt, "大泉 由美 様");
      await expectText(page.getByTestId("receipt-amount"), "¥10,500");
      await expectText(receipt, "令和8年11月20日〜令和8年11月22日");
      await expectText(receipt, "2026年11月20日(金) 〜 2026年11月22日(日)");
      await expectText(receipt, "発行日 令和8年11月25日(2026年11月25日(水))");
      await expectText(receipt, "利用数3 日");
      await expectText(receipt, "助産院ひかり");
      await expectText(page.locator('[role="status"]'), "受領を記録しました(領収書番号 R-2026-0042)");
      await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
      await page.getByRole("button", { name: "印刷" }).click();
      assertEqual(await page.evaluate(() => window.__printed), 1, "window.print calls:");
      await shot("receipt");
      await page.emulateMedia({ media: "print" });
      await shot("receipt-print");
      assert(!(await page.locator("nav").isVisible()), "the sidebar is printed");
      assert(!(await page.getByRole("button", { name: "印刷" }).isVisible()), "the print button is printed");
      assert(await receipt.isVisible(), "the receipt is not printed");
      await page.pdf({ path: new URL("./screenshots/receipt.pdf", import.meta.url).pathname, format: "A5" }).catch(() => {});
      await page.emulateMedia({ media: "screen" });
      await page.getByRole("button", { name: "一覧に戻る" }).click();
      await expectText(page.locator(".card"), "未精算はありません");
    },
  },
  {
    name: "settings shows the facility, saves closed days and the idle lock, and warns of an old backup",
    async run(page, { shot }) {
      await page.locator('nav [data-screen="settings"]').click();
      await expectText(page.getByTestId("facility-name"), "助産院ひかり");
      await expectText(page.locator('[role="alert"]'), "1週間以上");
      await expectText(page.getByTestId("store-size"), "3.3 MB");
      await page.locator('input[name="closed"]').fill("sun,holidays,2026-12-29");
      const idle = page.locator('input[name="idle_lock_minutes"]');
      assertEqual(await idle.inputValue(), "5", "the idle lock shown:");
      await idle.fill("１０");
      // A number field takes full-width digits from a Japanese IME, steps with ↑, and marks what is no number.
      const cap = page.locator('input[name="cap_day"]');
      await cap.fill("abc");
      assertEqual(await cap.getAttribute("aria-invalid"), "true");
      await cap.fill("５");
      assertEqual(await cap.getAttribute("aria-invalid"), null);
      await cap.press("ArrowUp");
      assertEqual(await cap.inputValue(), "6");
      await shot("settings");
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await expectText(page.locator('[role="status"]'), "保存しました");
      const [set] = await calls(page, "settings_set");
      assertEqual(set.args.settings.closed, "sun,holidays,2026-12-29");
      assertEqual(set.args.settings.idle_lock_minutes, 10);
      assertEqual(set.args.settings.visit_areas, ["176", "179"]);
      assertEqual(set.args.settings.capacity.day_care, 6);
      assertEqual(Object.keys(set.args.settings).sort(), ["capacity", "closed", "consent_required", "idle_lock_minutes", "visit_areas"]);
      // Out of 1–60: the core's refusal next to the field.
      await idle.fill("0");
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await expectText(page.locator("#idle-error"), "1〜60分");
      assertEqual(await idle.getAttribute("aria-invalid"), "true");
    },
  },
  {
    name: "sync shows its status and both folders, and reports an export",
    async run(page) {
      await page.locator('nav [data-screen="sync"]').click();
      await expectText(page.getByTestId("sync-status"), "2026年11月20日(金) 09:00");
      await expectText(page.getByTestId("outbox"), "/home/desk/.local/share/sango/outbox");
      await expectText(page.getByTestId("inbox"), "/home/desk/.local/share/sango/inbox");
      await expectText(page.getByTestId("sync-receive"), "届いたファイルをこのフォルダに入れて");
      await page.getByRole("button", { name: "送信ファイルを作成" }).click();
      await expectText(page.getByTestId("sync-send").getByTestId("flash"), "12 件の記録を書き出しました(区がまだ受け取っていない 1211 番から): /home/desk/.local/share/sango/outbox/export-20261125-093000");
    },
  },
  {
    name: "the ward's sync speaks of the facilities it registered and of the roster it sends, not of a ward",
    fixture: { mode: "ward" },
    async run(page) {
      await page.locator('nav [data-screen="sync"]').click();
      const status = page.getByTestId("sync-status");
      await expectText(status, "登録した施設");
      await expectText(page.getByTestId("registered"), "ひかり、聖母病院");
      assert(!(await status.textContent()).includes("受け取った施設"), "the ward's status speaks of facilities received");
      // The ward's own fingerprint, to read to a facility installing its card; no ward card of its own to trust.
      await expectText(page.getByTestId("own-key"), /^d4c3 b2a1 0f9e 8d7c$/);
      assertEqual(await page.getByTestId("ward-key").count(), 0, "the ward shows a ward card's fingerprint:");
      const said = await page.locator('section[aria-labelledby="sync-title"]').textContent();
      for (const facilityWords of ["区との連携状況", "未送信の記録", "区の名簿の日付", "送信ファイルを作成"]) {
        assert(!said.includes(facilityWords), `the ward's screen says ${facilityWords}`);
      }
      await expectText(page.getByTestId("sync-send"), "読めるのは、区が登録した施設だけです");
      await page.getByRole("button", { name: "名簿ファイルを作成" }).click();
      await expectText(page.getByTestId("sync-send").getByTestId("flash"), "名簿ファイルを作成しました(230 件): /home/ward/.local/share/sango/outbox/roster-20261125-093000");
      assertEqual((await calls(page, "export_bundle")).length, 1);
    },
  },
  {
    name: "sync lists the inbox files with their sizes and imports them one by one with the progress and each result",
    fixture: { holdImports: true },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="sync"]').click();
      const files = page.getByTestId("inbox-files");
      await expectText(files.locator("tbody tr").nth(0), "export-hikari-20261120.sango");
      assertEqual(await files.locator("tbody tr td:nth-child(2)").allTextContents(), ["1.2 MB", "2.2 MB", "4.6 MB"]);
      assertEqual((await calls(page, "import_file")).length, 0, "imports before the button:");
      await shot("sync");
      await page.getByRole("button", { name: "ファイルを取り込む" }).click();
      const progress = page.getByTestId("import-progress");
      await expectText(progress, "0 / 3 件 · 0 B / 8.0 MB");
      await expectText(files.locator('[data-file="export-hikari-20261120.sango"]'), "取り込み中");
      // One at a time: the second file is not asked for while the first is on its way.
      assertEqual((await calls(page, "import_file")).map((c) => c.args.name), ["export-hikari-20261120.sango"]);
      await page.evaluate(() => window.__SANGO_RELEASE__());
      await expectText(progress, "1 / 3 件 · 1.2 MB / 8.0 MB");
      await expectText(files.locator('[data-file="export-hikari-20261120.sango"]'), "取り込み 12 件、取り込み済み 3 件");
      assert(await page.getByRole("button", { name: "ファイルを取り込む" }).isDisabled(), "the import can start twice");
      await page.evaluate(() => window.__SANGO_RELEASE__());
      await expectText(progress, "2 / 3 件 · 3.4 MB / 8.0 MB");
      await shot("sync-progress");
      await page.evaluate(() => window.__SANGO_RELEASE__());
      await expectText(progress, "3 / 3 件 · 8.0 MB / 8.0 MB");
      await expectText(files.locator('[data-file="roster-20261124.sango"]'), "取り込み 230 件");
      await expectText(page.getByTestId("sync-receive").getByTestId("flash"), "3 件のファイルを取り込みました: 新規 254 件、取り込み済み 6 件");
      assertEqual(await progress.locator("progress").evaluate((el) => [el.value, el.max]), [8_388_608, 8_388_608]);
      assertEqual((await calls(page, "import_file")).map((c) => c.args), [
        { name: "export-hikari-20261120.sango" }, { name: "export-seibo-20261121.sango" }, { name: "roster-20261124.sango" },
      ]);
      assertEqual((await calls(page, "import_bundle")).length, 0, "import_bundle calls:");
    },
  },
  {
    name: "a tampered inbox file stops the import there and says nothing was changed",
    fixture: { failImport: "export-seibo-20261121.sango" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="sync"]').click();
      await expectText(page.getByTestId("inbox-files"), "roster-20261124.sango");
      await page.getByRole("button", { name: "ファイルを取り込む" }).click();
      const receive = page.getByTestId("sync-receive");
      await expectText(receive.locator('[role="alert"]'), "改ざん・破損しているか");
      await expectText(receive.locator('[role="alert"]'), "何も変更していません");
      assertEqual(await receive.locator('[role="alert"]').getAttribute("data-code"), "bad_signature");
      await expectText(page.getByTestId("import-stopped"), "「export-seibo-20261121.sango」で止めました。このファイルと残りの 1 件は取り込んでいません。");
      await expectText(page.getByTestId("import-progress"), "1 / 3 件 · 1.2 MB / 8.0 MB");
      await expectText(receive.locator('[data-file="export-hikari-20261120.sango"]'), "取り込み 12 件");
      await expectText(receive.locator('[data-file="export-seibo-20261121.sango"]'), "取り込めません");
      await expectText(receive.locator('[data-file="roster-20261124.sango"]'), "取り込んでいません");
      assertEqual((await calls(page, "import_file")).map((c) => c.args.name), ["export-hikari-20261120.sango", "export-seibo-20261121.sango"]);
      assertEqual(await receive.getByTestId("flash").count(), 0, "success messages after a failure:");
      await shot("sync-failed");
    },
  },
  {
    name: "the ward reads back the fingerprint of an unregistered sender, registers it deliberately, and the import then goes through",
    fixture: { mode: "ward", unregisteredSender: "tsumugi" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="sync"]').click();
      const keys = page.getByTestId("facility-keys");
      await expectText(keys.locator('tr[data-facility="hikari"] [data-col="key"]'), "3f9a 0c1d 5e7b 2468");
      assertEqual(await keys.locator("tbody tr").count(), 2, "registered keys:");
      assertEqual(await keys.locator('tr[data-facility="tsumugi"]').count(), 0, "tsumugi is listed before it is registered:");
      await page.getByRole("button", { name: "ファイルを取り込む" }).click();
      const receive = page.getByTestId("sync-receive");
      const alert = receive.locator('[role="alert"]');
      await expectText(alert, "まだ区に登録されていないため、取り込めません。何も変更していません。");
      assertEqual(await alert.getAttribute("data-code"), "facility_not_registered");
      await expectText(page.getByTestId("import-stopped"), "「export-tsumugi-20261122.sango」で止めました。");
      await expectText(receive.locator('[data-file="export-seibo-20261121.sango"]'), "取り込み 12 件");
      // Who signed the refused file, to read back over the phone.
      const sender = page.getByTestId("unregistered-sender");
      await expectText(sender.getByTestId("sender-name"), "つむぎ助産所");
      await expectText(sender.getByTestId("sender-key"), /^7c4e 9b02 d18f 6a35$/);
      await expectText(sender, "電話をかけ");
      await expectText(sender, "すべて一致したときだけ登録してください");
      assertEqual((await calls(page, "inbox_sender")).map((c) => c.args), [{ name: "export-tsumugi-20261122.sango" }]);
      await shot("sync-unregistered");
      // The button only asks; Esc (focus on やめる) registers nothing.
      await sender.getByRole("button", { name: "この施設を登録する" }).click();
      const dialog = page.getByTestId("register-dialog");
      await expectText(dialog, "つむぎ助産所 を、鍵の指紋 7c4e 9b02 d18f 6a35 で登録します。");
      assert(await dialog.getByTestId("keep").evaluate((el) => el === document.activeElement), "the safe button does not have the focus");
      await page.keyboard.press("Escape");
      await expectHidden(page.locator("dialog[open]"));
      assertEqual((await calls(page, "facility_register")).length, 0, "registered without the confirmation:");
      await sender.getByRole("button", { name: "この施設を登録する" }).click();
      await page.getByTestId("register-dialog").getByRole("button", { name: "指紋が一致したので登録する" }).click();
      await expectHidden(page.locator("dialog[open]"));
      assertEqual((await calls(page, "facility_register")).map((c) => c.args), [{ name: "export-tsumugi-20261122.sango" }]);
      const row = keys.locator('tr[data-facility="tsumugi"]');
      await expectText(row, "つむぎ助産所");
      await expectText(row.locator('[data-col="key"]'), "7c4e 9b02 d18f 6a35");
      await expectText(row.locator('[data-col="state"]'), "有効");
      await expectText(row.locator('[data-col="received"]'), "未受信");
      await expectText(page.getByTestId("registered"), "ひかり、聖母病院、つむぎ助産所");
      await expectText(receive.getByTestId("flash"), "つむぎ助産所 を登録しました。もう一度「ファイルを取り込む」を押して");
      assertEqual(await sender.count(), 0, "the sender panel stays after the registration:");
      assertEqual(await alert.count(), 0, "the refusal stays after the registration:");
      // The file stayed in inbox/; the two taken in have left it.
      assertEqual(await page.getByTestId("inbox-files").locator("tbody tr").allTextContents().then((r) => r.length), 1);
      const again = page.getByRole("button", { name: "ファイルを取り込む" });
      assert(await again.evaluate((el) => el === document.activeElement), "the import button does not have the focus");
      await page.keyboard.press("Enter");
      await expectText(receive.locator('[data-file="export-tsumugi-20261122.sango"]'), "取り込み 12 件、取り込み済み 3 件");
      await expectText(receive.getByTestId("flash"), "1 件のファイルを取り込みました: 新規 12 件、取り込み済み 3 件");
      assertEqual(await alert.count(), 0, "an error after the registered import:");
      assertEqual((await calls(page, "import_file")).map((c) => c.args.name), [
        "export-hikari-20261120.sango", "export-seibo-20261121.sango", "export-tsumugi-20261122.sango", "export-tsumugi-20261122.sango",
      ]);
      await expectText(row.locator('[data-col="received"]'), "15");
    },
  },
  {
    name: "revoking a facility's key asks first, says what it means, and the row then shows 取り消し済み",
    fixture: { mode: "ward" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="sync"]').click();
      const row = page.getByTestId("facility-keys").locator('tr[data-facility="seibo"]');
      await expectText(row.locator('[data-col="state"]'), "有効");
      await expectText(row.locator('[data-col="registered"]'), "2026年4月2日(木)");
      await expectText(row.locator('[data-col="received"]'), "870");
      await row.getByRole("button", { name: "取り消す" }).click();
      let dialog = page.getByTestId("revoke-dialog");
      await expectText(dialog, "聖母病院 の鍵(指紋 a1b2 c3d4 e5f6 0718)を取り消します。");
      await expectText(dialog, "この施設から届くファイルは取り込まれなくなり、この施設には名簿も送られなくなります");
      await expectText(dialog, "新しい鍵であらためて登録してください");
      await shot("sync-revoke");
      await dialog.getByRole("button", { name: "やめる" }).click();
      await expectHidden(page.locator("dialog[open]"));
      assertEqual((await calls(page, "facility_revoke")).length, 0, "revoked without the confirmation:");
      await expectText(row.locator('[data-col="state"]'), "有効");
      await row.getByRole("button", { name: "取り消す" }).click();
      dialog = page.getByTestId("revoke-dialog");
      await dialog.getByRole("button", { name: "鍵を取り消す" }).click();
      await expectHidden(page.locator("dialog[open]"));
      assertEqual((await calls(page, "facility_revoke")).map((c) => c.args), [{ facility: "seibo" }]);
      await expectText(row.locator('[data-col="state"]'), "取り消し済み");
      assertEqual(await row.getByRole("button").count(), 0, "a revoked key can be revoked again:");
      await expectText(page.getByTestId("facility-keys").locator('tr[data-facility="hikari"] [data-col="state"]'), "有効");
      await expectText(page.getByTestId("sync-facilities").getByTestId("flash"), "聖母病院 の鍵を取り消しました。");
      await expectText(page.getByTestId("registered"), /^ひかり$/);
      // Its file is now refused in words of its own, and no registration is offered for a revoked key.
      await page.getByRole("button", { name: "ファイルを取り込む" }).click();
      const alert = page.getByTestId("sync-receive").locator('[role="alert"]');
      await expectText(alert, "この鍵(a1b2c3d4e5f60718)は取り消し済みのため、取り込めません。");
      assertEqual(await alert.getAttribute("data-code"), "facility_revoked");
      assertEqual(await page.getByTestId("unregistered-sender").count(), 0, "registration offered for a revoked key:");
      assertEqual((await calls(page, "inbox_sender")).length, 0);
    },
  },
  {
    name: "a facility's sync shows what the ward received, both fingerprints, writes its card, and says an older roster was not taken",
    fixture: { staleRoster: true },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="sync"]').click();
      await expectText(page.getByTestId("sync-status"), "区が受け取った記録");
      await expectText(page.getByTestId("acknowledged"), /^1210$/);
      await expectText(page.getByTestId("own-key"), /^5e1f 0a2b 9c3d 4e6f$/);
      await expectText(page.getByTestId("ward-key"), /^d4c3 b2a1 0f9e 8d7c$/);
      await page.getByRole("button", { name: "この端末のカードを書き出す" }).click();
      const flash = page.getByTestId("sync-keys").getByTestId("flash");
      await expectText(flash, "この端末のカードを書き出しました: /home/desk/.local/share/sango/outbox/card-hikari.json。");
      await expectText(flash, "区に届け、鍵の指紋 5e1f 0a2b 9c3d 4e6f を電話で区の担当者と読み合わせてください。");
      assertEqual((await calls(page, "card_export")).length, 1);
      assertEqual((await calls(page, "facility_list")).length, 0, "a facility asks for the ward's registrations:");
      await shot("sync-facility-keys");
      await page.getByRole("button", { name: "ファイルを取り込む" }).click();
      const roster = page.getByTestId("sync-receive").locator('[data-file="roster-20261124.sango"]');
      await expectText(roster, "この名簿は前回取り込んだものより古いため、取り込みませんでした。");
      assert(!(await roster.textContent()).includes("件"), "an older roster is counted as records");
      await expectText(page.getByTestId("sync-receive").getByTestId("flash"), "3 件のファイルを処理しました: 新規 24 件、取り込み済み 6 件。古い名簿 1 件は取り込んでいません。");
    },
  },
  {
    name: "in English the ward's sync leaves nothing in Japanese but the facilities' names",
    fixture: { mode: "ward", unregisteredSender: "tsumugi" },
    async run(page, { shot }) {
      await page.getByTestId("lang-switch").click();
      await page.locator('nav [data-screen="sync"]').click();
      await page.getByRole("button", { name: "Import files" }).click();
      await expectVisible(page.getByTestId("unregistered-sender"));
      await page.getByRole("button", { name: "Register this facility" }).click();
      await expectVisible(page.getByTestId("register-dialog"));
      const texts = await page.locator("h2, h3, h4, th, label, dt, p, main button, dialog button, [data-col='state']")
        .evaluateAll((els) => els.map((e) => e.textContent.trim()));
      const data = /ひかり|聖母病院|つむぎ助産所|練馬区 2024-04-01/g;
      const left = texts.filter((text) => /[\u3040-\u30ff\u4e00-\u9fff]/.test(text.replace(data, "")));
      // The backend's own refusal is in the window's language too (message_en).
      assert(left.length === 0, `the ward's sync still shows Japanese: ${JSON.stringify(left)}`);
      await expectText(page.getByTestId("register-dialog"), "will be registered with the key fingerprint 7c4e 9b02 d18f 6a35");
      await shot("en-ward-sync");
    },
  },
  {
    name: "before any roster, what the ward received reads 未受信",
    fixture: { acknowledged: null },
    async run(page) {
      await page.locator('nav [data-screen="sync"]').click();
      await expectText(page.getByTestId("acknowledged"), /^未受信$/);
    },
  },
  {
    name: "the desk shows the fee band always and the household only where the facility knows it",
    async run(page) {
      await lookUp(page, "1234567");
      const answer = page.getByTestId("desk-answer");
      await expectText(page.getByTestId("mother"), "練馬 花子");
      await expectText(answer.locator("dl"), /負担区分\s*一般/);
      assertEqual(await page.getByTestId("household").count(), 0, "a household the facility was never told:");
      assert(!(await answer.textContent()).includes("世帯区分"), "世帯区分 shown without a household");
      await lookUp(page, "3141592");
      await expectText(page.getByTestId("mother"), "豊玉 結衣");
      await expectText(page.getByTestId("fee-band"), /^免除$/);
      assertEqual(await page.getByTestId("household").count(), 0, "a household the facility was never told:");
      // An approval the desk entered itself: it knows the household.
      await lookUp(page, "7654321");
      await expectText(page.getByTestId("mother"), "光が丘 美咲");
      await expectText(page.getByTestId("fee-band"), /^免除$/);
      await expectText(answer.locator("dl"), /世帯区分\s*住民税非課税世帯/);
    },
  },
  {
    name: "ward mode shows its own sidebar, the ward in the status line, and usage charts with overruns",
    fixture: { mode: "ward" },
    async run(page, { shot }) {
      await expectText(page.locator("nav"), "集計");
      const items = await page.locator("nav button").allTextContents();
      assertEqual(items, ["集計", "承認", "連絡票", "請求", "実績", "連携", "設定"]);
      await expectText(page.getByTestId("install-name"), "練馬区");
      assertEqual(await page.getByTestId("roster-as-of").count(), 0, "the ward's status line speaks of a roster received:");
      assertEqual(await page.locator('[data-chart] svg').count(), 4);
      assertEqual(await page.locator('[data-chart="day-care"] rect').count(), 12);
      await expectText(page.getByTestId("overruns"), "9990001");
      await expectText(page.getByTestId("overruns"), "つむぎ助産所 10/8(木) から 1 (予約 2026年10月2日(金) 10:00)");
      assertEqual((await calls(page, "usage_stats"))[0].args, { year: 2026 });
      // By fiscal year: the selector says 2026年度 and the months run April to March.
      await expectText(page.getByTestId("usage-fiscal-year"), "2026年度");
      assertEqual((await page.locator('[data-chart="day-care"] svg text').allTextContents()).slice(0, 12), ["4", "5", "6", "7", "8", "9", "10", "11", "12", "1", "2", "3"]);
      await shot("ward-usage");
    },
  },
  {
    name: "ward claims show each facility and the backend's totals and export a CSV",
    fixture: { mode: "ward" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="claims"]').click();
      await expectText(page.locator('[data-facility="hikari"]'), "¥588,000");
      const total = page.getByTestId("claims-total");
      await expectText(total, /合計\s*23\s*¥1,036,000\s*¥94,000\s*¥942,000\s*1/);
      assertEqual((await calls(page, "claims"))[0].args, { month: "2026-10" });
      await expectText(page.getByTestId("month"), "2026年10月");
      await shot("ward-claims");
      // Into the folder the clerk chooses (their documents folder unless they type another), not outbox/.
      assertEqual(await page.locator('input[name="csv_folder"]').inputValue(), "/home/ward/Documents");
      await page.getByRole("button", { name: "CSV を書き出す" }).click();
      await expectText(page.locator('[role="status"]'), "/home/ward/Documents/claims-2026-10.csv");
      // The month is stepped, written in the window's language whatever the system's locale.
      await page.getByRole("button", { name: "前の月" }).click();
      await expectText(page.getByTestId("month"), "2026年9月");
      await page.getByRole("button", { name: "次の月" }).click();
      await page.getByRole("button", { name: "次の月" }).click();
      assertEqual((await calls(page, "claims")).map((c) => c.args.month), ["2026-10", "2026-09", "2026-10", "2026-11"]);
      await page.getByRole("button", { name: "CSV を書き出す" }).click();
      assertEqual((await calls(page, "claims_csv")).at(-1).args, { month: "2026-11", folder: "/home/ward/Documents" });
    },
  },
  {
    name: "closing a month confirms its totals, then shows it closed and the next month carries the late use as an adjustment",
    fixture: { mode: "ward" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="claims"]').click();
      await expectText(page.locator('[data-facility="hikari"]'), "¥588,000");
      await page.getByTestId("close-month").click();
      const confirm = page.getByTestId("close-confirm");
      await expectText(confirm, "2026年10月 を締めます");
      await expectText(page.getByTestId("close-payable"), "¥942,000");
      await shot("ward-close-confirm");
      await page.getByTestId("close-confirm-button").click();
      assertEqual((await calls(page, "close_month")).map((c) => c.args), [{ month: "2026-10", anyway: false }]);
      await expectText(page.getByTestId("claims-closed"), "締め済み");
      await expectText(page.getByTestId("claims-closed-by"), "が締めました");
      assertEqual(await page.getByTestId("close-month").count(), 0, "a closed month has no close button");
      // November carries October's late use: the difference, its month and why.
      await page.getByRole("button", { name: "次の月" }).click();
      const adj = page.getByTestId("claims-adjustments");
      await expectText(adj.locator('tr[data-adjustment="hikari-31"]'), /2026年10月\s*締め後の追加\s*¥17,500/);
      await expectText(page.getByTestId("claims-payable"), "¥959,500");
      await shot("ward-claims-adjustment");
      // November has not ended: the confirmation says so and cannot close.
      await page.getByTestId("close-month").click();
      await expectText(page.getByTestId("close-refusal"), "まだ終わっていません");
      assertEqual(await page.getByTestId("close-confirm-button").isDisabled(), true);
    },
  },
  {
    name: "with a facility's export missing, closing names it and needs close anyway, which is recorded",
    fixture: { mode: "ward", exportsMissing: true },
    async run(page) {
      await page.locator('nav [data-screen="claims"]').click();
      await page.getByTestId("close-month").click();
      await expectText(page.getByTestId("close-missing"), "聖母病院");
      const button = page.getByTestId("close-confirm-button");
      assertEqual(await button.isDisabled(), true, "not without saying so");
      await page.locator('input[name="close_anyway"]').check();
      await button.click();
      assertEqual((await calls(page, "close_month")).map((c) => c.args), [{ month: "2026-10", anyway: true }]);
      await expectText(page.locator("section"), "連携ファイルが届いていない施設があるまま締めました: seibo");
    },
  },
  {
    name: "a facility's claim prints as a 委託料請求書 on A4 in 和暦 with its adjustments",
    fixture: { mode: "ward" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="claims"]').click();
      await page.getByTestId("close-month").click();
      await page.getByTestId("close-confirm-button").click();
      await page.getByRole("button", { name: "次の月" }).click();
      await page.locator('button[data-invoice="hikari"]').click();
      const invoice = page.getByTestId("invoice");
      await expectText(page.getByTestId("invoice-month"), "令和8年11月分");
      await expectText(invoice, "練馬区 健康部 健康推進課 母子保健係 御中");
      await expectText(invoice, "助産院ひかり");
      await expectText(page.getByTestId("invoice-adjustments"), /hikari-31[\s\S]*令和8年10月分[\s\S]*締め後の追加[\s\S]*¥17,500/);
      await expectText(page.getByTestId("invoice-payable"), "¥605,500");
      assertEqual((await calls(page, "claim_invoice")).map((c) => c.args), [{ month: "2026-11", facility: "hikari" }]);
      await page.emulateMedia({ media: "print" });
      await shot("ward-invoice-print");
      assertEqual(await page.locator("nav").isVisible(), false, "only the invoice prints");
      await page.emulateMedia({ media: "screen" });
      await page.getByRole("button", { name: "請求に戻る" }).click();
      await expectText(page.getByTestId("claims-total"), "合計");
    },
  },
  {
    name: "実績 shows the fiscal year's tables, opens a figure to its uses and saves the workbook",
    fixture: { mode: "ward" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="fiscal"]').click();
      await expectText(page.getByTestId("fiscal-label"), "2026年度（令和8年度）");
      assertEqual((await calls(page, "fiscal_report"))[0].args, { fiscalYear: "2026" });
      await expectText(page.getByTestId("fiscal-summary"), /利用実人数 80人 \/ 出生数 400人\s*・ 利用率 20%/);
      await expectText(page.getByTestId("fiscal-summary"), "兄弟姉妹のいる利用者: この台帳では記録していません");
      await expectText(page.getByTestId("fiscal-care"), /スクリーニング 60件\(実人数 52人\)・EPDS 基準点以上 7件・要支援 9件\(実人数 8人\)/);
      await expectText(page.getByTestId("fiscal-care"), "連絡票 6件(うち至急 2件): 未読 1・受付済み 2・対応中 1・対応済み 2");
      const row = page.locator('[data-table="service"] tr[data-key="service:used:day-care"]');
      await expectText(row, /デイケア\(日帰り\)\s*41\s*82\s*123/);
      await row.getByRole("button", { name: "82 の内訳を開く" }).click();
      assertEqual((await calls(page, "fiscal_uses")).map((c) => c.args), [{ fiscalYear: "2026", key: "service:used:day-care" }]);
      const uses = page.getByTestId("fiscal-uses");
      await expectText(uses, "利用 デイケア(日帰り) の利用 3件");
      assertEqual(await uses.locator("tbody tr").count(), 3);
      await shot("ward-fiscal");
      await page.getByRole("button", { name: "エクセルで保存" }).click();
      await expectText(page.locator('[role="status"]'), "/home/ward/Documents/産後ケア実績-2026年度.xlsx");
    },
  },
  {
    name: "ward claims show the flagged lines with the ward's figure, the facility's and why",
    fixture: { mode: "ward" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="claims"]').click();
      // The totals say how much is flagged, per facility and in all.
      await expectText(page.locator('[data-facility="seibo"]'), "2件 ¥76,500");
      await expectText(page.locator('[data-facility="hikari"]'), "—");
      await expectText(page.getByTestId("claims-total"), "2件 ¥76,500");
      const flagged = page.getByTestId("claims-flagged");
      await expectText(flagged, "要確認 2件(区支出金額 ¥76,500)");
      assertEqual(await flagged.locator("tbody tr").count(), 2, "only the flagged lines are listed");
      const fee = flagged.locator('tr[data-booking="seibo-12"]');
      await expectText(fee, /¥59,000\s*¥66,000\s*金額相違/);
      assertEqual(await fee.locator('[data-flag="fee_mismatch"]').count(), 1);
      const unknown = flagged.locator('tr[data-booking="seibo-15"]');
      assertEqual(await unknown.locator(".badge").allTextContents(), ["未承認", "月齢"]);
      assertEqual(await flagged.locator('tr[data-booking="seibo-20"]').count(), 0);
      await shot("ward-claims-flagged");
    },
  },
  {
    name: "ward approvals show what facilities reported and accept a reported birth",
    fixture: { mode: "ward" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="approvals"]').click();
      const reports = page.getByTestId("facility-reports");
      await expectText(reports.locator('[data-testid="facility-approvals"] tr[data-card="5550001"]'), "石神井 咲");
      const birth = reports.locator('[data-testid="birth-proposals"] tr[data-card="1234567"]');
      await expectText(birth, "2人");
      await expectText(birth, "1人");
      await reports.scrollIntoViewIfNeeded();
      await shot("ward-facility-reports");
      await birth.getByRole("button", { name: "この出生を登録" }).click();
      await expectText(page.locator('[role="status"]'), "出生を登録しました(カード 1234567)");
      assertEqual((await calls(page, "birth_record")).at(-1).args, { card: "1234567", date: "2026-09-20", babies: 2 });
      assertEqual(await reports.locator('[data-testid="birth-proposals"]').count(), 0, "accepted: no longer listed");
    },
  },
  {
    name: "ward approvals record an approval with the desk's form",
    fixture: { mode: "ward" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="approvals"]').click();
      await page.locator('input[name="card"]').fill("3334445");
      await page.locator('input[name="approval_no"]').fill("R8-01000");
      await page.locator('input[name="mother"]').fill("貫井 智子");
      await page.getByRole("checkbox", { name: "訪問" }).check();
      await shot("ward-approvals");
      await page.getByRole("button", { name: "承認を登録", exact: true }).click();
      await expectText(page.locator('[role="status"]'), "承認を登録しました(カード 3334445)");
      assertEqual(await page.locator('input[name="card"]').inputValue(), "");
    },
  },
  {
    name: "in English no label, heading or button of any screen is left in Japanese",
    async run(page, { shot }) {
      await page.getByTestId("lang-switch").click();
      await lookUp(page, "1234567");
      await expectVisible(page.getByTestId("desk-answer"));
      const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
      for (const screen of ["desk", "calendar", "today", "referrals", "payments", "sync", "settings"]) {
        await page.locator(`nav [data-screen="${screen}"]`).click();
        await page.waitForTimeout(300);
        if (screen === "calendar") await page.locator('[data-date="2026-11-30"]').click();
        const texts = await page.locator("h1, h2, h3, th, label, legend, dt, nav button, main button:not([data-date]), figcaption, footer span:not([data-testid])")
          .evaluateAll((els) => els.map((e) => e.textContent.trim()));
        // Data from the backend (names, the program's name) stays as recorded.
        const data = /練馬区 2024-04-01|練馬 花子|光が丘 美咲|石神井 直子|大泉 由美|助産院ひかり|中村 光|豊玉 恵|桜台 亮|早宮 葵/g;
        const left = texts.filter((text) => japanese.test(text.replace(data, "")));
        assert(left.length === 0, `${screen} still shows Japanese: ${JSON.stringify(left)}`);
        await shot(`en-${screen}`);
      }
    },
  },
  {
    name: "a failure that is not an AppError still reaches the screen as one, in the window's language",
    fixture: { rawFailures: ["today", "settings_set"] },
    async run(page) {
      await page.locator('nav [data-screen="today"]').click();
      const error = page.locator('[role="alert"]');
      await expectText(error, "予期しないエラーが発生しました: today crashed");
      assertEqual(await error.getAttribute("data-code"), "internal");
      await page.getByTestId("lang-switch").click();
      await expectText(error, "Unexpected error: today crashed");
    },
  },
  {
    name: "a next open date on the desk opens the calendar on that day for her",
    async run(page) {
      await lookUp(page, "1234567");
      await page.locator('tr[data-service="day-care"] [data-next="2026-12-01"]').click();
      await expectText(page.getByTestId("month"), "2026年12月");
      await expectText(page.getByTestId("booking-form"), "2026年12月1日(火) からの予約");
      assertEqual(await page.locator("#tab-day-care").getAttribute("aria-selected"), "true");
      await expectVisible(page.getByTestId("quote"));
      const last = (await calls(page, "quote")).at(-1);
      assertEqual(last.args.input, { card: "1234567", service: "day-care", date: "2026-12-01", days: null, reason: null });
    },
  },
  {
    name: "a reschedule sends the new first day and shows the result",
    async run(page) {
      await lookUp(page, "1234567");
      await page.locator('[data-booking="B-0002"]').getByRole("button", { name: "日程変更" }).click();
      const dialog = page.locator("dialog");
      await dialog.locator('input[name="date"]').fill("2026-12-09");
      await dialog.locator('input[name="date"]').press("Enter");
      await expectText(page.locator('[role="status"]'), "日程を変更しました");
      assertEqual((await calls(page, "reschedule"))[0].args, { booking: "B-0002", date: "2026-12-09" });
      await expectText(page.locator('[data-booking="B-0002"]'), "2026年12月9日(水)");
    },
  },
];

// ---- First run, backups, repairs and the printed notice ----

/**
 * Every screen of `mode` in turn: nothing is drawn heavier than the regular weight (a bold face would map
 * a second CJK font file, issue 7), and what the styles make bold is drawn stroked instead.
 */
function oneFontWeight(mode, screens) {
  return {
    name: `every ${mode} screen draws bold as the regular weight with a stroke`,
    fixture: { mode },
    async run(page) {
      for (const screen of screens) {
        await page.locator(`nav [data-screen="${screen}"]`).click();
        await expectVisible(page.locator("main h2").first());
        const seen = await page.locator("body *").evaluateAll((els) => els.map((el) => {
          const style = getComputedStyle(el);
          return { tag: el.tagName, weight: Number(style.fontWeight), stroke: parseFloat(style.webkitTextStrokeWidth) || 0 };
        }));
        const heavy = seen.filter((e) => e.weight > 400);
        assert(heavy.length === 0, `${screen}: drawn heavier than 400: ${JSON.stringify(heavy.slice(0, 3))}`);
        assert(seen.some((e) => e.tag === "H2" && e.stroke > 0), `${screen}: its title is not stroked`);
        assert(seen.some((e) => e.stroke === 0), `${screen}: everything is stroked`);
      }
      // The open screen's sidebar item is bold, the others are not.
      const strokes = await page.locator("nav button").evaluateAll((els) => els.map((el) => parseFloat(getComputedStyle(el).webkitTextStrokeWidth) > 0));
      assertEqual(strokes, screens.map((_, i) => i === screens.length - 1));
    },
  };
}

const WARD_CARD = JSON.stringify({ kind: "ward-card", name: "練馬区 健康部 健康推進課 母子保健係", key: "ed25519:AAAA" });
const b64 = (text) => Buffer.from(text, "utf8").toString("base64");
/** The words the fixture's recovery sheet shows (ui/tests/fixture/mock.ts). */
const RECOVERY_WORDS = "abandon ability able about above absent absorb abstract absurd abuse access accident account accuse achieve acid acoustic acquire across act action actor actress actual".split(" ");

cases.push(
  oneFontWeight("facility", ["desk", "calendar", "today", "referrals", "payments", "sync", "settings"]),
  oneFontWeight("ward", ["usage", "approvals", "referrals", "claims", "fiscal", "sync", "settings"]),
  {
    name: "a first-run install sets up a facility picked from the directory with the ward's card file",
    fixture: { mode: "new" },
    async run(page, { shot }) {
      await expectText(page.locator("main h2"), "はじめての設定");
      assertEqual(await page.locator("nav button").count(), 0, "sidebar buttons before set-up:");
      await shot("first-run");
      await page.locator('[data-choice="facility"]').click();
      const form = page.getByTestId("setup-facility");
      await page.locator('input[name="facility_search"]').fill("つむぎ");
      const options = form.locator('input[name="facility"]');
      assertEqual(await options.count(), 1, "facilities matching つむぎ:");
      await page.locator('input[name="facility_search"]').fill("ぜんぜんちがう");
      await expectText(form.locator(".list"), "その名前の施設は見つかりません");
      await page.locator('input[name="facility_search"]').fill("");
      // Nothing chosen: the form says what is missing and sends nothing.
      await form.getByRole("button", { name: "この施設として設定する" }).click();
      await expectText(form.locator(".field-error"), "施設を選んでください");
      await page.locator('input[name="facility_search"]').fill("つむぎ");
      await form.locator('input[name="facility"][value="tsumugi"]').check();
      await expectText(page.getByTestId("chosen"), "つむぎ助産所");
      await form.getByRole("button", { name: "この施設として設定する" }).click();
      await expectText(form.locator(".field-error"), "区のカードを選ぶか、貼り付けてください");
      assertEqual((await calls(page, "setup_facility")).length, 0, "setup_facility calls before the form is filled:");
      // A wrong file: the backend's refusal and a sentence on what to do.
      await form.locator('input[name="ward_card_file"]').setInputFiles({ name: "memo.txt", mimeType: "text/plain", buffer: Buffer.from("これはメモです") });
      await expectText(page.getByTestId("card-loaded"), "memo.txt");
      await expectText(page.getByTestId("ward-card-unreadable"), "区のカードのファイルが読めないか、書き換えられています");
      assertEqual(await page.getByTestId("ward-card-info").count(), 0, "a fingerprint for a file that is no card:");
      await form.getByRole("button", { name: "この施設として設定する" }).click();
      await expectText(page.locator("#setup-error"), "区のカードが読めません");
      await expectText(page.getByTestId("setup-hint"), "区から受け取ったカードのファイルを選び直してください");
      await form.locator('input[name="ward_card_file"]').setInputFiles({ name: "nerima-ward.card", mimeType: "application/json", buffer: Buffer.from(WARD_CARD) });
      await expectText(page.getByTestId("card-loaded"), "nerima-ward.card");
      assertEqual(await form.locator('textarea[name="ward_card"]').inputValue(), WARD_CARD);
      // Before anything is installed: whose card it is and its fingerprint, to compare with the ward's over the phone.
      const info = page.getByTestId("ward-card-info");
      await expectText(info, "練馬区 健康部 健康推進課 母子保健係");
      await expectText(page.getByTestId("ward-card-key"), /^d4c3 b2a1 0f9e 8d7c$/);
      await expectText(info, "4けたずつ同じか確かめてから設定してください");
      assertEqual((await calls(page, "ward_card_check")).at(-1).args, { wardCard: WARD_CARD });
      assertEqual(await page.getByTestId("ward-card-unreadable").count(), 0, "the unreadable file's message stays:");
      await form.locator('input[name="cap_short-stay"]').fill("3");
      await shot("first-run-facility");
      await form.getByRole("button", { name: "この施設として設定する" }).click();
      // The recovery sheet first, shown this once: the shell opens only once it is put away.
      const sheet = page.getByTestId("recovery-sheet");
      await expectText(sheet, "この画面は今回しか表示されません");
      assertEqual((await page.getByTestId("recovery-words").locator("li").count()), 24, "words on the sheet:");
      await expectText(page.getByTestId("recovery-words"), "abandon");
      await expectVisible(sheet.locator(".qr svg"));
      await shot("first-run-recovery-sheet");
      assert(await sheet.getByRole("button", { name: "はじめる" }).isDisabled(), "the shell opens before the sheet is put away");
      await sheet.locator('input[name="recovery_kept"]').check();
      await sheet.getByRole("button", { name: "はじめる" }).click();
      // Then the first admin, before any screen opens.
      await registerFirstAdmin(page);
      await expectText(page.locator("nav"), "受付");
      await expectVisible(page.locator("#card-input"));
      const set = (await calls(page, "setup_facility")).at(-1);
      assertEqual(set.args, { facility: "tsumugi", wardCard: WARD_CARD, closed: "sun,holidays", capacity: "short-stay=3,day-care=4,home-visit=3" });
      await expectText(page.getByTestId("install-name"), "助産院ひかり");
    },
  },
  {
    name: "a first-run install can be the ward's, and the ward's screens open",
    fixture: { mode: "new" },
    async run(page) {
      await page.locator('[data-choice="ward"]').click();
      await expectText(page.getByTestId("setup-ward"), "施設の受付の端末では選ばないでください");
      await page.getByRole("button", { name: "区の端末として設定する" }).click();
      await expectText(page.getByTestId("recovery-sheet"), "練馬区");
      await page.locator('input[name="recovery_kept"]').check();
      await page.getByRole("button", { name: "はじめる" }).click();
      await registerFirstAdmin(page, "練馬 太郎");
      await expectText(page.locator("nav"), "集計");
      assertEqual((await calls(page, "setup_ward")).length, 1);
    },
  },
  {
    name: "a restore asks for the recovery sheet's 24 words and explains a wrong key",
    fixture: { mode: "new" },
    async run(page, { shot }) {
      await page.locator('[data-choice="restore"]').click();
      const form = page.getByTestId("setup-restore");
      await form.getByRole("button", { name: "復元する" }).click();
      await expectText(form.locator(".field-error"), "バックアップファイルを選んでください");
      // Not a backup at all.
      await form.locator('input[name="backup_file"]').setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: Buffer.from("JFIF....") });
      await form.locator('textarea[name="recovery_key"]').fill(RECOVERY_WORDS.join(" "));
      await form.getByRole("button", { name: "復元する" }).click();
      await expectText(page.getByTestId("setup-hint"), "Sango のバックアップファイル(名前が .sbk で終わるファイル)");
      const content = "SANGO-BACKUP/2+recovery-key\n(encrypted bytes)";
      await form.locator('input[name="backup_file"]').setInputFiles({ name: "sango-20261118.sbk", mimeType: "application/octet-stream", buffer: Buffer.from(content) });
      await form.locator('textarea[name="recovery_key"]').fill("");
      await form.getByRole("button", { name: "復元する" }).click();
      await expectText(form.locator(".field-error"), "復旧シートの24語を入力してください");
      await form.locator('textarea[name="recovery_key"]').fill("abandon ability able");
      await form.getByRole("button", { name: "復元する" }).click();
      await expectText(page.getByTestId("setup-hint"), "復旧キーが読めません");
      await form.locator('textarea[name="recovery_key"]').fill(RECOVERY_WORDS.slice().reverse().join(" "));
      await form.getByRole("button", { name: "復元する" }).click();
      await expectText(page.getByTestId("setup-hint"), "この復旧キーでは開けません");
      await shot("first-run-restore");
      await form.locator('textarea[name="recovery_key"]').fill(RECOVERY_WORDS.join("\n"));
      await form.getByRole("button", { name: "復元する" }).click();
      // The backup's own staff: nobody is signed in on the restored install.
      await signIn(page, "中村 光", "135790");
      await expectText(page.locator("nav"), "受付");
      const sent = await calls(page, "restore_backup");
      assertEqual(sent.at(-1).args.recoveryKey, RECOVERY_WORDS.join("\n"));
      assertEqual(sent.at(-1).args.dataBase64, b64(content));
    },
  },
  {
    name: "a settings save error appears next to the field it is about",
    async run(page, { shot }) {
      await page.locator('nav [data-screen="settings"]').click();
      await page.locator('input[name="closed"]').fill("sun,someday");
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await expectText(page.locator("#closed-error"), "入力が正しくありません: closed days: someday");
      assertEqual(await page.locator('input[name="closed"]').getAttribute("aria-invalid"), "true");
      assertEqual(await page.locator("#areas-error").count(), 0, "areas errors:");
      await shot("settings-error");
      await page.locator('input[name="closed"]').fill("sun,holidays");
      await page.locator('input[name="visit_areas"]').fill("176, 180");
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await expectText(page.locator("#areas-error"), "176・177・178・179");
      assertEqual(await page.locator("#closed-error").count(), 0, "closed errors:");
      assertEqual((await calls(page, "settings_set")).at(-1).args.settings.visit_areas, ["176", "180"]);
      await page.locator('input[name="visit_areas"]').fill("176");
      await page.getByRole("button", { name: "保存", exact: true }).click();
      await expectText(page.locator('main [role="status"]'), "保存しました");
      assertEqual(await page.locator("#areas-error").count(), 0, "areas errors after a good save:");
    },
  },
  {
    name: "a backup is always encrypted to the recovery key and asks nothing at the desk",
    async run(page, { shot }) {
      await page.locator('nav [data-screen="settings"]').click();
      const card = page.locator(".backup");
      await expectText(card, "健康の記録");
      await expectText(card, "復旧シート");
      assertEqual(await card.locator('input[type="password"]').count(), 0, "passphrase fields:");
      await shot("settings-backup");
      await card.getByRole("button", { name: "この端末内にバックアップ" }).click();
      await expectText(card.locator('[role="status"]'), "暗号化してバックアップしました: /home/desk/.local/share/sango/backups/sango-20261125-093000.sbk");
      assertEqual((await calls(page, "backup_now"))[0].args, {});
    },
  },
  {
    name: "a backup onto the USB stick found offers it as the folder, and a missing stick is explained",
    fixture: { drives: ["/media/desk/SANGO-USB", "/media/desk/CAMERA"] },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="settings"]').click();
      const card = page.locator(".backup");
      const usb = card.getByTestId("usb");
      await expectText(usb, "/media/desk/CAMERA");
      const button = card.getByRole("button", { name: "USB メモリにバックアップ" });
      // Two sticks: none is chosen for the clerk.
      assertEqual(await usb.locator('input[name="backup_folder"]').inputValue(), "", "folder with two sticks:");
      assert(await button.isDisabled(), "a USB backup can start without a folder");
      await usb.locator('[data-drive="/media/desk/SANGO-USB"]').click();
      assertEqual(await usb.locator('input[name="backup_folder"]').inputValue(), "/media/desk/SANGO-USB");
      assertEqual(await usb.locator('[data-drive="/media/desk/SANGO-USB"]').getAttribute("aria-pressed"), "true");
      await shot("settings-backup-usb");
      await button.click();
      await expectText(card.getByTestId("flash"), "暗号化してバックアップしました: /media/desk/SANGO-USB/sango-hikari-20261125-093000.sbk");
      assertEqual((await calls(page, "backup_to"))[0].args, { folder: "/media/desk/SANGO-USB" });
      assertEqual((await calls(page, "backup_now")).length, 0, "backups on this computer:");

      // A folder typed by hand that is not there: the clerk's words, not a path error.
      await usb.locator('input[name="backup_folder"]').fill("/media/desk/OLD-STICK");
      await button.click();
      const alert = card.locator('[role="alert"]');
      await expectText(alert, "USB メモリが見つかりません(/media/desk/OLD-STICK)。差し込まれているか確かめ");
      assertEqual(await alert.getAttribute("data-code"), "bad_folder");
      assertEqual((await calls(page, "backup_to"))[1].args, { folder: "/media/desk/OLD-STICK" });
      await shot("settings-backup-usb-missing");
    },
  },
  {
    name: "the WebDriver tests' handles are on the rows' buttons, the dialogs' submits and the receipt",
    async run(page) {
      await lookUp(page, "7654321");
      await expectVisible(page.getByTestId("record-birth"));
      const row = page.locator('[data-booking="B-0003"]');
      assertEqual(await row.locator("[data-action]").evaluateAll((els) => els.map((e) => e.dataset.action)), ["reschedule", "cancel"]);
      await page.getByTestId("new-approval").click();
      await expectVisible(page.getByTestId("approval-form"));
      await row.locator('[data-action="cancel"]').click();
      await expectVisible(page.getByTestId("confirm-cancel"));
      await page.keyboard.press("Escape");
      await page.getByTestId("record-birth").click();
      await expectVisible(page.getByTestId("birth-submit"));
      await page.keyboard.press("Escape");
      await page.locator('nav [data-screen="today"]').click();
      const arrival = page.locator('[data-group="check-ins"] [data-action="check-in"]');
      await arrival.first().click();
      await expectVisible(page.getByTestId("checkin-submit"));
      await page.getByTestId("checkin-submit").click();
      await expectText(page.getByTestId("flash"), "受付しました");
      await page.locator('[data-action="care-log"]').first().click();
      await expectVisible(page.getByTestId("care-submit"));
      await page.keyboard.press("Escape");
      await page.locator('[data-action="complete"]').first().click();
      await expectVisible(page.getByTestId("complete-submit"));
      await page.keyboard.press("Escape");
      await page.locator('nav [data-screen="payments"]').click();
      await page.locator('[data-booking="B-0005"] [data-action="receipt"]').click();
      await expectText(page.getByTestId("receipt-issued"), "令和8年11月25日");
      await expectText(page.getByTestId("receipt-period"), "令和8年11月20日〜令和8年11月22日");
      await page.getByRole("button", { name: "一覧に戻る" }).click();
      await page.locator('[data-booking="B-0005"] [data-action="pay"]').click();
      await expectVisible(page.getByTestId("receipt"));
    },
  },
  {
    name: "with one USB stick plugged in it is the folder",
    async run(page) {
      await page.locator('nav [data-screen="settings"]').click();
      const usb = page.getByTestId("usb");
      await expectText(usb, "/media/desk/SANGO-USB");
      assertEqual(await usb.locator('input[name="backup_folder"]').inputValue(), "/media/desk/SANGO-USB");
    },
  },
  {
    name: "with no USB stick the settings say so and a folder can still be typed",
    fixture: { drives: [] },
    async run(page) {
      await page.locator('nav [data-screen="settings"]').click();
      await expectText(page.getByTestId("no-drives"), "USB メモリが見つかりません。差し込んでから「もう一度探す」を押すか");
      await page.getByRole("button", { name: "もう一度探す" }).click();
      await expectVisible(page.getByTestId("no-drives"));
      assertEqual((await calls(page, "removable_media")).length, 2, "drive look-ups:");
    },
  },
  {
    name: "an overdue backup shows a reminder on every screen that leads to settings and can be dismissed",
    async run(page, { shot }) {
      const reminder = page.getByTestId("backup-reminder");
      await expectText(reminder, "最後のバックアップから1週間以上たっています");
      await shot("backup-reminder");
      await reminder.getByRole("button", { name: "設定でバックアップする" }).click();
      await expectText(page.locator("main h2"), "設定");
      await expectHidden(reminder);
      await page.locator('nav [data-screen="today"]').click();
      await expectVisible(reminder);
      await reminder.getByRole("button", { name: "このお知らせを閉じる" }).click();
      await expectHidden(reminder);
    },
  },
  {
    name: "a rebuilt state and a cut journal tail show as titled banners that can be dismissed",
    fixture: { notices: [
      { code: "state_rebuilt", message_ja: "作業用データが壊れていたため、記録(ジャーナル)から作り直しました。記録は失われていません。", message_en: "The working state was damaged and has been rebuilt from the journal. No record was lost." },
      { code: "journal_tail_cut", message_ja: "前回の終了時に書きかけだった記録(120 バイト)を切り離しました。確定済みの記録はすべて残っています。", message_en: "An unfinished write (120 bytes) was cut off. Every confirmed record is intact." },
    ] },
    async run(page, { shot }) {
      const rebuilt = page.locator('.banner[data-code="state_rebuilt"]');
      const cut = page.locator('.banner[data-code="journal_tail_cut"]');
      await expectText(rebuilt, "起動時にデータを点検し、修復しました");
      await expectText(rebuilt, "記録(ジャーナル)から作り直しました");
      await expectText(cut, "書きかけだった記録(120 バイト)");
      assertEqual(await rebuilt.getAttribute("role"), "alert");
      const color = await rebuilt.evaluate((el) => getComputedStyle(el).borderLeftWidth);
      assertEqual(color, "6px", "the repair banner's border:");
      await shot("notices");
      await page.getByTestId("lang-switch").click();
      await expectText(rebuilt, "The data was checked and repaired at start-up");
      await rebuilt.getByRole("button", { name: "Dismiss this notice" }).click();
      await expectHidden(rebuilt);
      await expectVisible(cut);
    },
  },
  {
    name: "the ward prints the notice of an approval just recorded, with its QR, ○ marks and both calendars",
    fixture: { mode: "ward" },
    async run(page, { shot }) {
      await page.locator('nav [data-screen="approvals"]').click();
      await page.locator('input[name="card"]').fill("3334445");
      await page.locator('input[name="approval_no"]').fill("R8-01000");
      await page.locator('input[name="mother"]').fill("貫井 智子");
      await page.getByRole("checkbox", { name: "ショートステイ(宿泊)" }).check();
      await page.getByRole("checkbox", { name: "訪問" }).check();
      await page.getByRole("button", { name: "承認を登録", exact: true }).click();
      await expectText(page.locator('[role="status"]'), "承認を登録しました(カード 3334445)");
      await page.locator(".saved").getByRole("button", { name: "通知書を印刷" }).click();
      const notice = page.getByTestId("notice");
      await expectText(notice.locator("h2"), "利用承認通知書");
      assertEqual((await calls(page, "approval_notice"))[0].args, { card: "3334445" });
      await expectText(notice, "貫井 智子 様");
      await expectText(notice, "R8-01000");
      await expectText(page.getByTestId("notice-issued"), "令和8年11月25日(2026年11月25日(水))");
      await expectText(page.getByTestId("notice-validity"), "お子さんが1歳未満の間");
      await expectText(page.getByTestId("notice-intro"), "練馬区産後ケア事業の利用を");
      await expectText(page.getByTestId("notice-booking"), "前日10時まで");
      await expectText(notice, "練馬区 健康部 健康推進課 母子保健係");
      await expectText(notice, "電話 03-5984-4621");
      const row = (s) => page.locator(`[data-testid="notice-lines"] tr[data-service="${s}"]`);
      await expectText(row("short-stay"), /○\s*母子ショートステイ\(宿泊\)\s*7日まで\s*1泊2日 ¥7,000/);
      await expectText(row("day-care"), /^\s*母子デイケア\(日帰り\)\s*12\(多胎 18\)日まで/);
      await expectText(row("home-visit"), /○\s*産後ケア訪問\s*6\(多胎 10\)回まで\s*1回 ¥500/);
      assert(!(await row("short-stay").textContent()).includes("多胎"), "a limit the same for twins shows 多胎");
      assertEqual(await page.locator('[data-testid="notice-qr"] svg').count(), 1, "QR images:");
      assertEqual(await page.locator('[data-testid="notice-qr"] path').count(), 1, "QR paths:");
      await shot("ward-notice");
      await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; });
      await page.getByRole("button", { name: "印刷" }).click();
      assertEqual(await page.evaluate(() => window.__printed), 1, "window.print calls:");
      await page.emulateMedia({ media: "print" });
      await shot("ward-notice-print");
      assert(!(await page.locator("nav").isVisible()), "the sidebar is printed");
      assert(!(await page.getByRole("button", { name: "印刷" }).isVisible()), "the print button is printed");
      assert(await notice.isVisible(), "the notice is not printed");
      await page.pdf({ path: new URL("./screenshots/notice.pdf", import.meta.url).pathname, format: "A4" }).catch(() => {});
      await page.emulateMedia({ media: "screen" });
      await page.getByRole("button", { name: "戻る", exact: true }).click();
      await expectVisible(page.getByTestId("notice-form"));
    },
  },
  {
    name: "the ward prints a notice for a card typed in and says so when the card is unknown",
    fixture: { mode: "ward" },
    async run(page) {
      await page.locator('nav [data-screen="approvals"]').click();
      const form = page.getByTestId("notice-form");
      await form.locator('input[name="notice_card"]').fill("0000000");
      await form.getByRole("button", { name: "通知書を印刷" }).click();
      await expectText(page.locator("#notice-error"), "利用者「0000000」は見つかりません");
      await form.locator('input[name="notice_card"]').fill("1234567");
      await form.getByRole("button", { name: "通知書を印刷" }).click();
      await expectText(page.getByTestId("notice"), "練馬 花子 様");
      await expectText(page.locator('[data-testid="notice-lines"] tr[data-service="day-care"]'), /○/);
    },
  },
  {
    name: "a QR image carrying a script is not injected into the notice",
    fixture: { mode: "ward", noticeSvg: '<svg xmlns="http://www.w3.org/2000/svg"><script>window.__owned = 1</script><rect width="9" height="9"/></svg>' },
    async run(page) {
      await page.locator('nav [data-screen="approvals"]').click();
      await page.locator('input[name="notice_card"]').fill("1234567");
      await page.getByTestId("notice-form").getByRole("button", { name: "通知書を印刷" }).click();
      await expectText(page.getByTestId("notice-qr"), "2次元コードを表示できませんでした");
      assertEqual(await page.locator('[data-testid="notice-qr"] svg').count(), 0, "QR images:");
      assertEqual(await page.evaluate(() => window.__owned ?? 0), 0, "the script ran:");
    },
  },
  {
    name: "in English the first-run screens leave nothing in Japanese but data",
    fixture: { mode: "new" },
    async run(page) {
      await page.getByTestId("lang-switch").click();
      const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;
      const check = async (where) => {
        const texts = await page.locator("main h2, main h3, main label, main legend, main button, main p:not(.muted)")
          .evaluateAll((els) => els.map((e) => e.textContent.trim()));
        // The directory's facility names and addresses are data, as the ward's page writes them.
        const data = /助産院ひかり|ひかり|つむぎ助産所|社会福祉法人聖母会 聖母病院|聖母病院|みどり助産院|みどり|東京都\S+/g;
        const left = texts.filter((text) => japanese.test(text.replace(data, "")));
        assert(left.length === 0, `${where} still shows Japanese: ${JSON.stringify(left)}`);
      };
      await check("choose");
      for (const choice of ["facility", "ward", "restore"]) {
        await page.locator(`[data-choice="${choice}"]`).click();
        await check(choice);
        await page.getByRole("button", { name: "Choose again" }).click();
      }
    },
  },
);

// ---- Staff sign-in, lock, roles and the audit (issue 17) ----

const navScreens = (page) => page.locator("nav button").evaluateAll((els) => els.map((e) => e.dataset.screen));

cases.push(
  {
    name: "signed out, the sign-in screen lists the active staff with their roles, and a name, the PIN and Enter sign in",
    fixture: { signedIn: null },
    async run(page, { shot }) {
      const screen = page.getByTestId("sign-in");
      await expectVisible(screen);
      assertEqual(await page.locator("nav button").count(), 0, "sidebar buttons signed out:");
      assertEqual(await page.getByTestId("lock").count(), 0, "lock buttons signed out:");
      assertEqual(await screen.locator("button[data-staff]").evaluateAll((els) => els.map((e) => e.dataset.staff)), ["中村 光", "豊玉 恵", "桜台 亮"], "a disabled account is listed:");
      await expectText(screen.locator('button[data-staff="豊玉 恵"]'), "助産師");
      await expectText(screen.locator('button[data-staff="桜台 亮"]'), "受付");
      const pin = page.getByTestId("pin");
      assertEqual(await pin.evaluate((el) => [el.type, el.inputMode, el.autocomplete]), ["password", "numeric", "off"]);
      // No name chosen: said, nothing sent.
      await pin.fill("112233");
      await pin.press("Enter");
      await expectText(screen.locator(".field-error"), "名前を選んでください");
      assertEqual((await calls(page, "sign_in")).length, 0, "sign-ins without a name:");
      await shot("sign-in");
      // Two taps: the name (the PIN field takes the focus), the PIN and Enter.
      await screen.locator('button[data-staff="桜台 亮"]').click();
      assertEqual(await screen.locator('button[data-staff="桜台 亮"]').getAttribute("aria-pressed"), "true");
      assert(await pin.evaluate((el) => el === document.activeElement), "the PIN field is not focused after the name");
      assertEqual(await pin.inputValue(), "", "the PIN typed before the name stays:");
      await page.keyboard.type("112233");
      await page.keyboard.press("Enter");
      await expectText(page.getByTestId("signed-in-as"), "桜台 亮(受付)");
      assertEqual((await calls(page, "sign_in")).map((c) => c.args), [{ name: "桜台 亮", pin: "112233" }]);
      await expectHidden(screen);
      await expectVisible(page.locator("#card-input"));
      assertEqual(await navScreens(page), ["desk", "calendar", "today", "payments"], "reception's screens:");
      assert((await page.getByTestId("lock").getAttribute("title")).includes("Ctrl+L"), "the lock button does not name its shortcut");
      await expectText(page.getByTestId("lock"), "施錠");
      // The padlock is drawn, not a glyph: a PC without an emoji font shows it too.
      assertEqual(await page.locator('[data-testid="lock"] svg.padlock').count(), 1);
    },
  },
  {
    name: "a wrong PIN is said in the core's words and the fifth in a row locks the account for 15 minutes",
    fixture: { signedIn: null },
    async run(page, { shot }) {
      await page.locator('button[data-staff="豊玉 恵"]').click();
      const pin = page.getByTestId("pin");
      const error = page.locator("#sign-in-error");
      for (let n = 1; n <= 4; n++) {
        await pin.fill("000000");
        await pin.press("Enter");
        await expectText(error, "名前または暗証番号が違います。");
        assertEqual(await error.getAttribute("data-code"), "sign_in_failed");
        assertEqual(await pin.inputValue(), "", `the wrong PIN stays in the field after try ${n}:`);
        assertEqual(await pin.getAttribute("aria-invalid"), "true");
      }
      await pin.fill("000000");
      await pin.press("Enter");
      await expectText(error, "5回続けて間違えたため、この職員は15分間サインインできません");
      assertEqual(await error.getAttribute("data-code"), "sign_in_locked");
      await shot("sign-in-locked");
      // Locked: the right PIN too, until the time or an admin's reset.
      await pin.fill("246802");
      await pin.press("Enter");
      await expectText(error, "15分間サインインできません");
      assertEqual((await calls(page, "sign_in")).length, 6);
      await expectVisible(page.getByTestId("sign-in"));
      // Another person signs in at once.
      await page.locator('button[data-staff="中村 光"]').click();
      await page.keyboard.type("135790");
      await page.keyboard.press("Enter");
      await expectText(page.getByTestId("signed-in-as"), "中村 光(管理者)");
    },
  },
  {
    name: "the lock button and Ctrl+L show the sign-in screen, and the next person sees neither the desk answer nor a half-filled form",
    async run(page, { shot }) {
      await expectText(page.getByTestId("signed-in-as"), "中村 光(管理者)");
      await lookUp(page, "1234567");
      await expectText(page.getByTestId("mother"), "練馬 花子");
      await page.getByTestId("new-approval").click();
      await page.getByTestId("approval-form").locator('input[name="mother"]').fill("途中 入力");
      await page.getByTestId("lock").click();
      await expectVisible(page.getByTestId("sign-in"));
      assertEqual(await page.getByTestId("mother").count(), 0, "the mother's answer under the lock:");
      assertEqual(await page.locator("nav button").count(), 0, "sidebar buttons locked:");
      assertEqual(await page.getByTestId("signed-in-as").count(), 0, "who is signed in, locked:");
      assertEqual((await calls(page, "lock")).length, 1);
      await shot("locked");
      await signIn(page, "桜台 亮", "112233");
      await expectVisible(page.locator("#card-input"));
      assertEqual(await page.locator("#card-input").inputValue(), "", "the card of the one before:");
      assertEqual(await page.getByTestId("desk-answer").count(), 0, "the desk answer of the one before:");
      assertEqual(await page.getByTestId("approval-form").count(), 0, "the half-filled approval form of the one before:");
      assertEqual((await calls(page, "desk_lookup")).length + (await calls(page, "desk_read")).length, 1, "lookups after the switch:");
      // The shortcut does the same, from anywhere.
      await lookUp(page, "7654321");
      await expectText(page.getByTestId("mother"), "光が丘 美咲");
      await page.locator('nav [data-screen="calendar"]').click();
      await page.keyboard.press("Control+L");
      await expectVisible(page.getByTestId("sign-in"));
      assertEqual((await calls(page, "lock")).length, 2);
      await signIn(page, "中村 光", "135790");
      await expectVisible(page.locator("#card-input"));
      assertEqual(await page.locator("#card-input").inputValue(), "", "the card after Ctrl+L:");
      assertEqual(await page.getByTestId("mother").count(), 0, "the mother after Ctrl+L:");
      // Nor does 予約 open on the card the one before handed it.
      await page.locator('nav [data-screen="calendar"]').click();
      assertEqual(await page.locator('input[name="card"]').inputValue(), "", "the calendar's card after Ctrl+L:");
    },
  },
  {
    name: "the window locks itself after the idle time without input, and input keeps it open",
    fixture: { idleLockMinutes: 0.025 },
    async run(page) {
      await expectVisible(page.locator("#card-input"));
      // 1.5 s of idle time: typing every 300 ms for 2.4 s keeps the session.
      for (let i = 0; i < 8; i++) {
        await page.keyboard.type("1");
        await page.waitForTimeout(300);
      }
      assertEqual(await page.getByTestId("sign-in").count(), 0, "locked while typing:");
      assertEqual((await calls(page, "lock")).length, 0, "lock calls while typing:");
      await page.getByTestId("sign-in").waitFor({ state: "visible", timeout: 4000 });
      assertEqual((await calls(page, "lock")).length, 1, "lock calls after the idle time:");
      assertEqual(await page.locator("#card-input").count(), 0, "the desk under the idle lock:");
    },
  },
  {
    name: "a reception session sees today's list without the care log, check-in or completion, and no 設定",
    fixture: { signedIn: "桜台 亮" },
    async run(page, { shot }) {
      assertEqual(await navScreens(page), ["desk", "calendar", "today", "payments"], "reception's screens:");
      assertEqual(await page.locator('nav [data-screen="settings"]').count(), 0, "設定 for reception:");
      await page.locator('nav [data-screen="today"]').click();
      const checkedIn = page.locator('[data-booking="B-0004"]');
      await expectText(checkedIn, "石神井 直子");
      await expectVisible(page.locator('[data-booking="B-0003"]'));
      assertEqual(await page.locator('[data-action="care-log"]').count(), 0, "care log buttons for reception:");
      assertEqual(await page.locator('[data-action="complete"]').count(), 0, "complete buttons for reception:");
      assertEqual(await page.locator('[data-action="check-in"]').count(), 0, "check-in buttons for reception:");
      await shot("today-reception");
      await page.locator('nav [data-screen="payments"]').click();
      await expectVisible(page.locator('[data-booking="B-0005"] [data-action="pay"]'));
    },
  },
  {
    name: "a midwife opens on 今日の利用 with check-in and the care log, and the desk and payments are not hers",
    fixture: { signedIn: "豊玉 恵" },
    async run(page, { shot }) {
      await expectText(page.locator("main h2"), "今日の利用");
      assertEqual(await navScreens(page), ["today", "referrals"], "a midwife's screens:");
      await expectText(page.getByTestId("signed-in-as"), "豊玉 恵(助産師)");
      await expectVisible(page.locator('[data-booking="B-0003"] [data-action="check-in"]'));
      await page.locator('[data-booking="B-0004"] [data-action="care-log"]').click();
      await expectVisible(page.getByTestId("care-submit"));
      await page.locator('[data-toggle="breast-care"]').click();
      await page.getByTestId("care-submit").click();
      await expectText(page.getByTestId("flash"), "ケア記録を保存しました");
      assertEqual((await calls(page, "care_log")).length, 1);
      // Saving keeps the record open; closed and opened again, it is an opening of her record (the audit's)
      // and shows the day's entry as saved.
      await page.locator("dialog").getByRole("button", { name: "閉じる" }).first().click();
      await page.locator('[data-booking="B-0004"] [data-action="care-log"]').click();
      await expectVisible(page.getByTestId("care-submit"));
      await expectText(page.locator('[data-toggle="breast-care"][aria-pressed="true"]'), "✓");
      assertEqual((await calls(page, "care_record")).map((c) => c.args), [{ booking: "B-0004" }, { booking: "B-0004" }]);
      await shot("today-midwife");
    },
  },
  {
    name: "hidden is only a convenience: a call the core refuses shows its not_permitted message",
    // A session that says more than the core's table (as a stale window might): the core still refuses.
    fixture: { signedIn: "桜台 亮", sessionAllows: ["care_log"] },
    async run(page) {
      await page.locator('nav [data-screen="today"]').click();
      await page.locator('[data-booking="B-0004"] [data-action="care-log"]').click();
      await page.getByTestId("care-submit").click();
      const error = page.locator('dialog [role="alert"]');
      await expectText(error, "受付の権限では「ケア記録」はできません");
      assertEqual(await error.getAttribute("data-code"), "not_permitted");
    },
  },
  {
    name: "an open install without staff asks for the first admin and checks the PIN before sending it",
    fixture: { noStaff: true, signedIn: null },
    async run(page, { shot }) {
      const form = page.getByTestId("first-admin");
      await expectText(page.locator("main h2"), "最初の管理者を登録");
      assertEqual(await page.locator("nav button").count(), 0, "sidebar buttons before the first admin:");
      assertEqual(await page.getByTestId("sign-in").count(), 0, "a sign-in screen without staff:");
      await form.getByTestId("first-admin-submit").click();
      await expectText(form.locator(".field-error"), "氏名を入力してください");
      await form.locator('input[name="admin_name"]').fill("中村 光");
      await form.locator('input[name="admin_pin"]').fill("1357");
      await form.getByTestId("first-admin-submit").click();
      await expectText(form.locator(".field-error"), "6桁以上");
      await form.locator('input[name="admin_pin"]').fill("135790");
      await form.locator('input[name="admin_pin_again"]').fill("135791");
      await form.getByTestId("first-admin-submit").click();
      await expectText(form.locator(".field-error"), "一致しません");
      assertEqual((await calls(page, "staff_add_first")).length, 0, "staff_add_first before the form is right:");
      await shot("first-admin");
      await form.locator('input[name="admin_pin_again"]').fill("135790");
      await form.locator('input[name="admin_pin_again"]').press("Enter");
      await expectText(page.getByTestId("signed-in-as"), "中村 光(管理者)");
      assertEqual((await calls(page, "staff_add_first")).map((c) => c.args), [{ name: "中村 光", pin: "135790" }]);
      assertEqual(await navScreens(page), ["desk", "calendar", "today", "referrals", "payments", "sync", "settings"], "the admin's screens:");
    },
  },
  {
    name: "設定 lists the staff with role and state, adds one with a PIN, disables and enables with a confirm, and resets a PIN",
    async run(page, { shot }) {
      await page.locator('nav [data-screen="settings"]').click();
      const table = page.getByTestId("staff-accounts");
      const row = (name) => table.locator(`tr[data-staff-row="${name}"]`);
      await expectText(row("早宮 葵"), /早宮 葵\s*受付\s*停止中/);
      await expectText(row("豊玉 恵"), /豊玉 恵\s*助産師\s*有効/);
      // Add: the role and a PIN typed twice.
      const add = page.getByTestId("staff-add");
      await add.locator('input[name="staff_name"]').fill("早宮 翼");
      assertEqual(await add.locator('select[name="staff_role"] option').evaluateAll((els) => els.map((e) => e.value)), ["reception", "midwife", "admin"]);
      await add.locator('select[name="staff_role"]').selectOption("midwife");
      await add.locator('input[name="staff_pin"]').fill("6543");
      await add.getByRole("button", { name: "職員を追加" }).click();
      await expectText(add.locator(".field-error"), "6桁以上");
      await add.locator('input[name="staff_pin"]').fill("654321");
      await add.locator('input[name="staff_pin_again"]').fill("654321");
      await add.getByRole("button", { name: "職員を追加" }).click();
      await expectText(page.getByTestId("staff-admin").getByTestId("flash"), "早宮 翼(助産師)を登録しました");
      await expectText(row("早宮 翼"), /早宮 翼\s*助産師\s*有効/);
      assertEqual((await calls(page, "staff_add")).map((c) => c.args), [{ name: "早宮 翼", role: "midwife", pin: "654321" }]);
      assertEqual(await add.locator('input[name="staff_pin"]').inputValue(), "", "the PIN stays in the form:");
      // Disable: asked first; やめる changes nothing.
      await row("桜台 亮").locator('[data-action="disable"]').click();
      const dialog = page.getByTestId("staff-toggle-dialog");
      await expectText(dialog, "サインインできなくなります");
      await dialog.getByTestId("keep").click();
      assertEqual((await calls(page, "staff_disable")).length, 0, "disabled after やめる:");
      await row("桜台 亮").locator('[data-action="disable"]').click();
      await dialog.getByRole("button", { name: "停止する" }).click();
      await expectText(row("桜台 亮"), "停止中");
      assertEqual((await calls(page, "staff_disable")).map((c) => c.args), [{ name: "桜台 亮" }]);
      await row("早宮 葵").locator('[data-action="enable"]').click();
      await dialog.getByRole("button", { name: "再開する" }).click();
      await expectText(row("早宮 葵"), "有効");
      // The last admin: the core's refusal, in the dialog.
      await row("中村 光").locator('[data-action="disable"]').click();
      await dialog.getByRole("button", { name: "停止する" }).click();
      await expectText(dialog.locator('[role="alert"]'), "最後の管理者は無効にできません");
      await dialog.getByTestId("keep").click();
      // Reset a PIN.
      await row("豊玉 恵").locator('[data-action="reset-pin"]').click();
      const reset = page.getByTestId("reset-pin-dialog");
      await reset.locator('input[name="new_pin"]').fill("999999");
      await reset.locator('input[name="new_pin_again"]').fill("999998");
      await reset.getByTestId("reset-pin-submit").click();
      await expectText(reset.locator(".field-error"), "一致しません");
      await reset.locator('input[name="new_pin_again"]').fill("999999");
      await reset.getByTestId("reset-pin-submit").click();
      await expectHidden(reset);
      await expectText(page.getByTestId("staff-admin").getByTestId("flash"), "豊玉 恵 の暗証番号を再設定しました");
      assertEqual((await calls(page, "staff_reset_pin")).map((c) => c.args), [{ name: "豊玉 恵", pin: "999999" }]);
      await shot("settings-staff");
      // The sign-in screen follows: the disabled clerk is gone, the new midwife is there, the new PIN works.
      await page.keyboard.press("Control+L");
      const names = await page.locator("button[data-staff]").evaluateAll((els) => els.map((e) => e.dataset.staff));
      assertEqual(names, ["中村 光", "豊玉 恵", "早宮 葵", "早宮 翼"], "on the sign-in screen:");
      await signIn(page, "豊玉 恵", "999999");
      await expectText(page.getByTestId("signed-in-as"), "豊玉 恵(助産師)");
    },
  },
  {
    name: "記録の確認 shows who did or opened what in Japanese, filters by staff, card, date and kind, and writes the CSV",
    async run(page, { shot }) {
      await lookUp(page, "1234567");
      await expectText(page.getByTestId("mother"), "練馬 花子");
      await page.locator('nav [data-screen="settings"]').click();
      const view = page.getByTestId("audit-view");
      const rows = view.locator('[data-testid="audit"] tbody tr');
      await expectText(view.getByTestId("audit-count"), "8件");
      const cells = (i) => rows.nth(i).locator("td").evaluateAll((els) => els.map((e) => e.textContent.trim()));
      assertEqual(await cells(0), ["2026年11月24日(火) 09:01", "桜台 亮", "受付", "サインイン", "—"]);
      assertEqual(await cells(6), ["2026年11月24日(火) 17:00", "中村 光", "管理者", "職員の追加(早宮 葵)", "—"]);
      assertEqual(await cells(7), ["2026年11月25日(水) 09:30", "中村 光", "管理者", "利用者の照会(閲覧)", "1234567"]);
      assertEqual((await calls(page, "audit"))[0].args, { card: null, staff: null, from: null, to: null, kind: null });
      await shot("settings-audit");
      // By staff.
      await view.locator('select[name="audit_staff"]').selectOption("豊玉 恵");
      await view.getByTestId("audit-search").click();
      await expectText(view.getByTestId("audit-count"), "3件");
      assertEqual(await rows.evaluateAll((els) => els.map((e) => e.dataset.kind)), ["signed_in", "opened_care_log", "care_logged"]);
      // And by card and kind.
      await view.locator('input[name="audit_card"]').fill("5550001");
      await view.locator('select[name="audit_kind"]').selectOption("opened_care_log");
      await view.locator('input[name="audit_card"]').press("Enter");
      await expectText(view.getByTestId("audit-count"), "1件");
      assertEqual(await cells(0), ["2026年11月24日(火) 10:40", "豊玉 恵", "助産師", "ケア記録の閲覧", "5550001"]);
      assertEqual((await calls(page, "audit")).at(-1).args, { card: "5550001", staff: "豊玉 恵", from: null, to: null, kind: "opened_care_log" });
      // By date: today's only.
      await view.locator('select[name="audit_staff"]').selectOption("");
      await view.locator('select[name="audit_kind"]').selectOption("");
      await view.locator('input[name="audit_card"]').fill("");
      await view.locator('input[name="audit_from"]').fill("2026-11-25");
      await view.locator('input[name="audit_to"]').fill("2026-11-25");
      await view.getByTestId("audit-search").click();
      await expectText(view.getByTestId("audit-count"), "1件");
      await expectText(rows.first(), "利用者の照会(閲覧)");
      await view.locator('input[name="audit_from"]').fill("2026-11-26");
      await view.locator('input[name="audit_to"]').fill("");
      await view.getByTestId("audit-search").click();
      await expectText(view, "条件に合う記録はありません");
      // The CSV of what is filtered, into the default save folder, with the path said.
      await view.locator('input[name="audit_from"]').fill("2026-11-24");
      await view.getByTestId("audit-search").click();
      await expectText(view.getByTestId("audit-count"), "8件");
      assertEqual(await view.locator('input[name="audit_folder"]').inputValue(), "/home/ward/Documents");
      await view.getByRole("button", { name: "CSVで書き出す" }).click();
      await expectText(view.getByTestId("flash"), "CSVを書き出しました(8件): /home/ward/Documents/audit-20261125-093000.csv");
      assertEqual((await calls(page, "audit_csv")).map((c) => c.args), [{ card: null, staff: null, from: "2026-11-24", to: null, kind: null, folder: "/home/ward/Documents" }]);
    },
  },
  {
    name: "a ward officer sees the ward's screens but not 設定, and the ward's staff roles are its own",
    fixture: { mode: "ward", signedIn: null },
    async run(page) {
      await expectText(page.locator('button[data-staff="豊島 係"]'), "母子保健係");
      await signIn(page, "豊島 係", "246802");
      await expectText(page.getByTestId("signed-in-as"), "豊島 係(母子保健係)");
      assertEqual(await navScreens(page), ["usage", "approvals", "referrals", "claims", "fiscal", "sync"], "a ward officer's screens:");
      await page.keyboard.press("Control+L");
      await signIn(page, "練馬 太郎", "135790");
      await page.locator('nav [data-screen="settings"]').click();
      assertEqual(await page.getByTestId("staff-add").locator('select[name="staff_role"] option').evaluateAll((els) => els.map((e) => e.value)), ["ward", "admin"]);
    },
  },
  {
    name: "ward settings show the program and directory in force and edit the directory, every problem by its place",
    fixture: { mode: "ward", signedIn: null },
    async run(page) {
      await signIn(page, "練馬 太郎", "135790");
      await expectText(page.getByTestId("directory-in-force"), "施設一覧:");
      const before = await page.getByTestId("directory-in-force").textContent();
      await page.locator('nav [data-screen="settings"]').click();
      const card = page.getByTestId("in-force");
      await expectText(card.getByTestId("program-name"), "練馬区産後ケア事業(nerima-2024)");
      const count = await card.locator("tbody tr").count();
      assert(count >= 2, `the directory lists its facilities: ${count}`);
      await card.getByRole("button", { name: "施設一覧を編集" }).click();
      const field = card.locator('textarea[name="directory_json"]');
      const text = await field.inputValue();
      const doc = JSON.parse(text);
      // A facility leaves; another's phone is left empty: refused, the problem shown, nothing changed.
      doc.facilities.pop();
      doc.facilities[0].phone = "";
      await field.fill(JSON.stringify(doc, null, 2));
      await card.getByRole("button", { name: "施設一覧を保存" }).click();
      await expectText(card.getByTestId("directory-problems"), "facilities[0]");
      assertEqual(await card.locator("tbody tr").count(), count, "nothing changed");
      doc.facilities[0].phone = "03-0000-0000";
      await field.fill(JSON.stringify(doc, null, 2));
      await card.getByRole("button", { name: "施設一覧を保存" }).click();
      await expectText(card, `施設一覧を保存しました(${count - 1}施設)`);
      assertEqual(await card.locator("tbody tr").count(), count - 1);
      await expectText(page.getByTestId("directory-in-force"), `施設一覧: ${count - 1}施設`);
      assert(before !== `施設一覧: ${count - 1}施設`);
      assertEqual((await calls(page, "directory_set")).length, 2);
    },
  },
);
