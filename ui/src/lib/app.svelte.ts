// State shared between screens: what this install is, which screen is open, who is signed in. The mother at
// the desk is not here: App.svelte hands her card from 受付 to 予約 as props (`BookingAsk`), for one session.
import type { AppError, AppInfo, Service, SessionView, StoreInfo, UseCase } from "./backend/contract";

export type Screen =
  | "desk" | "calendar" | "today" | "payments" | "sync" | "settings"
  | "usage" | "approvals" | "claims" | "fiscal" | "referrals";

export const app = $state<{
  info: AppInfo | null;
  loadError: AppError | null;
  screen: Screen;
  /** The store's health (last backup), for the reminder banner; 設定 refreshes it after a backup. */
  store: StoreInfo | null;
  /** Who is signed in (issue 17); null: the sign-in screen (or the first admin's form) shows. */
  session: SessionView | null;
  /** Whether the open install has any staff account (null: not asked yet). */
  hasStaff: boolean | null;
  /** Counts sign-ins: the main content is keyed by it, so a lock unmounts every half-filled form. */
  sessionSeq: number;
}>({ info: null, loadError: null, screen: "desk", store: null, session: null, hasStaff: null, sessionSeq: 0 });

/** Whether the signed-in person's role may do `useCase` (the core's table, as session.allowed carries it).
 * Only to hide what the core would refuse anyway: the core decides. */
export function can(useCase: UseCase): boolean {
  return app.session?.allowed.includes(useCase) ?? false;
}

/** The use cases that open each screen: it shows when the role may do any of them. */
const screenUses: Record<Screen, UseCase[]> = {
  desk: ["desk_lookup"],
  calendar: ["booking"],
  today: ["today"],
  payments: ["payment", "receipt"],
  sync: ["sync_export", "sync_import", "roster", "facilities"],
  settings: ["settings"],
  usage: ["claims"],
  approvals: ["approval_add", "notices"],
  claims: ["claims"],
  fiscal: ["fiscal_report"],
  referrals: ["referrals"],
};

export function mayOpen(screen: Screen): boolean {
  return screenUses[screen].some(can);
}

/** The screens of this install the signed-in person may open, in sidebar order. */
export function allowedScreens(): Screen[] {
  if (!app.info || app.info.mode === "new" || !app.session) return [];
  return (app.info.mode === "ward" ? wardScreens() : facilityScreens()).filter(mayOpen);
}

/** A new person signed in: a fresh shell on the first screen they may open. */
export function signedIn(session: SessionView): void {
  app.session = session;
  app.hasStaff = true;
  app.sessionSeq += 1;
  app.screen = allowedScreens()[0] ?? (app.info?.mode === "ward" ? "usage" : "desk");
}

/** Locked (by the button, the shortcut, idle time, or the core saying nobody is signed in). */
export function signedOut(): void {
  app.session = null;
  app.store = null;
  app.sessionSeq += 1;
}

export function facilityScreens(): Screen[] {
  return ["desk", "calendar", "today", "referrals", "payments", "sync", "settings"];
}

export function wardScreens(): Screen[] {
  return ["usage", "approvals", "referrals", "claims", "fiscal", "sync", "settings"];
}

/** What 受付 hands 予約: the mother's card, the service asked for and, from 「次の空き」, the day. */
export type BookingAsk = { card: string; service: Service; date: string | null };

export const services: Service[] = ["short-stay", "day-care", "home-visit"];
