// The real app (WebKitGTK) through tauri-driver + WebKitWebDriver, for the tests that start,
// stop and restart it over one data folder.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createServer, connect } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

export const root = fileURLToPath(new URL("../..", import.meta.url));
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, "target");
export const appBin = path.resolve(process.env.APP_BIN ?? path.join(targetDir, "debug", "sanad"));
export const shots = path.resolve(root, process.env.SHOT_DIR ?? "screenshots", "e2e");
mkdirSync(shots, { recursive: true });

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, ms = 20000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const ok = await new Promise((resolve) => {
      const s = connect(port, "127.0.0.1", () => {
        s.end();
        resolve(true);
      });
      s.on("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on ${port}`);
}

/** Starts the app on `dataDir` (extra environment variables in `env`); returns the browser. */
export async function start(dataDir, env = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  const driver = spawn(
    process.env.TAURI_DRIVER ?? "tauri-driver",
    ["--port", String(port), "--native-port", String(nativePort)],
    { stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, SANAD_DATA_DIR: dataDir, ...env } },
  );
  await waitForPort(port);
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: appBin },
    },
  });
  browser.$testid = (id) => browser.$(`[data-testid="${id}"]`);
  const stop = async () => {
    await browser.deleteSession().catch(() => {});
    driver.kill("SIGTERM"); // SIGTERM lets tauri-driver stop WebKitWebDriver (and the app) too
    await new Promise((r) => (driver.exitCode !== null ? r() : driver.once("exit", r)));
  };
  return { browser, stop };
}

/** WebKitWebDriver returns the last painted frame: wait two frames before a screenshot. */
export async function shot(browser, name) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.saveScreenshot(path.join(shots, name));
}

/** Whether the page reads right to left, with the sidebar on the right of the content. */
export async function rightToLeft(browser) {
  return browser.execute(() => {
    const side = document.querySelector(".sidebar")?.getBoundingClientRect();
    const main = document.querySelector(".main")?.getBoundingClientRect();
    return document.documentElement.dir === "rtl" && !!side && !!main && side.left > main.left;
  });
}
