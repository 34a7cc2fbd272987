// Customers and items, with the Rust side mocked (ipc-mock.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { openApp, called, shots, englishOutsideIsolates } from "./harness.mjs";

const palm = {
  id: 1, kind: "business", name_ar: "شركة النخيل للتجارة", name_en: "Palm Trading", vat_number: "311111111100003",
  crn: "1010101010", id_scheme: "CRN", street: "طريق الملك فهد", additional_street: null, building: "1234",
  additional_number: "5678", district: "العليا", city: "الرياض", postal_code: "12211", region: "منطقة الرياض", country_code: "SA",
};
const coffee = {
  id: 1, name_ar: "قهوة عربية", name_en: "Arabic coffee", unit_code: "PCE", price: "4.00", vat_category: "S", vat_rate: "15",
  exemption_code: null, exemption_reason: null, barcode: "6281000000017", sku: "COF-1",
};
const ar = { language: "ar", env: "practice", paper: "receipt", printer: null };
const vatError = {
  code: "BR-KSA-44", class: "bad_input", field: "customer.vat_number", en: "must be 15 digits, starting and ending with 3",
  ar: "يجب أن يتكون الرقم الضريبي للمشتري من 15 رقمًا يبدأ وينتهي بالرقم 3", detail: null, zatca: null,
};

test("customers: list, search, a new customer refused at its field, then saved with its full address", async () => {
  const { page, errors, close } = await openApp({ hash: "#/customers", state: { customers: [palm] } });
  await page.getByTestId("customer-list").waitFor();
  await page.getByTestId("customers-search").fill("nothing-like-this");
  await page.getByTestId("customers-none").waitFor();
  await page.getByTestId("customers-search").fill("");
  await page.getByTestId("customer-list").waitFor();
  assert.equal((await called(page, "customers_list")).at(-1).args.text, "");

  await page.getByTestId("customer-new").click();
  await page.getByTestId("customer-name_ar").fill("مؤسسة الواحة");
  await page.getByTestId("customer-vat_number").fill("3123");
  await page.getByTestId("customer-additional_number").fill("8228");
  await page.getByTestId("customer-region").fill("منطقة الرياض");
  await page.evaluate((e) => (window.__MOCK__.answers.customer_save = { __error: [e] }), vatError);
  await page.getByTestId("customer-save").click();
  await page.locator('[data-field-error="customer.vat_number"]').waitFor();
  await page.screenshot({ path: path.join(shots, "customers-errors-en.png"), fullPage: true });
  await page.evaluate(() => delete window.__MOCK__.answers.customer_save);
  await page.getByTestId("customer-vat_number").fill("312345678900003");
  await page.getByTestId("customer-kind").selectOption("government");
  await page.getByTestId("customer-save").click();
  await page.getByTestId("customer-saved").waitFor();
  const sent = (await called(page, "customer_save")).at(-1).args;
  assert.equal(sent.id, null);
  assert.equal(sent.customer.kind, "government");
  assert.equal(sent.customer.additional_number, "8228");
  assert.equal(sent.customer.region, "منطقة الرياض");
  assert.equal(await page.locator("tr[data-customer]").count(), 2);
  await page.screenshot({ path: path.join(shots, "customers-en.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await close();
});

test("customers in Arabic: right to left, the engine's sentence at the field", async () => {
  const { page, close } = await openApp({ hash: "#/customers", state: { prefs: ar, customers: [palm], answers: { customer_save: { __error: [vatError] } } } });
  await page.getByTestId("customer-list").waitFor();
  await page.waitForFunction(() => document.documentElement.dir === "rtl");
  await page.getByTestId("customer-edit").click();
  await page.getByTestId("customer-save").click();
  const at = page.locator('[data-field-error="customer.vat_number"]');
  await at.waitFor();
  assert.equal(await at.innerText(), vatError.ar);
  assert.deepEqual(await englishOutsideIsolates(page), []);
  await page.screenshot({ path: path.join(shots, "customers-ar.png"), fullPage: true });
  await close();
});

test("items: price with VAT shown as typed, exemption codes for the category, barcode and SKU", async () => {
  const { page, errors, close } = await openApp({ hash: "#/items", state: { items: [coffee] } });
  await page.getByTestId("item-list").waitFor();
  assert.match(await page.locator("tr[data-item]").innerText(), /4\.00 SAR/);
  await page.getByTestId("item-new").click();
  await page.getByTestId("item-name_ar").fill("تمر سكري");
  await page.getByTestId("item-price").fill("10");
  assert.match(await page.getByTestId("item-price-with-vat").innerText(), /11\.50/);
  await page.getByTestId("item-price").fill("8.70");
  assert.match(await page.getByTestId("item-price-with-vat").innerText(), /10\.01/, "half away from zero");
  await page.getByTestId("item-vat_category").selectOption("Z");
  await page.getByTestId("item-exemption_code").waitFor();
  await page.getByTestId("item-exemption_code").selectOption("VATEX-SA-32");
  await page.getByTestId("item-barcode").fill("6281000000024");
  await page.getByTestId("item-save").click();
  await page.getByTestId("item-saved").waitFor();
  const sent = (await called(page, "item_save")).at(-1).args.item;
  assert.deepEqual(
    [sent.vat_category, sent.vat_rate, sent.exemption_code, sent.barcode, sent.price],
    ["Z", "0", "VATEX-SA-32", "6281000000024", "8.70"],
  );
  await page.screenshot({ path: path.join(shots, "items-en.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await close();
});

test("items in Arabic: right to left, the amount before the currency, units translated", async () => {
  const taken = { code: "SANAD-CODE-TAKEN", class: "bad_input", field: "item.barcode", en: "6281000000017 is already the code of قهوة عربية", ar: "الرمز 6281000000017 مستخدم للصنف «قهوة عربية»", detail: null, zatca: null };
  const { page, close } = await openApp({ hash: "#/items", state: { prefs: ar, items: [coffee], answers: { item_save: { __error: [taken] } } } });
  await page.getByTestId("item-list").waitFor();
  await page.waitForFunction(() => document.documentElement.dir === "rtl");
  assert.match(await page.locator("tr[data-item]").innerText(), /4\.00 ر\.س/);
  await page.getByTestId("item-edit").click();
  assert.equal(await page.locator('[data-testid="item-unit_code"] option:checked').innerText(), "حبة");
  await page.getByTestId("item-save").click();
  await page.locator('[data-field-error="item.barcode"]').waitFor();
  assert.deepEqual(await englishOutsideIsolates(page), []);
  await page.screenshot({ path: path.join(shots, "items-ar.png"), fullPage: true });
  await close();
});
