// State shared between screens: what this install is, which screen is open, and the mother at the desk.
import type { AppError, AppInfo, Service, StoreInfo } from "./backend/contract";

export type Screen =
  | "desk" | "calendar" | "today" | "payments" | "sync" | "settings"
  | "usage" | "approvals" | "claims";

export const app = $state<{
  info: AppInfo | null;
  loadError: AppError | null;
  screen: Screen;
  /** The card the desk last looked up: the calendar books for her. */
  card: string;
  /** The service the desk asked to book, so the calendar opens on it. */
  service: Service;
  /** A day the desk picked from "next open": the calendar opens on it. */
  date: string | null;
  /** The store's health (last backup), for the reminder banner; 設定 refreshes it after a backup. */
  store: StoreInfo | null;
}>({ info: null, loadError: null, screen: "desk", card: "", service: "short-stay", date: null, store: null });

export function facilityScreens(): Screen[] {
  return ["desk", "calendar", "today", "payments", "sync", "settings"];
}

export function wardScreens(): Screen[] {
  return ["usage", "approvals", "claims", "sync", "settings"];
}

export function openBooking(card: string, service: Service, date: string | null = null): void {
  app.card = card;
  app.service = service;
  app.date = date;
  app.screen = "calendar";
}

export const services: Service[] = ["short-stay", "day-care", "home-visit"];
