// The real window: the wizard through to an active device in practice, closed in the middle and
// reopened at the same step (twice: waiting for the OTP, and between compliance documents);
// renewal shown and done in simulation against a simulator the test starts, whose certificates
// last 30 days (so they are due for renewal at once). Arabic right to left on every screen.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { start, shot, rightToLeft, root } from "./harness.mjs";

const work = mkdtempSync(path.join(tmpdir(), "sanad-e2e-onboarding-"));
after(() => rmSync(work, { recursive: true, force: true }));
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, "target");
const cli = path.resolve(process.env.SANAD_CLI ?? path.join(targetDir, "debug", "sanad-cli"));

async function firstStart(browser, lang = "en") {
  await browser.$testid("first-run").waitForExist({ timeout: 20000 });
  await browser.$testid(`first-${lang}`).click();
  await browser.$testid("screen-title").waitForExist({ timeout: 30000 });
}

async function go(browser, hash, testid) {
  await browser.execute((h) => (location.hash = h), hash);
  await browser.$testid(testid).waitForExist({ timeout: 15000 });
}

async function step(browser) {
  return browser.$testid("wizard").getAttribute("data-step");
}

async function fillDeviceAndBegin(browser, name, env) {
  await browser.$testid("wizard-company").waitForExist({ timeout: 15000 });
  await browser.$testid("wizard-next").click();
  await browser.$testid("wizard-device").waitForExist({ timeout: 15000 });
  await browser.$testid("device-name").setValue(name);
  await browser.$testid("wizard-next").click();
  await browser.$testid("wizard-environment").waitForExist();
  await browser.$testid(`env-${env}`).click();
  await browser.$testid("wizard-begin").click();
  await browser.$testid("wizard-otp").waitForExist({ timeout: 20000 });
}

test("practice: the wizard, closed waiting for the OTP and between compliance documents, reopens at the same step", async () => {
  const data = path.join(work, "practice");
  let { browser, stop } = await start(data);
  try {
    await firstStart(browser, "en");
    await go(browser, "#/wizard", "wizard");
    await fillDeviceAndBegin(browser, "till-2", "practice");
    await shot(browser, "wizard-otp-en.png");
  } finally {
    await stop(); // closed in the middle: the device is recorded, no OTP given yet
  }

  // Reopened: the same step. This time the app stops after the first compliance document.
  ({ browser, stop } = await start(data, { SANAD_PAUSE_AFTER_STEP: "compliance_checks" }));
  try {
    await go(browser, "#/wizard", "wizard-otp");
    assert.equal(await step(browser), "otp");
    await browser.$testid("wizard-otp-practice").click();
    await browser.waitUntil(async () => (await browser.$testid("wizard-otp-input").getValue()).length === 6);
    assert.match(await browser.$testid("wizard-otp-timer").getText(), /^(60:00|59:\d\d)$/);
    await browser.$testid("wizard-onboard").click();
    await browser.$('[data-compliance-step]').waitForExist({ timeout: 30000 });
    assert.equal(
      await browser.$('[data-progress-step="compliance_csid"]').getAttribute("data-state"),
      "done",
    );
    await shot(browser, "wizard-progress-en.png");
  } finally {
    await stop(); // killed between two compliance documents
  }

  ({ browser, stop } = await start(data));
  try {
    await go(browser, "#/wizard", "wizard-progress");
    assert.equal(await step(browser), "progress");
    const passed = await browser.$$("[data-compliance-step]").length;
    assert.ok(passed >= 1, `compliance documents already passed: ${passed}`);
    await browser.$testid("wizard-continue").click();
    await browser.$testid("wizard-active").waitForExist({ timeout: 60000 });
    assert.match(await browser.$testid("wizard-active").getText(), /till-2 is active/);
    await shot(browser, "wizard-active-en.png");
    await go(browser, "#/devices", "device-list");
    const states = await browser.$$("tr[data-device]").map((r) => r.getAttribute("data-state"));
    assert.deepEqual(states, ["production", "production"], "practice-1 and till-2");
    await shot(browser, "devices-en.png");
    // Every screen built so far, in Arabic, reads right to left.
    await browser.$testid("lang-switch").click();
    for (const [hash, testid, name] of [
      ["#/devices", "device-list", "devices-ar.png"],
      ["#/wizard", "wizard", "wizard-ar.png"],
      ["#/settings", "settings", "settings-ar.png"],
      ["#/check", "dropzone", null],
    ]) {
      await go(browser, hash, testid);
      await browser.waitUntil(() => rightToLeft(browser), { timeout: 5000, timeoutMsg: `${hash} is not right to left` });
      if (name) await shot(browser, name);
    }
    await browser.$testid("lang-switch").click();
    await go(browser, "#/settings", "settings");
    await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.dir)) === "ltr");
    await shot(browser, "settings-en.png");
  } finally {
    await stop();
  }
});

test("simulation: a 30-day certificate is due for renewal at once, and is renewed with a new OTP", async () => {
  const data = path.join(work, "simulation");
  mkdirSync(data, { recursive: true });
  const sim = spawn(cli, ["sim", "--port", "0", "--db", path.join(work, "sim.sqlite"), "--certificate-days", "30", "--otp", "654321"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const url = await new Promise((resolve, reject) => {
      let out = "";
      sim.stdout.on("data", (d) => {
        out += d;
        const m = /at (http:\/\/127\.0\.0\.1:\d+\S*)/.exec(out);
        if (m) resolve(m[1]);
      });
      sim.once("exit", (c) => reject(new Error(`simulator exited ${c}: ${out}`)));
    });
    // Simulation books that talk to this simulator, with the company profile.
    execFileSync(cli, ["--data-dir", data, "--env", "simulation", "--fatoora-url", url, "company", "set", path.join(root, "examples/company.json")]);
    writeFileSync(path.join(data, "preferences.json"), JSON.stringify({ language: "ar", env: "simulation" }));

    const { browser, stop } = await start(data);
    try {
      await browser.$testid("screen-title").waitForExist({ timeout: 20000 });
      assert.equal(await browser.$testid("env-badge").getAttribute("data-env"), "simulation");
      assert.equal(await browser.$testid("practice-banner").isExisting(), false);
      await go(browser, "#/wizard", "wizard");
      await fillDeviceAndBegin(browser, "till-1", "simulation");
      await browser.$testid("wizard-otp-input").setValue("654321");
      await browser.$testid("wizard-onboard").click();
      await browser.$testid("wizard-active").waitForExist({ timeout: 60000 });
      await go(browser, "#/devices", "device-list");
      const row = await browser.$('tr[data-device="till-1"]');
      assert.equal(await row.getAttribute("data-renewal-due"), "true");
      const before = await row.$('[data-testid="device-days-left"]').getText();
      assert.match(before, /^(29|30)$/);
      assert.ok(await rightToLeft(browser));
      await shot(browser, "devices-renewal-ar.png");
      await row.$('[data-testid="device-renew"]').click();
      await browser.$testid("renew-otp-input").setValue("654321");
      await browser.$testid("renew-run").click();
      await browser.$testid("devices-done").waitForExist({ timeout: 30000 });
      assert.match(await browser.$testid("devices-done").getText(), /تم التجديد/);
      await shot(browser, "devices-renewed-ar.png");
    } finally {
      await stop();
    }
  } finally {
    sim.kill("SIGTERM");
  }
});
