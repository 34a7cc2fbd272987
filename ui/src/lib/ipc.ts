// The commands of src-tauri/src/commands.rs.
import { invoke } from "@tauri-apps/api/core";
import type { AppInfo, CheckError, CheckReport } from "./types";

/** What a failed call gives back: the typed error, or (a bug) something else as text. */
export type Failure = CheckError | { code: "internal"; detail: string };

function failure(e: unknown): Failure {
  if (e && typeof e === "object" && "code" in e) return e as CheckError;
  return { code: "internal", detail: String(e) };
}

export type Outcome = { ok: true; report: CheckReport } | { ok: false; error: Failure };

async function call(run: () => Promise<CheckReport>): Promise<Outcome> {
  try {
    return { ok: true, report: await run() };
  } catch (e) {
    return { ok: false, error: failure(e) };
  }
}

/** A file picked or dropped in the page: its bytes go as the raw request body. */
export async function checkBytes(file: File): Promise<Outcome> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return call(() =>
    invoke<CheckReport>("check_bytes", bytes, {
      headers: { "x-sanad-file-name": encodeURIComponent(file.name) },
    }),
  );
}

/** A file dropped onto the window (Tauri gives its path). */
export function checkPath(path: string): Promise<Outcome> {
  return call(() => invoke<CheckReport>("check_file", { path }));
}

export function checkQr(text: string): Promise<Outcome> {
  return call(() => invoke<CheckReport>("check_qr", { text }));
}

export function appInfo(): Promise<AppInfo> {
  return invoke<AppInfo>("app_info");
}
