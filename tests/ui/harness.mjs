// What every UI test file shares: the built UI (ui/dist) served by Vite, headless Chromium, and
// the IPC mock (tests/ui/ipc-mock.ts) injected before the page loads.
import { before, after } from "node:test";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { preview } from "vite";
import { chromium } from "playwright-core";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const mock = path.join(root, "tests/ui/.build/ipc-mock.js");
export const shots = path.resolve(root, process.env.SHOT_DIR ?? "screenshots", "ui");
mkdirSync(shots, { recursive: true });

let server;
let browser;
let base;

before(async () => {
  server = await preview({
    configFile: path.join(root, "ui/vite.config.ts"),
    preview: { host: "127.0.0.1", port: 0, strictPort: false },
    logLevel: "warn",
  });
  base = server.resolvedUrls.local[0];
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.httpServer.close(resolve));
});

/** Opens the app at `hash` with the mock's state (`prefs`, `answers`, `delays`) set first. */
export async function openApp({ hash = "", state = {}, waitFor = "screen-title" } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.addInitScript((s) => {
    window.__MOCK_STATE__ = s;
  }, state);
  await page.addInitScript({ path: mock });
  await page.goto(base + hash);
  if (waitFor) await page.getByTestId(waitFor).waitFor();
  return { page, errors, close: () => context.close() };
}

export const calls = (page) => page.evaluate(() => window.__IPC_CALLS__);

/** The commands called, by name. */
export async function called(page, cmd) {
  return (await calls(page)).filter((c) => c.cmd === cmd);
}

/** A `sanad::Error` as the Rust side serializes it. */
export function sanadError(code, field, en, ar, extra = {}) {
  return { code, class: "bad_input", field, en, ar, detail: null, zatca: null, ...extra };
}

/** Checks that nothing English stands in the Arabic page outside isolates, codes and the folded
 * technical details. */
export async function englishOutsideIsolates(page) {
  return page.evaluate(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest("bdi, details, [lang=en], .mono, input, textarea, select, option, script, style")) continue;
      if (el.offsetParent === null) continue;
      // Acronyms (CSID, OTP, QR, XML) are the names ZATCA gives; words are not.
      if (/\b(?=[A-Za-z]*[a-z])[A-Za-z]{3,}\b/.test(n.textContent)) found.push(n.textContent.trim());
    }
    return found;
  });
}
