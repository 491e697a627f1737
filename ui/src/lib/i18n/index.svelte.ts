// The language of the window: Japanese by default, English on request, remembered across launches.
import { messages, type Lang, type MessageKey } from "./messages";

export type { Lang, MessageKey } from "./messages";

const STORAGE_KEY = "sango.lang";

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "ja";
  } catch {
    return "ja";
  }
}

export const i18n = $state<{ lang: Lang }>({ lang: initialLang() });

export function setLang(lang: Lang): void {
  i18n.lang = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // A webview without storage still switches for this session.
  }
}

/** `key` if the window has words for it: for codes the core sends as text (an audit action, a
 * screening reason), which may be newer than this window. */
export function messageKey(key: string): MessageKey | null {
  return key in messages.ja ? (key as MessageKey) : null;
}

/** The string for `key` in the current language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = messages[i18n.lang][key] ?? messages.ja[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A backend message (violation, error, notice) in the current language. */
export function msg(value: { message_ja: string; message_en: string }): string {
  return i18n.lang === "en" ? value.message_en || value.message_ja : value.message_ja;
}
