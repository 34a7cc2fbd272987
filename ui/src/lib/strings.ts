// Every text the app shows, in English and Arabic: the glossary's terms (assets/glossary.json,
// which the print crate reads too, so a term means the same on screen and on paper) and one
// string module per screen (ui/src/strings/*.ts), each of which must give every key in Arabic
// (a missing one is a type error). Keys are prefixed by their screen; the UI tests check that
// no two modules define the same key and that none redefines a glossary term.
import { glossaryTerms, terms, type TermKey } from "./terms";
import * as frame from "../strings/frame";
import * as check from "../strings/check";
import * as errors from "../strings/errors";
import * as firstRun from "../strings/first-run";
import * as devices from "../strings/devices";
import * as wizard from "../strings/wizard";
import * as settings from "../strings/settings";
import * as catalog from "../strings/catalog";

export type { TermKey } from "./terms";

/** The string modules, by screen. */
export const modules = { frame, check, errors, firstRun, devices, wizard, settings, catalog };

type ScreenKey =
  | keyof typeof frame.en
  | keyof typeof check.en
  | keyof typeof errors.en
  | keyof typeof firstRun.en
  | keyof typeof devices.en
  | keyof typeof wizard.en
  | keyof typeof settings.en
  | keyof typeof catalog.en;
export type Key = ScreenKey | TermKey;

function merge(lang: "en" | "ar"): Record<Key, string> {
  const out: Record<string, string> = { ...terms(lang) };
  for (const m of Object.values(modules)) Object.assign(out, m[lang]);
  return out as Record<Key, string>;
}

export const en: Record<Key, string> = merge("en");
export const ar: Record<Key, string> = merge("ar");

/** Key of a coded term (`unit.KGM`, `country.SA`, `partyId.CRN`…), if the glossary has it. */
export function termKey(prefix: string, code: string | null | undefined): TermKey | null {
  if (!code) return null;
  const key = `${prefix}.${code}`;
  return key in glossaryTerms ? (key as TermKey) : null;
}
