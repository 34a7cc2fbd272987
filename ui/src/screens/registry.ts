// Every screen of the app, in the navigation's order. A screen not built yet has no `load` and
// shows in the navigation as coming, never as a placeholder. Screens load when first opened,
// so the first paint carries only the frame and the first screen.
import type { Component } from "svelte";
import type { Key } from "../lib/strings";

export type Screen = {
  id: string;
  /** Its name in the navigation and as the page title. */
  title: Key;
  /** Whether the navigation lists it (the wizard is reached from Devices and the banner). */
  nav: boolean;
  load?: () => Promise<{ default: Component }>;
};

export const screens: Screen[] = [
  { id: "counter", title: "nav.counter", nav: true },
  { id: "invoice", title: "nav.invoice", nav: true },
  { id: "documents", title: "nav.documents", nav: true },
  { id: "customers", title: "nav.customers", nav: true, load: () => import("./Customers.svelte") },
  { id: "items", title: "nav.items", nav: true, load: () => import("./Items.svelte") },
  { id: "devices", title: "nav.devices", nav: true, load: () => import("./Devices.svelte") },
  { id: "dashboard", title: "nav.dashboard", nav: true },
  { id: "archive", title: "nav.archive", nav: true },
  { id: "settings", title: "nav.settings", nav: true, load: () => import("./Settings.svelte") },
  { id: "check", title: "nav.check", nav: true, load: () => import("./CheckInvoice.svelte") },
  { id: "wizard", title: "nav.wizard", nav: false, load: () => import("./Wizard.svelte") },
];

/** The screen a bare start opens. */
export const HOME = "check";

export function screen(id: string): Screen {
  const found = screens.find((s) => s.id === id && s.load);
  return found ?? screens.find((s) => s.id === HOME)!;
}
