// The current language, the page direction, and locale-aware formatting.
import { ar, en, termKey, type Key } from "./strings";

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

  /** BCP 47 locale for Intl: Saudi Arabic or English as used in Saudi Arabia, both with Western
   * digits (Saudi invoices and ZATCA's samples write 1,234.50, never ١٬٢٣٤٫٥٠). */
  get locale(): string {
    return this.lang === "ar" ? "ar-SA-u-nu-latn" : "en-SA";
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

  /** A code in the reader's words (`unit.KGM` → كيلوغرام, `country.SA` → Saudi Arabia); a code
   * the glossary does not know stays as written. */
  code(prefix: "unit" | "country" | "partyId" | "currency" | "vat", code: string | null): string {
    const key = termKey(prefix, code);
    return key ? this.t(key) : (code ?? "");
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

  /** A rate as printed on the invoice: `15%` in both languages. */
  percent(value: string | null): string {
    if (value == null || value === "") return "";
    return `${this.decimal(value, 0, 2)}%`;
  }

  /** An ISO date (YYYY-MM-DD), Gregorian, month by name: 7 September 2022, 7 سبتمبر 2022. */
  date(value: string | null): string {
    if (!value) return "";
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return value;
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return new Intl.DateTimeFormat(this.locale, {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "UTC",
      calendar: "gregory",
    }).format(d);
  }

  /** Byte sizes for messages (e.g. the file size limit). */
  bytes(n: number): string {
    const mb = new Intl.NumberFormat(this.locale, { maximumFractionDigits: 1 }).format(n / (1024 * 1024));
    return this.t("size.megabytes", { n: mb });
  }

  /** Plain digits of a count. */
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
