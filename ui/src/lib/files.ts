// Choosing a file: the system's dialog in the app (it hands back a path the Rust side uses);
// `null` when the person cancels.
import { i18n } from "./i18n.svelte";

export type Filter = { name: string; extensions: string[] };

export async function chooseSave(defaultPath: string, filters: Filter[]): Promise<string | null> {
  const { save } = await import("@tauri-apps/plugin-dialog");
  const path = await save({ defaultPath, filters, title: i18n.t("app.name") });
  return typeof path === "string" ? path : null;
}

export async function chooseOpen(filters: Filter[]): Promise<string | null> {
  const { open } = await import("@tauri-apps/plugin-dialog");
  const path = await open({ multiple: false, directory: false, filters, title: i18n.t("app.name") });
  return typeof path === "string" ? path : null;
}
