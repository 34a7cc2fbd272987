// What the frame knows about the running app: version, data folder, the books in use and the
// preferences (the Rust side keeps them; the language is also cached in the page for the first
// paint).
import { appInfo, preferencesSet } from "./generated/bindings";
import type { AppInfo, BooksEnv, Preferences } from "./types";
import { i18n, type Lang } from "./i18n.svelte";
import type { Failure } from "./errors";

class AppState {
  info = $state<AppInfo | null>(null);
  failure = $state<Failure | null>(null);

  get env(): BooksEnv | null {
    return this.info?.env ?? null;
  }

  get firstRun(): boolean {
    return this.info !== null && this.info.preferences.language === null;
  }

  async load() {
    const r = await appInfo();
    if (r.ok) {
      this.info = r.value;
      this.failure = null;
      const lang = r.value.preferences.language;
      if (lang && lang !== i18n.lang) i18n.set(lang);
    } else {
      this.failure = r.error;
    }
  }

  /** Saves changed preferences (a new environment opens those books). */
  async save(change: Partial<Preferences>): Promise<Failure | null> {
    if (!this.info) return null;
    const r = await preferencesSet({ ...this.info.preferences, ...change });
    if (r.ok) {
      this.info = r.value;
      return null;
    }
    return r.error;
  }

  async setLanguage(lang: Lang) {
    i18n.set(lang);
    await this.save({ language: lang });
  }
}

export const app = new AppState();
