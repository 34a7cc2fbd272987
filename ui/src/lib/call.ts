// How the generated command wrappers (generated/bindings.ts) reach the Rust side. Nothing else
// calls `invoke`: a command's name and shape come from the Rust declaration.
import { invoke } from "@tauri-apps/api/core";

/** A failure that is not the command's own error (a bug, a command missing from the shell). */
export type Internal = { code: "internal"; detail: string };

/** What every command resolves to. */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E | Internal };

function failure<E>(e: unknown): E | Internal {
  if (e !== null && typeof e === "object") return e as E;
  return { code: "internal", detail: String(e) };
}

export async function call<T, E>(cmd: string, args?: Record<string, unknown>): Promise<Result<T, E>> {
  try {
    return { ok: true, value: await invoke<T>(cmd, args) };
  } catch (e) {
    return { ok: false, error: failure<E>(e) };
  }
}

export async function callRaw<T, E>(
  cmd: string,
  body: Uint8Array,
  headers: Record<string, string>,
): Promise<Result<T, E>> {
  try {
    return { ok: true, value: await invoke<T>(cmd, body, { headers }) };
  } catch (e) {
    return { ok: false, error: failure<E>(e) };
  }
}
