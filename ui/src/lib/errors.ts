// A service's error in the UI's language. The Rust side sends code, class, field, both
// sentences, technical detail and ZATCA's words (`sanad::Error`); nothing English ever stands
// in the Arabic UI except under the folded technical details.
import type { Internal } from "./call";
import type { SanadError } from "./types";
import { i18n } from "./i18n.svelte";

export type Failure = SanadError | Internal;

export function isSanadError(e: unknown): e is SanadError {
  return e !== null && typeof e === "object" && "en" in e && "ar" in e && "code" in e;
}

/** The error's own sentence in the UI's language. */
export function sentence(e: Failure): string {
  if (!isSanadError(e)) return i18n.t("fail.internal");
  return i18n.lang === "ar" ? e.ar : e.en;
}

/** A command's failure as a list (forms fail with several errors at once). */
export function list(e: Failure | Failure[]): Failure[] {
  return Array.isArray(e) ? e : [e];
}

/** The errors about one field (`company.vat_number`, `device.name`, …), or under it
 * (`company.address` also collects `company.address.city`). */
export function at(errors: Failure[], field: string): SanadError[] {
  return errors.filter(
    (e): e is SanadError =>
      isSanadError(e) && e.field != null && (e.field === field || e.field.startsWith(`${field}.`)),
  );
}

/** The errors no field of the form shows (`fields`: the fields the form has). */
export function unplaced(errors: Failure[], fields: string[]): Failure[] {
  return errors.filter(
    (e) => !isSanadError(e) || e.field == null || !fields.some((f) => e.field === f || e.field!.startsWith(`${f}.`)),
  );
}
