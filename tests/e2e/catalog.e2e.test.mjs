// The real window: customers and items against real books, in Arabic (right to left) and
// English; the engine's own rules refuse a bad VAT number at its field.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { start, shot, rightToLeft } from "./harness.mjs";

const work = mkdtempSync(path.join(tmpdir(), "sanad-e2e-catalog-"));
after(() => rmSync(work, { recursive: true, force: true }));

async function go(browser, hash, testid) {
  await browser.execute((h) => (location.hash = h), hash);
  await browser.$testid(testid).waitForExist({ timeout: 15000 });
}

test("a customer refused at its VAT number, then saved and found; an item found by its barcode", async () => {
  const { browser, stop } = await start(path.join(work, "data"));
  try {
    await browser.$testid("first-run").waitForExist({ timeout: 20000 });
    await browser.$testid("first-ar").click();
    await browser.$testid("practice-banner").waitForExist({ timeout: 30000 });

    await go(browser, "#/customers", "customers");
    await browser.$testid("customer-new").click();
    await browser.$testid("customer-name_ar").setValue("شركة النخيل للتجارة");
    await browser.$testid("customer-name_en").setValue("Palm Trading");
    await browser.$testid("customer-vat_number").setValue("12345");
    await browser.$testid("customer-crn").setValue("1010101010");
    await browser.$testid("customer-street").setValue("طريق الملك فهد");
    await browser.$testid("customer-building").setValue("1234");
    await browser.$testid("customer-additional_number").setValue("5678");
    await browser.$testid("customer-district").setValue("العليا");
    await browser.$testid("customer-city").setValue("الرياض");
    await browser.$testid("customer-postal_code").setValue("12211");
    await browser.$testid("customer-save").click();
    const at = await browser.$('[data-field-error="customer.vat_number"]');
    await at.waitForExist({ timeout: 15000 });
    assert.match(await at.getText(), /[\u0600-\u06ff]/, "the engine's sentence, in Arabic");
    assert.ok(await rightToLeft(browser));
    await shot(browser, "customers-errors-ar.png");
    await browser.$testid("customer-vat_number").setValue("311111111100003");
    await browser.$testid("customer-save").click();
    await browser.$testid("customer-saved").waitForExist({ timeout: 15000 });
    // The ledger's folding search: another form of the letters finds the same customer.
    await browser.$testid("customers-search").setValue("النخيل");
    await browser.waitUntil(async () => (await browser.$$("tr[data-customer]").length) === 1);
    await shot(browser, "customers-ar.png");

    await go(browser, "#/items", "items");
    await browser.$testid("item-new").click();
    await browser.$testid("item-name_ar").setValue("قهوة عربية");
    await browser.$testid("item-name_en").setValue("Arabic coffee");
    await browser.$testid("item-price").setValue("4.00");
    await browser.waitUntil(async () => /4\.60/.test(await browser.$testid("item-price-with-vat").getText()));
    await browser.$testid("item-barcode").setValue("6281000000017");
    await browser.$testid("item-save").click();
    await browser.$testid("item-saved").waitForExist({ timeout: 15000 });
    await browser.$testid("items-search").setValue("6281000000017");
    await browser.waitUntil(async () => (await browser.$$("tr[data-item]").length) === 1);
    assert.match(await browser.$("tr[data-item]").getText(), /4\.00 ر\.س/);
    assert.ok(await rightToLeft(browser));
    await shot(browser, "items-ar.png");

    await browser.$testid("lang-switch").click();
    await browser.waitUntil(async () => (await browser.execute(() => document.documentElement.dir)) === "ltr");
    await browser.$testid("items-search").clearValue();
    await shot(browser, "items-en.png");
    await go(browser, "#/customers", "customer-list");
    await shot(browser, "customers-en.png");
  } finally {
    await stop();
  }
});
