// Display formatting only: no rule lives here. 和暦 comes from the backend where it is needed (receipts).
import type { Age } from "../backend/contract";
import type { Lang } from "../i18n/messages";

/**
 * 12345 → "¥12,345", -500 → "-¥500" (the same in both languages: it is money in yen). Written out rather
 * than through Intl.NumberFormat, which pulls ICU's number-formatting data into the web process (issue 7).
 */
export function yen(amount: number): string {
  const digits = String(Math.abs(Math.round(amount))).replace(/\B(?=(\d{3})+$)/g, ",");
  return `${amount < 0 ? "-" : ""}¥${digits}`;
}

const weekdaysJa = ["日", "月", "火", "水", "木", "金", "土"];
const weekdaysEn = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const monthsEn = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function parseDate(date: string): { y: number; m: number; d: number; wd: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return { y, m, d, wd };
}

/** "2026-11-25" → "2026年11月25日(水)" in Japanese, "Wed 25 Nov 2026" in English. */
export function date(value: string | null | undefined, lang: Lang): string {
  if (!value) return "—";
  const p = parseDate(value);
  if (!p) return value;
  if (lang === "ja") return `${p.y}年${p.m}月${p.d}日(${weekdaysJa[p.wd]})`;
  return `${weekdaysEn[p.wd]} ${p.d} ${monthsEn[p.m - 1]} ${p.y}`;
}

/** A short form for lists and grids: "11/25(水)" / "Wed 25 Nov". */
export function shortDate(value: string, lang: Lang): string {
  const p = parseDate(value);
  if (!p) return value;
  if (lang === "ja") return `${p.m}/${p.d}(${weekdaysJa[p.wd]})`;
  return `${weekdaysEn[p.wd]} ${p.d} ${monthsEn[p.m - 1]}`;
}

/** An RFC 3339 instant (always +09:00 from the backend) → date and hh:mm as written, without the clock's zone. */
export function instant(value: string | null | undefined, lang: Lang): string {
  if (!value) return "—";
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  if (!match) return value;
  return `${date(match[1], lang)} ${match[2]}`;
}

/** "2026-11" → "2026年11月" / "Nov 2026". */
export function month(value: string, lang: Lang): string {
  const match = /^(\d{4})-(\d{2})$/.exec(value);
  if (!match) return value;
  const [y, m] = [Number(match[1]), Number(match[2])];
  if (lang === "ja") return `${y}年${m}月`;
  return `${monthsEn[m - 1]} ${y}`;
}

/** The baby's age as the backend counted it: "2か月(9週)" / "2 months (9 weeks)". */
export function age(value: Age | null, lang: Lang): string {
  if (!value) return "—";
  if (lang === "ja") return `${value.months}か月(${value.weeks}週)`;
  const m = `${value.months} month${value.months === 1 ? "" : "s"}`;
  const w = `${value.weeks} week${value.weeks === 1 ? "" : "s"}`;
  return `${m} (${w})`;
}

export function bytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  if (size < 1024 * 1024 * 1024) return `${(size / 1024 / 1024).toFixed(1)} MB`;
  return `${(size / 1024 / 1024 / 1024).toFixed(2)} GB`;
}

/** Month arithmetic for the calendar's navigation: "2026-11" + 1 → "2026-12". */
export function addMonths(value: string, delta: number): string {
  const [y, m] = value.split("-").map(Number);
  const index = y * 12 + (m - 1) + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/**
 * A key's fingerprint (16 hex digits) in groups of four, to read aloud over the phone: "0123 4567 89ab cdef".
 * Anything that is not hex digits is shown as given.
 */
export function fingerprint(keyId: string | null | undefined): string {
  if (!keyId) return "—";
  const hex = keyId.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(hex)) return keyId;
  return hex.match(/.{1,4}/g)!.join(" ");
}
