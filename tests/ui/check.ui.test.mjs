// The built frontend (ui/dist) in headless Chromium with the Rust side mocked (ipc-mock.ts).
// Run: npm run build && npm run test:ui   (needs /usr/bin/chromium or CHROMIUM=path)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { preview } from "vite";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../..", import.meta.url));
const mock = path.join(root, "tests/ui/.build/ipc-mock.js");
const shots = path.resolve(root, process.env.SHOT_DIR ?? "screenshots", "ui");
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

async function openApp(lang = "en") {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: lang === "ar" ? "ar-SA" : "en-US",
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e));
  await page.addInitScript({ path: mock });
  await page.goto(base);
  await page.getByTestId("dropzone").waitFor();
  return { page, errors, close: () => context.close() };
}

function pickFile(page, name, content) {
  return page
    .getByTestId("file-input")
    .setInputFiles({ name, mimeType: "application/xml", buffer: Buffer.from(content) });
}

const calls = (page) => page.evaluate(() => window.__IPC_CALLS__);

test("a valid invoice shows the verdict, every check and the document", async () => {
  const { page, errors, close } = await openApp();
  const xml = '<?xml version="1.0"?><Invoice/>';
  await pickFile(page, "Standard_Invoice.xml", xml);

  const verdict = page.getByTestId("verdict");
  await verdict.waitFor();
  assert.equal(await verdict.getAttribute("data-verdict"), "valid");
  assert.match(await verdict.innerText(), /Valid/);
  assert.equal(await page.getByTestId("source-name").innerText(), "Standard_Invoice.xml");

  const checks = page.locator("[data-check-id]");
  assert.equal(await checks.count(), 5);
  assert.equal(await page.locator('[data-status="passed"]').count(), 5);
  assert.match(await page.getByTestId("checks").innerText(), /Invoice hash/);

  assert.equal(await page.getByTestId("doc-number").innerText(), "SME00023");
  assert.equal(await page.getByTestId("doc-title").innerText(), "Tax Invoice");
  // en-SA formatting of decimal strings, exact to the cent.
  assert.match(await page.getByTestId("totals").innerText(), /4,318\.83/);
  assert.match(await page.getByTestId("lines").innerText(), /1,250\.50/);

  const recorded = await calls(page);
  const call = recorded.find((c) => c.cmd === "check_bytes");
  assert.ok(call, "check_bytes was called");
  assert.equal(call.args.byteLength, Buffer.byteLength(xml), "the file's exact bytes were sent");

  await page.screenshot({ path: path.join(shots, "valid-en.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await close();
});

test("a tampered invoice is not valid and names the failing check and rule", async () => {
  const { page, close } = await openApp();
  await pickFile(page, "tampered.xml", "<Invoice>TAMPERED</Invoice>");
  const verdict = page.getByTestId("verdict");
  await verdict.waitFor();
  assert.equal(await verdict.getAttribute("data-verdict"), "invalid");
  const text = await page.getByTestId("verdict-text").innerText();
  assert.match(text, /Invoice hash/);
  assert.match(text, /ZATCA rules \(1\)/);
  assert.equal(
    await page.locator('[data-check-id="invoiceHash"]').getAttribute("data-status"),
    "failed",
  );
  assert.match(
    await page.locator('[data-check-id="invoiceHash"]').innerText(),
    /The document was changed after it was signed\./,
  );
  const finding = page.locator('[data-code="BR-KSA-44"]');
  assert.ok(await finding.isVisible());
  assert.match(await finding.innerText(), /Error/);
  // The catalogue's explanation beside the finding, in the screen's language.
  assert.equal(
    await finding.getByTestId("finding-what").innerText(),
    "The buyer's VAT number is not 15 digits starting and ending with 3.",
  );
  assert.match(await finding.getByTestId("finding-next").innerText(), /^What to do: Ask the customer/);
  assert.equal(await finding.getByTestId("finding-actor").innerText(), "Who acts: the shop");
  assert.equal(await finding.locator(".finding-message").isVisible(), false, "the rule's path is folded");
  await page.screenshot({ path: path.join(shots, "tampered-en.png"), fullPage: true });
  await close();
});

test("Arabic flips the whole layout right-to-left and writes Western digits", async () => {
  const { page, close } = await openApp();
  await page.getByTestId("lang-switch").click();
  await page.waitForFunction(() => document.documentElement.dir === "rtl");
  assert.equal(await page.evaluate(() => document.documentElement.lang), "ar");

  await pickFile(page, "Standard_Invoice.xml", "<Invoice/>");
  await page.getByTestId("verdict").waitFor();
  assert.equal(await page.locator(".verdict-title").innerText(), "المستند صالح");
  assert.equal(await page.getByTestId("doc-title").innerText(), "فاتورة ضريبية");

  // The sidebar sits on the right, the content on its left.
  const side = await page.locator(".sidebar").boundingBox();
  const main = await page.locator(".main").boundingBox();
  assert.ok(side.x > main.x, `sidebar x ${side.x} should be right of main x ${main.x}`);
  // Western digits, as on the printed invoice: amounts, rates and dates.
  const totals = await page.getByTestId("totals").innerText();
  assert.match(totals, /4,318\.83/);
  assert.match(totals, /ر\.س/);
  const meta = await page.getByTestId("meta").innerText();
  assert.match(meta, /7 سبتمبر 2022/);
  const text = await page.locator(".main").innerText();
  assert.doesNotMatch(text, /[\u0660-\u0669\u06f0-\u06f9]/, "no Arabic-Indic digit anywhere");
  assert.match(text, /15%/);
  // Codes are translated for the reader: currency, units, country, the party ID's scheme.
  assert.doesNotMatch(text, /\bSAR\b/);
  assert.equal(await page.getByTestId("doc-currency").innerText(), "ر.س");
  assert.equal(await page.getByTestId("unit").first().innerText(), "حبة");
  assert.doesNotMatch(await page.getByTestId("lines").innerText(), /\bPCE\b/);
  assert.equal(await page.getByTestId("party-country").first().innerText(), "السعودية");
  assert.match(await page.getByTestId("party-id").first().innerText(), /رقم السجل التجاري:\s*1010010000/);
  assert.doesNotMatch(text, /\bCRN\b/);
  // Headings of numeric columns align to the end (left in RTL).
  const align = await page.locator("td.num").first().evaluate((el) => getComputedStyle(el).textAlign);
  assert.equal(align, "end");
  // Numbers and codes sit in isolates so that they never reorder the sentence around them.
  const bare = await page.locator("td.num").evaluateAll((cells) =>
    cells.filter((c) => /\d/.test(c.textContent) && !c.querySelector("bdi")).length,
  );
  assert.equal(bare, 0, "every number in a table cell is isolated");

  await page.screenshot({ path: path.join(shots, "valid-ar.png"), fullPage: true });

  // The choice is kept for the next start.
  await page.reload();
  await page.waitForFunction(() => document.documentElement.dir === "rtl");
  await close();
});

test("in Arabic, English-only detail is folded away under an Arabic sentence", async () => {
  const { page, close } = await openApp();
  await page.getByTestId("lang-switch").click();
  await pickFile(page, "tampered.xml", "<Invoice>TAMPERED</Invoice>");
  await page.getByTestId("verdict").waitFor();
  assert.equal(await page.locator(".verdict-title").innerText(), "المستند غير صالح");
  assert.match(await page.getByTestId("verdict-text").innerText(), /تجزئة الفاتورة/);
  const hash = page.locator('[data-check-id="invoiceHash"]');
  assert.match(await hash.innerText(), /تغيّر محتوى المستند بعد توقيعه/);
  const details = hash.getByTestId("technical");
  assert.equal(await details.evaluate((d) => d.open), false, "folded by default");
  assert.equal(await details.locator("summary").innerText(), "التفاصيل التقنية (بالإنجليزية)");
  assert.equal(await details.locator("p").isVisible(), false);
  const finding = page.locator('[data-code="BR-KSA-44"]');
  assert.equal(
    await finding.getByTestId("finding-what").innerText(),
    "الرقم الضريبي للمشتري ليس من 15 رقمًا يبدأ وينتهي بالرقم 3.",
  );
  assert.match(await finding.getByTestId("finding-next").innerText(), /^المطلوب: اطلب من العميل/);
  assert.equal(await finding.getByTestId("finding-actor").innerText(), "المسؤول عن الإجراء: المنشأة");
  const plain = await finding.locator('[data-testid^="finding-"]:not(details)').allInnerTexts();
  assert.equal(plain.length, 3);
  assert.doesNotMatch(plain.join(" "), /[A-Za-z]/, "no English beside the Arabic finding");
  const where = finding.getByTestId("finding-where");
  assert.equal(await where.locator("summary").innerText(), "موضع المخالفة في المستند");
  assert.equal(await where.locator("p").isVisible(), false);
  await where.locator("summary").click();
  assert.match(await where.locator("p").innerText(), /يجب أن يتكون من 15 رقمًا/);
  await details.locator("summary").click();
  assert.equal(await details.locator("p").isVisible(), true);
  assert.equal(await details.locator("p").getAttribute("dir"), "ltr");
  await page.screenshot({ path: path.join(shots, "tampered-ar.png"), fullPage: true });
  await close();
});

test("each total on screen sits beside the amount its glossary term labels (USD sample)", async () => {
  const glossary = JSON.parse(readFileSync(path.join(root, "assets/glossary.json"), "utf8")).terms;
  const xml = readFileSync(
    path.join(
      root,
      "vendor/zatca-sdk/Data/Samples/Standard/Invoice/Advance Payment adjustments with foreign currency invoice.xml",
    ),
    "utf8",
  );
  // The value of `ubl` (parent/child) in the document currency, as the XML states it.
  const amountOf = (ubl, currency) => {
    const [parent, child] = ubl.split("/");
    const blocks = xml.split(`<${parent}>`).slice(1).map((b) => b.split(`</${parent}>`)[0]);
    for (const block of blocks) {
      const m = new RegExp(`<${child} currencyID="${currency}">([^<]+)<`).exec(block);
      if (m) return m[1];
    }
    return null;
  };
  for (const lang of ["en", "ar"]) {
    const { page, close } = await openApp();
    if (lang === "ar") await page.getByTestId("lang-switch").click();
    await pickFile(page, "usd.xml", "<Invoice>USD</Invoice>");
    await page.getByTestId("totals").waitFor();
    const locale = lang === "ar" ? "ar-SA-u-nu-latn" : "en-SA";
    const fmt = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 6 });
    const rows = await page.locator('[data-testid="totals"] > div').evaluateAll((els) =>
      els.map((e) => ({
        term: e.dataset.term,
        label: e.querySelector("dt").innerText,
        amount: e.querySelector("dd bdi").innerText,
      })),
    );
    const shown = new Set(rows.map((r) => r.term));
    for (const [key, term] of Object.entries(glossary)) {
      if (!term.ubl || key === "total.payableNote") continue;
      const value = amountOf(term.ubl, "USD");
      const row = rows.find((r) => r.term === key);
      if (value == null || (!row && Number(value) === 0)) continue;
      assert.ok(row, `${lang}: ${key} (${term.ubl} = ${value}) is not on screen`);
      assert.equal(row.label, term[lang], `${lang}: ${key} is labelled`);
      assert.equal(row.amount, fmt.format(value), `${lang}: ${term[lang]} shows ${term.ubl}`);
    }
    assert.ok(shown.has("total.lineExtension") && shown.has("total.taxExclusive"));
    // The sample's two sums that one set of words once named both.
    const label = (amount) => rows.find((r) => r.amount === amount)?.label;
    assert.equal(label("2,000.00"), glossary["total.lineExtension"][lang]);
    assert.equal(label("1,900.00"), glossary["total.taxExclusive"][lang]);
    if (lang === "ar") {
      assert.match(await page.getByTestId("totals").innerText(), /1,035\.00\s*دولار أمريكي/);
      assert.match(await page.getByTestId("totals").innerText(), /1,068\.75\s*ر\.س/);
    }
    await close();
  }
});

test("a file that is not an invoice gets a clear message, not a crash", async () => {
  const { page, errors, close } = await openApp();
  await pickFile(page, "notes.txt", "hello, this is not an invoice");
  const panel = page.getByTestId("check-error");
  await panel.waitFor();
  assert.equal(await panel.getAttribute("data-code"), "unknownFormat");
  assert.match(await panel.innerText(), /not an XML invoice, a PDF or a QR text/);
  await page.getByTestId("check-another").click();
  await page.getByTestId("dropzone").waitFor();
  assert.deepEqual(errors, []);
  await close();
});

test("a pasted QR text is checked and marked as QR-only", async () => {
  const { page, close } = await openApp();
  const qr = "AQVTYW5hZAIPMzk5OTk5OTk5OTAwMDAz";
  await page.getByTestId("qr-text").fill(qr);
  await page.getByTestId("check-qr").click();
  await page.getByTestId("verdict").waitFor();
  assert.match(await page.getByTestId("verdict").innerText(), /Only the QR code was checked/);
  assert.ok(await page.getByTestId("qr").isVisible());
  assert.equal(await page.getByTestId("document").count(), 0);
  const call = (await calls(page)).find((c) => c.cmd === "check_qr");
  assert.deepEqual(call.args, { text: qr });
  await close();
});

test("Open file… asks the system's file chooser and checks the chosen path", async () => {
  const { page, errors, close } = await openApp();
  // Cancelled: nothing happens.
  await page.getByTestId("open-file").click();
  await page.waitForFunction(() =>
    window.__IPC_CALLS__.some((c) => c.cmd === "plugin:dialog|open"),
  );
  assert.equal(await page.getByTestId("verdict").count(), 0);

  await page.evaluate(() => (window.__DIALOG_PICK__ = "/home/shop/in/Standard_Invoice.xml"));
  await page.getByTestId("open-file").click();
  await page.getByTestId("verdict").waitFor();
  assert.equal(await page.getByTestId("source-name").innerText(), "Standard_Invoice.xml");
  const recorded = await calls(page);
  const open = recorded.find((c) => c.cmd === "plugin:dialog|open");
  assert.deepEqual(open.args.options.filters[0].extensions, ["xml", "pdf", "XML", "PDF"]);
  const check = recorded.find((c) => c.cmd === "check_file");
  assert.deepEqual(check.args, { path: "/home/shop/in/Standard_Invoice.xml" });
  assert.deepEqual(errors, []);
  await close();
});
