// The frame: navigation from the screen registry, the hash router, the environment always in
// sight, the practice banner, the first start, errors in the UI's language.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { openApp, called, sanadError, shots, englishOutsideIsolates } from "./harness.mjs";

const slots = ["counter", "invoice", "documents", "customers", "items", "devices", "dashboard", "archive", "settings", "check"];

test("every screen has its slot; screens not built yet show as coming, not as links", async () => {
  const { page, errors, close } = await openApp();
  const ids = await page.locator("nav [data-testid^=nav-]").evaluateAll((els) =>
    els.map((e) => e.dataset.testid.slice(4)),
  );
  assert.deepEqual(ids, slots);
  for (const id of ["counter", "invoice", "documents", "dashboard", "archive"]) {
    const item = page.getByTestId(`nav-${id}`);
    assert.equal(await item.getAttribute("data-coming"), "true", id);
    assert.equal(await item.evaluate((e) => e.tagName), "SPAN", `${id} is not a link`);
  }
  assert.equal(await page.getByTestId("nav-check").getAttribute("href"), "#/check");
  assert.deepEqual(errors, []);
  await close();
});

test("the hash router opens the screen the hash names, and an unknown one opens the home screen", async () => {
  const { page, close } = await openApp({ hash: "#/nowhere" });
  await page.getByTestId("dropzone").waitFor();
  assert.equal(await page.getByTestId("nav-check").getAttribute("aria-current"), "page");
  assert.equal(await page.getByTestId("screen-title").innerText(), "Check an invoice");
  await close();
});

test("practice books: the environment badge and the banner saying nothing goes to ZATCA", async () => {
  const { page, close } = await openApp();
  await page.getByTestId("practice-banner").waitFor();
  assert.equal(await page.getByTestId("env-badge").getAttribute("data-env"), "practice");
  assert.match(await page.getByTestId("practice-banner").innerText(), /nothing is sent to ZATCA/);
  await page.getByTestId("lang-switch").click();
  await page.waitForFunction(() => document.documentElement.dir === "rtl");
  assert.match(await page.getByTestId("practice-banner").innerText(), /لا يُرسل أي شيء إلى الهيئة/);
  assert.match(await page.getByTestId("env-badge").innerText(), /التدريب/);
  await close();
});

test("other books: the environment stays in sight, without the practice banner", async () => {
  const prefs = { language: "en", env: "simulation", paper: "a4", printer: null };
  const { page, close } = await openApp({ state: { prefs } });
  await page.getByTestId("env-badge").waitFor();
  assert.equal(await page.getByTestId("env-badge").getAttribute("data-env"), "simulation");
  assert.equal(await page.getByTestId("practice-banner").count(), 0);
  await close();
});

test("first start: choose Arabic, practice is prepared, then the app opens right-to-left in practice", async () => {
  const prefs = { language: null, env: "practice", paper: "receipt", printer: null };
  const { page, errors, close } = await openApp({
    state: { prefs, delays: { practice_prepare: 300 } },
    waitFor: "first-run",
  });
  await page.screenshot({ path: path.join(shots, "first-run.png") });
  await page.getByTestId("first-ar").click();
  await page.getByTestId("first-preparing").waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.dir), "rtl");
  await page.getByTestId("practice-banner").waitFor();
  assert.equal((await called(page, "practice_prepare")).length, 1);
  const saved = await called(page, "preferences_set");
  assert.equal(saved.at(-1).args.preferences.language, "ar");
  const side = await page.locator(".sidebar").boundingBox();
  const main = await page.locator(".main").boundingBox();
  assert.ok(side.x > main.x, "the sidebar is on the right");
  assert.deepEqual(errors, []);
  await close();
});

test("a service's error is told in the UI's language, its English detail folded away", async () => {
  const prefs = { language: null, env: "practice", paper: "receipt", printer: null };
  const failure = sanadError(
    "SANAD-KEYCHAIN-UNAVAILABLE",
    null,
    "no OS keychain is available",
    "لا تتوفر سلسلة مفاتيح في نظام التشغيل",
    { class: "local", detail: "PlatformFailure(Dbus(...))" },
  );
  const { page, close } = await openApp({
    state: { prefs, answers: { practice_prepare: { __error: failure } } },
    waitFor: "first-run",
  });
  await page.getByTestId("first-ar").click();
  const notice = page.getByTestId("first-error");
  await notice.waitFor();
  assert.equal(await notice.getAttribute("data-code"), "SANAD-KEYCHAIN-UNAVAILABLE");
  assert.equal(await page.getByTestId("first-error-sentence").innerText(), "لا تتوفر سلسلة مفاتيح في نظام التشغيل");
  assert.match(await notice.innerText(), /مشكلة على هذا الحاسوب/);
  assert.deepEqual(await englishOutsideIsolates(page), []);
  // Not saved: the next start asks again.
  assert.equal((await called(page, "preferences_set")).length, 0);
  await close();
});
