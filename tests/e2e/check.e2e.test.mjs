// The real Sanad window (WebKitGTK) driven through tauri-driver + WebKitWebDriver.
// Run under a display, e.g.: xvfb-run -a -s '-screen 0 1280x900x24' node --test tests/e2e/
// APP_BIN: the app built with its UI embedded (npx tauri build --debug --no-bundle).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

const root = fileURLToPath(new URL("../..", import.meta.url));
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, "target");
const app = path.resolve(process.env.APP_BIN ?? path.join(targetDir, "debug", "sanad"));
const shots = path.resolve(root, process.env.SHOT_DIR ?? "screenshots", "e2e");
const samples = path.join(root, "vendor/zatca-sdk/Data/Samples");
mkdirSync(shots, { recursive: true });

const work = mkdtempSync(path.join(tmpdir(), "sanad-e2e-"));
let driver;
let browser;

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

before(async () => {
  const port = await freePort();
  const nativePort = await freePort();
  driver = spawn(
    process.env.TAURI_DRIVER ?? "tauri-driver",
    ["--port", String(port), "--native-port", String(nativePort)],
    {
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, SANAD_DATA_DIR: path.join(work, "data") },
    },
  );
  await waitForPort(port);
  browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    capabilities: {
      browserName: "wry",
      "wdio:enforceWebDriverClassic": true,
      "tauri:options": { application: app },
    },
  });
  // A first start asks for the language, then prepares practice (the check screen needs neither).
  await browser.$('[data-testid="first-run"], [data-testid="dropzone"]').waitForExist({ timeout: 20000 });
  if (await browser.$('[data-testid="first-run"]').isExisting()) {
    await browser.$('[data-testid="first-en"]').click();
    await browser.$('[data-testid="practice-banner"]').waitForExist({ timeout: 30000 });
  }
  await browser.$('[data-testid="dropzone"]').waitForExist({ timeout: 20000 });
  // The language choice persists in the webview's storage: start every run in English.
  if ((await browser.execute(() => document.documentElement.lang)) !== "en") {
    await browser.$('[data-testid="lang-switch"]').click();
    await browser.waitUntil(
      async () => (await browser.execute(() => document.documentElement.lang)) === "en",
    );
  }
});

after(async () => {
  await browser?.deleteSession().catch(() => {});
  driver?.kill("SIGTERM"); // SIGTERM lets tauri-driver stop WebKitWebDriver too
  rmSync(work, { recursive: true, force: true });
});

/** WebKitWebDriver returns the last painted frame: wait two frames before a screenshot. */
async function shot(name) {
  await browser.executeAsync((done) =>
    requestAnimationFrame(() => requestAnimationFrame(() => done())),
  );
  await browser.saveScreenshot(path.join(shots, name));
}

async function open(file) {
  const another = await browser.$('[data-testid="check-another"]');
  if (await another.isExisting()) await another.click();
  const input = await browser.$('[data-testid="file-input"]');
  await input.waitForExist();
  await input.addValue(file);
  const verdict = await browser.$('[data-testid="verdict"], [data-testid="check-error"]');
  await verdict.waitForExist({ timeout: 15000 });
  return verdict;
}

test("an SDK sample invoice is valid", async () => {
  const verdict = await open(path.join(samples, "Standard/Invoice/Standard_Invoice.xml"));
  assert.equal(await verdict.getAttribute("data-verdict"), "valid");
  assert.equal(await browser.$('[data-testid="doc-number"]').getText(), "SME00023");
  const statuses = await browser.$$("[data-check-id]").map((c) => c.getAttribute("data-status"));
  assert.ok(statuses.length >= 4, `checks shown: ${statuses}`);
  assert.ok(!statuses.includes("failed"), `no check fails: ${statuses}`);
  await shot("valid-en.png");
  await browser.execute(() => document.querySelector('[data-testid="totals"]').scrollIntoView());
  assert.match(await browser.$('[data-testid="totals"]').getText(), /4\.60/);
  await shot("valid-en-totals.png");
  await browser.execute(() => document.querySelector(".main").scrollTo(0, 0));
});

test("Open file… shows the system's file chooser and checks the file picked in it", async () => {
  await browser.$('[data-testid="check-another"]').click();
  await browser.$('[data-testid="open-file"]').click();
  // Drive the real GTK dialog the way a person would: type a location, press Enter.
  const xdo = (...args) => execFileSync("xdotool", args, { encoding: "utf8" }).trim();
  const pause = (ms) => new Promise((r) => setTimeout(r, ms));
  const dialog = xdo("search", "--sync", "--name", "^Open an e-invoice$").split("\n")[0];
  await pause(1000); // let GTK map and lay out the dialog before typing into it
  xdo("windowfocus", "--sync", dialog, "key", "ctrl+l");
  await pause(500);
  xdo("type", "--delay", "5", path.join(samples, "Simplified/Invoice/Simplified_Invoice.xml"));
  await pause(500);
  xdo("key", "Return");
  const verdict = await browser.$('[data-testid="verdict"]');
  await verdict.waitForExist({ timeout: 15000 });
  assert.equal(await verdict.getAttribute("data-verdict"), "valid");
  assert.equal(await browser.$('[data-testid="source-name"]').getText(), "Simplified_Invoice.xml");
  await shot("dialog-en.png");
});

test("the SDK's PDF/A-3 sample is read through its embedded XML", async () => {
  const verdict = await open(path.join(samples, "PDF-A3/Simplified_Invoice.pdf"));
  assert.ok(await verdict.getAttribute("data-verdict"), "a verdict is shown");
  assert.match(await browser.$(".verdict-source").getText(), /PDF\/A-3 with embedded .*\.xml/);
  await shot("pdf-en.png");
});

test("a tampered invoice is not valid and the failing check is named", async () => {
  const original = readFileSync(path.join(samples, "Standard/Invoice/Standard_Invoice.xml"), "utf8");
  const tampered = original.replace(
    '<cbc:PriceAmount currencyID="SAR">2.00</cbc:PriceAmount>',
    '<cbc:PriceAmount currencyID="SAR">1.00</cbc:PriceAmount>',
  );
  assert.notEqual(tampered, original, "the sample's price was changed");
  const file = path.join(work, "Standard_Invoice-tampered.xml");
  writeFileSync(file, tampered);

  const verdict = await open(file);
  assert.equal(await verdict.getAttribute("data-verdict"), "invalid");
  assert.match(await browser.$('[data-testid="verdict-text"]').getText(), /Invoice hash/);
  const hash = await browser.$('[data-check-id="invoiceHash"]');
  assert.equal(await hash.getAttribute("data-status"), "failed");
  await shot("tampered-en.png");
});

test("Arabic turns the whole window right-to-left", async () => {
  await browser.$('[data-testid="lang-switch"]').click();
  await browser.waitUntil(
    async () => (await browser.execute(() => document.documentElement.dir)) === "rtl",
    { timeout: 5000, timeoutMsg: "dir never became rtl" },
  );
  assert.equal(await browser.execute(() => document.documentElement.lang), "ar");
  const [side, main] = await browser.execute(() =>
    [".sidebar", ".main"].map((s) => document.querySelector(s).getBoundingClientRect().left),
  );
  assert.ok(side > main, `sidebar (${side}) is right of the content (${main})`);
  assert.equal(await browser.$(".verdict-title").getText(), "المستند غير صالح");
  // The engine's English detail is folded under an Arabic sentence.
  const hash = await browser.$('[data-check-id="invoiceHash"]');
  assert.match(await hash.getText(), /تغيّر محتوى المستند بعد توقيعه/);
  assert.equal(await hash.$("details").getProperty("open"), false);
  await shot("tampered-ar.png");

  // A rule finding: its explanation from the catalogue, in Arabic, beside the code.
  const original = readFileSync(path.join(samples, "Standard/Invoice/Standard_Invoice.xml"), "utf8");
  const badVat = original.replace(
    "<cbc:CompanyID>399999999800003</cbc:CompanyID>",
    "<cbc:CompanyID>12345</cbc:CompanyID>",
  );
  assert.notEqual(badVat, original);
  const badFile = path.join(work, "Standard_Invoice-buyer-vat.xml");
  writeFileSync(badFile, badVat);
  await open(badFile);
  const finding = await browser.$('[data-code="BR-KSA-44"]');
  await finding.waitForExist();
  assert.match(await finding.$('[data-testid="finding-what"]').getText(), /الرقم الضريبي للمشتري/);
  assert.match(await finding.$('[data-testid="finding-actor"]').getText(), /المنشأة/);
  await browser.execute(() =>
    document.querySelector('[data-testid="findings"]').scrollIntoView({ block: "center" }),
  );
  await shot("rules-ar.png");
  await browser.execute(() => document.querySelector(".main").scrollTo(0, 0));

  const verdict = await open(path.join(samples, "Simplified/Invoice/Simplified_Invoice.xml"));
  assert.equal(await verdict.getAttribute("data-verdict"), "valid");
  assert.equal(await browser.$(".verdict-title").getText(), "المستند صالح");
  // WebKit's own Intl: Western digits and the riyal sign after the amount.
  const totals = await browser.$('[data-testid="totals"]').getText();
  assert.match(totals, /231\.15\s*ر\.س/);
  const text = await browser.execute(() => document.querySelector(".main").innerText);
  assert.doesNotMatch(text, /[\u0660-\u0669]/, "no Arabic-Indic digit");
  assert.doesNotMatch(text, /\bSAR\b/);
  await shot("valid-ar.png");
  await browser.execute(() => document.querySelector('[data-testid="totals"]').scrollIntoView());
  await shot("valid-ar-totals.png");
  await browser.execute(() => document.querySelector(".main").scrollTo(0, 0));
});

test("a pasted QR whose hash was changed: an Arabic sentence, the English detail folded", async () => {
  const xml = readFileSync(path.join(samples, "Simplified/Invoice/Simplified_Invoice.xml"), "utf8");
  const qrBlock = xml.split("<cbc:ID>QR</cbc:ID>")[1];
  const qr = qrBlock.split('mimeCode="text/plain">')[1].split("<")[0].trim();
  // Change one base64 letter of the invoice hash (tag 6): the QR's signature no longer verifies.
  const tlv = Buffer.from(qr, "base64");
  for (let i = 0; i < tlv.length; i += 2 + tlv[i + 1]) {
    if (tlv[i] === 6) {
      const at = i + 2 + 5;
      tlv[at] = tlv[at] === 0x41 ? 0x42 : 0x41;
      break;
    }
  }
  await browser.$('[data-testid="check-another"]').click();
  await browser.$('[data-testid="qr-text"]').setValue(tlv.toString("base64"));
  await browser.$('[data-testid="check-qr"]').click();
  const verdict = await browser.$('[data-testid="verdict"]');
  await verdict.waitForExist({ timeout: 15000 });
  assert.equal(await verdict.getAttribute("data-verdict"), "invalid");
  assert.equal(await browser.$(".verdict-title").getText(), "المستند غير صالح");
  const check = await browser.$('[data-check-id="qrSignature"]');
  assert.equal(await check.getAttribute("data-status"), "failed");
  assert.match(await check.getText(), /تعذّر التحقق من توقيع الرمز/);
  const details = await check.$("details");
  assert.equal(await details.getProperty("open"), false);
  assert.equal(await details.$("summary").getText(), "التفاصيل التقنية (بالإنجليزية)");
  await shot("qr-ar.png");
});
