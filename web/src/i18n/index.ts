// The language: Dutch by default, English on the switch. Only the choice of
// language is remembered (localStorage); never a record.
import { en } from "./en";
import { nl, type Messages } from "./nl";

export type Lang = "nl" | "en";
const KEY = "passend.lang";

function initial(): Lang {
  try {
    return window.localStorage.getItem(KEY) === "en" ? "en" : "nl";
  } catch {
    return "nl";
  }
}

let lang: Lang = initial();
export let t: Messages = lang === "en" ? en : nl;

export function currentLang(): Lang {
  return lang;
}

export function setLang(l: Lang): void {
  lang = l;
  t = l === "en" ? en : nl;
  document.documentElement.lang = l;
  try {
    window.localStorage.setItem(KEY, l);
  } catch {
    // Private windows may refuse storage: the switch still works for the page.
  }
}

/** A taxonomy title in the page's language (falls back to the other one). */
export function title(x: { titleNl: string; titleEn: string; id?: string }): string {
  return (lang === "en" ? x.titleEn || x.titleNl : x.titleNl || x.titleEn) || x.id || "";
}

export function formatNumber(n: number, digits = 0): string {
  return n.toLocaleString(lang === "en" ? "en-GB" : "nl-NL", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

export function formatPercent(share: number): string {
  return share.toLocaleString(lang === "en" ? "en-GB" : "nl-NL", { style: "percent", maximumSignificantDigits: 2 });
}

export function formatDate(d: { year: number; month: number; day: number } | undefined): string {
  if (!d || !d.year) return "";
  const date = new Date(Date.UTC(d.year, d.month - 1, d.day));
  return date.toLocaleDateString(lang === "en" ? "en-GB" : "nl-NL", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}
