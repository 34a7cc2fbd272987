// The current language, the page direction, and locale-aware formatting.
import { ar, en, type Key } from "./strings";

export type Lang = "en" | "ar";

const STORAGE_KEY = "sanad.lang";

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === "ar" || saved === "en") return saved;
  } catch {
    // storage unavailable: fall back to the system language
  }
  return navigator.language.toLowerCase().startsWith("ar") ? "ar" : "en";
}

class I18n {
  lang = $state<Lang>(initialLang());

  get dir(): "rtl" | "ltr" {
    return this.lang === "ar" ? "rtl" : "ltr";
  }

  /** BCP 47 locale for Intl: Saudi Arabic or English as used in Saudi Arabia. */
  get locale(): string {
    return this.lang === "ar" ? "ar-SA" : "en-SA";
  }

  set(lang: Lang) {
    this.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // not persisted; the switch still applies to this window
    }
  }

  t(key: Key, values: Record<string, string | number> = {}): string {
    const text: string = (this.lang === "ar" ? ar : en)[key];
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
  }

  /** A decimal string (never converted to a float): at least two decimals, never fewer than the document gives. */
  amount(value: string | null | undefined): string {
    if (value == null || value === "") return "";
    return this.decimal(value, 2, 6);
  }

  /** Quantities and other decimals: as many decimals as the document gives, up to six. */
  quantity(value: string): string {
    return this.decimal(value, 0, 6);
  }

  percent(value: string | null): string {
    if (value == null || value === "") return "";
    return `${this.decimal(value, 0, 2)}${this.lang === "ar" ? "٪" : "%"}`;
  }

  /** An ISO date (YYYY-MM-DD) in the reader's calendar-neutral long form. */
  date(value: string | null): string {
    if (!value) return "";
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return value;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return new Intl.DateTimeFormat(this.locale, {
      dateStyle: "medium",
      timeZone: "UTC",
      calendar: "gregory",
    }).format(d);
  }

  /** Byte sizes for messages (e.g. the file size limit). */
  bytes(n: number): string {
    const mb = n / (1024 * 1024);
    return `${new Intl.NumberFormat(this.locale, { maximumFractionDigits: 1 }).format(mb)} MB`;
  }

  /** Plain digits of a count in the reader's numbering. */
  count(n: number): string {
    return new Intl.NumberFormat(this.locale).format(n);
  }

  private decimal(value: string, min: number, max: number): string {
    const f = new Intl.NumberFormat(this.locale, {
      minimumFractionDigits: min,
      maximumFractionDigits: max,
    });
    // Intl formats decimal strings exactly (no binary float on the way).
    return f.format(value as unknown as number);
  }
}

export const i18n = new I18n();
