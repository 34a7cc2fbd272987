// The wizard, the devices screen and settings, with the Rust side mocked (ipc-mock.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { readFileSync } from "node:fs";
import { openApp, called, sanadError, shots, root, englishOutsideIsolates } from "./harness.mjs";

const company = JSON.parse(readFileSync(path.join(root, "examples/company.json"), "utf8"));
const active = {
  name: "practice-1", uuid: "u-1", title: "1100", state: "production", next_step: "active",
  series_prefix: "PRACTICE1-", csid_expires: "2027-12-01T22:00:00Z", days_left: 365,
  renewal_due: false, last_icv: 41, suspended: null, compliance_passed: [], last_error: null,
};
const due = { ...active, name: "till-2", uuid: "u-2", title: "0100", csid_expires: "2026-12-31T22:00:00Z", days_left: 29, renewal_due: true };
const ar = { language: "ar", env: "practice", paper: "receipt", printer: null };

test("devices: state, expiry, days left; renewal due from 60 days with a one-click renewal", async () => {
  const { page, errors, close } = await openApp({ hash: "#/devices", state: { devices: [active, due], company } });
  await page.getByTestId("device-list").waitFor();
  const rows = page.locator("tr[data-device]");
  assert.equal(await rows.count(), 2);
  const till2 = page.locator('tr[data-device="till-2"]');
  assert.equal(await till2.getAttribute("data-renewal-due"), "true");
  assert.match(await till2.innerText(), /Renewal due/);
  assert.match(await till2.innerText(), /Simplified only/);
  assert.equal(await till2.getByTestId("device-days-left").innerText(), "29");
  assert.match(await till2.getByTestId("device-expires").innerText(), /December 31, 2026/);
  assert.equal(await page.locator('tr[data-device="practice-1"]').getByTestId("renewal-due").count(), 0);
  await page.screenshot({ path: path.join(shots, "devices-en.png"), fullPage: true });

  await till2.getByTestId("device-renew").click();
  await page.getByTestId("renew-otp-practice").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="renew-otp-input"]').value === "424242");
  assert.match(await page.getByTestId("renew-otp-timer").innerText(), /^(60:00|59:5\d)$/);
  await page.getByTestId("renew-run").click();
  await page.getByTestId("devices-done").waitFor();
  assert.match(await page.getByTestId("devices-done").innerText(), /January 15, 2028/);
  const renew = await called(page, "device_renew");
  assert.deepEqual(renew[0].args, { name: "till-2", otp: "424242" });
  assert.deepEqual(errors, []);
  await close();
});

test("devices in Arabic: right to left, Western digits, nothing English outside isolates", async () => {
  const { page, close } = await openApp({ hash: "#/devices", state: { prefs: ar, devices: [active, due], company } });
  await page.getByTestId("device-list").waitFor();
  await page.waitForFunction(() => document.documentElement.dir === "rtl");
  const till2 = page.locator('tr[data-device="till-2"]');
  assert.match(await till2.innerText(), /حان موعد التجديد/);
  assert.match(await till2.getByTestId("device-expires").innerText(), /31 ديسمبر 2026/);
  assert.doesNotMatch(await page.locator(".main").innerText(), /[\u0660-\u0669]/);
  assert.deepEqual(await englishOutsideIsolates(page), []);
  await page.screenshot({ path: path.join(shots, "devices-ar.png"), fullPage: true });
  await close();
});

test("a refused renewal is explained in the UI's language; the OTP error sits at the OTP", async () => {
  const refused = sanadError("SANAD-OTP-FORMAT", "otp", "the OTP is the 6-digit code from the Fatoora portal",
    "رمز التحقق (OTP) هو الرمز المكوّن من 6 أرقام من بوابة فاتورة");
  const { page, close } = await openApp({
    hash: "#/devices",
    state: { prefs: ar, devices: [due], company, answers: { device_renew: { __error: refused } } },
  });
  await page.getByTestId("device-renew").click();
  await page.getByTestId("renew-otp-input").fill("12a");
  await page.getByTestId("renew-run").click();
  const at = page.locator('[data-field-error="otp"]');
  await at.waitFor();
  assert.equal(await at.innerText(), "رمز التحقق (OTP) هو الرمز المكوّن من 6 أرقام من بوابة فاتورة");
  await close();
});

test("a device's key is backed up with a passphrase typed twice to a file the dialog names", async () => {
  const { page, close } = await openApp({ hash: "#/devices", state: { devices: [active], company } });
  await page.evaluate(() => (window.__DIALOG_PICK__ = "/backups/practice-1.sanad-device"));
  await page.getByTestId("device-backup").click();
  await page.getByText("Choose…").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="backup-file"]').value !== "");
  await page.getByTestId("backup-pass").fill("long enough phrase");
  await page.getByTestId("backup-pass2").fill("long enough phrasE");
  assert.equal(await page.getByTestId("backup-run").isDisabled(), true, "two different passphrases");
  assert.match(await page.getByTestId("backup-panel").innerText(), /The two passphrases differ/);
  await page.getByTestId("backup-pass2").fill("long enough phrase");
  await page.getByTestId("backup-run").click();
  await page.getByTestId("devices-done").waitFor();
  const b = await called(page, "device_backup");
  assert.deepEqual(b[0].args, { name: "practice-1", path: "/backups/practice-1.sanad-device", passphrase: "long enough phrase" });
  await close();
});

test("the wizard: company checked field by field, device, environment, OTP, live progress, active", async () => {
  const { page, errors, close } = await openApp({ hash: "#/wizard", state: { company } });
  await page.getByTestId("wizard-company").waitFor();
  assert.equal(await page.getByTestId("company-vat_number").inputValue(), company.vat_number);
  // A bad VAT number and postal code come back at their fields.
  await page.evaluate(() => {
    window.__MOCK__.answers.company_check = [
      { code: "BR-KSA-40", class: "bad_input", field: "company.vat_number", en: "must be 15 digits", ar: "يجب أن يتكون الرقم الضريبي من 15 رقمًا", detail: null, zatca: null },
      { code: "BR-KSA-66", class: "bad_input", field: "company.address.postal_zone", en: "must be 5 digits", ar: "يجب أن يتكون الرمز البريدي من 5 أرقام", detail: null, zatca: null },
    ];
  });
  await page.getByTestId("wizard-next").click();
  await page.locator('[data-field-error="company.vat_number"]').waitFor();
  assert.equal(await page.locator('[data-field-error="company.address.postal_zone"]').innerText(), "must be 5 digits");
  assert.equal(await page.getByTestId("wizard").getAttribute("data-step"), "company");
  await page.screenshot({ path: path.join(shots, "wizard-company-errors-en.png"), fullPage: true });
  await page.evaluate(() => delete window.__MOCK__.answers.company_check);
  await page.getByTestId("wizard-next").click();

  await page.getByTestId("wizard-device").waitFor();
  await page.getByTestId("device-name").fill("till-7");
  await page.getByTestId("device-standard").uncheck();
  assert.match(await page.getByTestId("device-title").innerText(), /0100/);
  await page.getByTestId("wizard-next").click();

  await page.getByTestId("wizard-environment").waitFor();
  await page.getByTestId("env-practice").click();
  await page.getByTestId("wizard-begin").click();
  await page.getByTestId("wizard-otp").waitFor();
  const begin = await called(page, "wizard_begin");
  assert.equal(begin[0].args.env, "practice");
  assert.deepEqual(begin[0].args.device, { name: "till-7", branch: null, standard: false, simplified: true });
  assert.match(await page.getByTestId("wizard-otp").innerText(), /Fatoora portal/);
  await page.getByTestId("wizard-otp-practice").click();
  await page.getByTestId("wizard-otp-timer").waitFor();
  await page.screenshot({ path: path.join(shots, "wizard-en.png"), fullPage: true });
  await page.getByTestId("wizard-onboard").click();

  // Progress: the steps tick as the events arrive, the compliance documents listed as they pass.
  await page.getByTestId("wizard-progress").waitFor();
  await page.locator('[data-compliance-step="standard-compliant"]').waitFor();
  await page.getByTestId("wizard-active").waitFor();
  assert.match(await page.getByTestId("wizard-active").innerText(), /till-7 is active/);
  assert.deepEqual(errors, []);
  await close();
});

test("the wizard reopens where the books say: a device waiting for its OTP, or mid-onboarding", async () => {
  const waiting = { ...active, name: "till-3", state: "new", next_step: "compliance_csid", csid_expires: null, days_left: null };
  let { page, close } = await openApp({ hash: "#/wizard", state: { company, devices: [active, waiting] } });
  await page.getByTestId("wizard-otp").waitFor();
  assert.equal(await page.getByTestId("wizard").getAttribute("data-step"), "otp");
  await close();

  const checking = { ...waiting, state: "compliance", next_step: "compliance_checks", compliance_passed: ["standard-compliant"] };
  ({ page, close } = await openApp({ hash: "#/wizard", state: { company, devices: [checking], prefs: ar } }));
  await page.getByTestId("wizard-progress").waitFor();
  assert.equal(await page.locator('[data-progress-step="compliance_csid"]').getAttribute("data-state"), "done");
  assert.match(await page.locator('[data-compliance-step="standard-compliant"]').innerText(), /فاتورة ضريبية/);
  assert.deepEqual(await englishOutsideIsolates(page), []);
  await page.screenshot({ path: path.join(shots, "wizard-ar.png"), fullPage: true });
  await page.getByTestId("wizard-continue").click();
  await page.getByTestId("wizard-active").waitFor();
  const run = await called(page, "device_onboard");
  assert.deepEqual(run[0].args, { name: "till-3", otp: null }, "resumes without an OTP");
  await close();
});

test("a refused OTP is explained in Arabic with who acts, ZATCA's words folded", async () => {
  const refusal = {
    code: "Invalid-OTP", class: "refused", field: "otp", en: "ZATCA refused the OTP", ar: "رفضت الهيئة رمز التحقق",
    detail: null, zatca: { status: 400, messages: [["Invalid-OTP", "The provided OTP is invalid"]] },
  };
  const waiting = { ...active, name: "till-3", state: "new", next_step: "key", csid_expires: null, days_left: null };
  const { page, close } = await openApp({
    hash: "#/wizard",
    state: { company, devices: [waiting], prefs: ar, answers: { device_onboard: { __error: refusal } } },
  });
  await page.getByTestId("wizard-otp-input").fill("999999");
  await page.getByTestId("wizard-onboard").click();
  await page.getByTestId("wizard-otp").waitFor();
  await page.locator('[data-field-error="otp"]').waitFor();
  assert.equal(await page.locator('[data-field-error="otp"]').innerText(), "رفضت الهيئة رمز التحقق");
  // Explained: its kind, what to do and who acts (the catalogue), ZATCA's own words folded.
  const notice = page.getByTestId("wizard-error");
  assert.equal(await notice.getAttribute("data-code"), "Invalid-OTP");
  assert.match(await notice.innerText(), /رفضت منصة فاتورة الطلب/);
  await page.waitForFunction(() => /المطلوب/.test(document.querySelector('[data-testid="wizard-error"]').innerText));
  assert.match(await notice.innerText(), /المسؤول عن الإجراء/);
  assert.deepEqual(await englishOutsideIsolates(page), []);
  await close();
});

test("settings: profile errors at their fields, language, environment with its isolation, paper, backup", async () => {
  const { page, errors, close } = await openApp({ hash: "#/settings", state: { company } });
  await page.getByTestId("company-form").waitFor();
  await page.getByTestId("company-vat_number").fill("123");
  await page.evaluate(() => {
    window.__MOCK__.answers.company_set = { __error: [
      { code: "BR-KSA-40", class: "bad_input", field: "company.vat_number", en: "must be 15 digits starting and ending with 3", ar: "يجب أن يتكون الرقم الضريبي من 15 رقمًا", detail: null, zatca: null },
    ] };
  });
  await page.getByTestId("company-save").click();
  await page.locator('[data-field-error="company.vat_number"]').waitFor();
  assert.match(await page.getByTestId("settings-env").innerText(), /never move between them/);
  await page.getByTestId("paper-a4").check();
  await page.getByTestId("printer").fill("EPSON TM-T20");
  await page.getByTestId("printing-save").click();
  await page.getByTestId("printing-saved").waitFor();
  const prefs = (await called(page, "preferences_set")).at(-1).args.preferences;
  assert.equal(prefs.paper, "a4");
  assert.equal(prefs.printer, "EPSON TM-T20");
  await page.getByTestId("books-backup-file").fill("/backups/books.sqlite");
  await page.getByTestId("books-backup-run").click();
  await page.getByTestId("books-backup-done").waitFor();
  assert.match(await page.getByTestId("books-backup-done").innerText(), /3 MB/);
  await page.screenshot({ path: path.join(shots, "settings-en.png"), fullPage: true });

  await page.getByTestId("settings-env-simulation").click();
  await page.getByTestId("settings-env-switch").click();
  await page.waitForFunction(() => document.querySelector('[data-testid="env-badge"]')?.dataset.env === "simulation");
  assert.equal(await page.getByTestId("practice-banner").count(), 0);

  await page.getByTestId("settings-lang-ar").check();
  await page.waitForFunction(() => document.documentElement.dir === "rtl");
  assert.deepEqual(await englishOutsideIsolates(page), []);
  await page.screenshot({ path: path.join(shots, "settings-ar.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await close();
});
