// The real window: the first start (language, then practice by itself, with its banner), the
// environment always in sight, Arabic right to left.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { start, shot, rightToLeft } from "./harness.mjs";

const work = mkdtempSync(path.join(tmpdir(), "sanad-e2e-frame-"));
after(() => rmSync(work, { recursive: true, force: true }));

test("first start: Arabic, then practice opens by itself with a device ready and the banner", async () => {
  const data = path.join(work, "data");
  let { browser, stop } = await start(data);
  try {
    await browser.$testid("first-run").waitForExist({ timeout: 20000 });
    await shot(browser, "first-run.png");
    const t0 = Date.now();
    await browser.$testid("first-ar").click();
    await browser.$testid("practice-banner").waitForExist({ timeout: 30000 });
    const prepared = Date.now() - t0;
    assert.ok(prepared < 20000, `practice ready in ${prepared} ms`);
    assert.equal(await browser.$testid("env-badge").getAttribute("data-env"), "practice");
    assert.match(await browser.$testid("practice-banner").getText(), /لا يُرسل أي شيء إلى الهيئة/);
    assert.ok(await rightToLeft(browser), "Arabic reads right to left");
    await shot(browser, "practice-ar.png");
    assert.ok(existsSync(path.join(data, "practice", "books.sqlite")), "practice books on disk");
  } finally {
    await stop();
  }
  // The next start goes straight to practice in Arabic.
  ({ browser, stop } = await start(data));
  try {
    await browser.$testid("practice-banner").waitForExist({ timeout: 20000 });
    assert.equal(await browser.$testid("first-run").isExisting(), false);
    assert.ok(await rightToLeft(browser));
    await browser.$testid("lang-switch").click();
    await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.dir)) === "ltr");
    assert.match(await browser.$testid("practice-banner").getText(), /nothing is sent to ZATCA/);
    await shot(browser, "practice-en.png");
  } finally {
    await stop();
  }
});
