// The shared glossary (assets/glossary.json): every term the screens share with the printed
// invoice. The string modules take terms from here; they never redefine one.
import glossary from "../../../assets/glossary.json";

type Terms = typeof glossary.terms;
/** A term of the shared glossary. */
export type TermKey = keyof Terms;

export const glossaryTerms = glossary.terms;

/** A glossary term in both languages, for a screen string that says exactly that term. */
export const term = (key: TermKey) => ({ en: glossary.terms[key].en, ar: glossary.terms[key].ar });

export function terms(lang: "en" | "ar"): Record<TermKey, string> {
  const out = {} as Record<TermKey, string>;
  for (const key of Object.keys(glossary.terms) as TermKey[]) out[key] = glossary.terms[key][lang];
  return out;
}
