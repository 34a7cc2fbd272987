// Generated from the Rust types by `SANAD_REGENERATE_TS=1 cargo test -p sanad-desktop --test bindings`
// (src-tauri/src/bindings.rs). Do not edit.

import { call, callRaw, type Result } from "../call";

export type DocumentKind = "invoice" | "credit_note" | "debit_note" | "prepayment";

export type Flow = "standard" | "simplified";

export type CheckReport = { source: Source, verdict: Verdict, 
/**
 * The document's content, when an XML document was read.
 */
document: DocumentView | null, 
/**
 * The QR's fields, when the document carries a QR or a QR text was pasted.
 */
qr: QrView | null, 
/**
 * Each cryptographic and consistency check, in the order they were run.
 */
checks: Array<Check>, 
/**
 * Findings of the pre-flight business rules (ZATCA codes).
 */
findings: Array<Finding>, };

export type Source = { "kind": "xml", fileName: string | null, } | { "kind": "pdf", fileName: string | null, attachment: string, } | { "kind": "qr" };

export type Verdict = "valid" | "validWithWarnings" | "invalid";

export type Check = { id: CheckId, status: CheckStatus, 
/**
 * Technical detail (English): what was expected and what was found.
 */
detail: string | null, };

export type CheckId = "invoiceHash" | "signature" | "certificateDigest" | "signedProperties" | "qrMatchesDocument" | "qrSignature" | "chainReferences";

export type CheckStatus = "passed" | "warning" | "failed" | "notApplicable";

export type Finding = { 
/**
 * ZATCA's own code, e.g. `BR-KSA-37`, or `SANAD-…` for Sanad's own field checks.
 */
code: string, 
/**
 * ZATCA's errors are errors; its warnings and Sanad's own checks are warnings.
 */
severity: Severity, 
/**
 * What is wrong (English): the element path, the field in parentheses, the rule's message.
 */
message: string, 
/**
 * The same in Arabic.
 */
messageAr: string, 
/**
 * What the code means, who must act and what to do, in both languages (from the catalogue,
 * [`crate::explain`]); `None` only for a code the catalogue lacks, which a test forbids.
 */
explanation: Entry | null, };

export type Severity = "error" | "warning";

export type DocumentView = { kind: DocumentKind, 
/**
 * Standard (B2B, cleared) or simplified (B2C, reported).
 */
flow: Flow, number: string, uuid: string | null, issueDate: string, issueTime: string | null, supplyDate: string | null, currency: string, 
/**
 * The counter value (ICV) this device gave the document.
 */
icv: string | null, seller: Party, buyer: Party | null, 
/**
 * For credit and debit notes: the original document(s) and the reason.
 */
billingReference: string | null, noteReason: string | null, lines: Array<Line>, vatBreakdown: Array<VatCategoryTotal>, totals: Totals, };

export type Party = { name: string, vatNumber: string | null, 
/**
 * The other identifiers (commercial registration, national ID, …), each with its scheme:
 * the screen names the scheme in the reader's language.
 */
ids: Array<PartyId>, 
/**
 * The address without the country: building and street, district, city and postal code.
 */
address: string | null, 
/**
 * The country code (ISO 3166-1 alpha-2), translated for the reader by the screen.
 */
country: string | null, };

export type PartyId = { scheme: string | null, value: string, };

export type Line = { id: string, name: string, quantity: string, unit: string | null, unitPrice: string, 
/**
 * The line's own allowances and charges, as the document states them.
 */
allowances: Array<LineAllowance>, netAmount: string, vatCategory: string, vatRate: string | null, vatAmount: string | null, amountWithVat: string | null, };

export type LineAllowance = { isCharge: boolean, amount: string, };

export type VatCategoryTotal = { category: string, rate: string | null, taxableAmount: string, vatAmount: string, exemptionReason: string | null, };

export type Totals = { lineExtension: string, allowances: string | null, charges: string | null, taxExclusive: string, vat: string, 
/**
 * VAT in SAR when the document currency is not SAR.
 */
vatInSar: string | null, taxInclusive: string, prepaid: string | null, rounding: string | null, payable: string, };

export type QrView = { sellerName: string | null, vatNumber: string | null, timestamp: string | null, totalWithVat: string | null, vatTotal: string | null, 
/**
 * Base64 of tag 6.
 */
invoiceHash: string | null, 
/**
 * Whether tags 7–9 (signature, public key, certificate signature) are present.
 */
hasSignature: boolean, };

export type CheckError = { "code": "empty" } | { "code": "tooLarge", size: number, limit: number, } | { "code": "unknownFormat" } | { "code": "unreadable", detail: string, } | { "code": "pdfUnreadable", detail: string, } | { "code": "pdfWithoutXml", attachments: number, } | { "code": "xmlNotUtf8" } | { "code": "xmlMalformed", detail: string, } | { "code": "notAnInvoice", detail: string, } | { "code": "incomplete", detail: string, } | { "code": "qrNotBase64", detail: string, } | { "code": "qrMalformed", offset: number, detail: string, };

export type Entry = { 
/**
 * The code as Sanad shows it (`BR-KSA-51`, `Missing-ComplianceSteps`, `SANAD-MISSING`).
 */
code: string, 
/**
 * Which catalogue it belongs to.
 */
source: CatalogueSource, 
/**
 * Who must act.
 */
actor: Actor, 
/**
 * What happened, in plain words.
 */
what: Text, 
/**
 * What to do next.
 */
next: Text, 
/**
 * Phrases that identify a plain-text answer with no code (ZATCA's CSR refusals).
 */
phrases?: Array<string>, };

export type CatalogueSource = "zatcaRules" | "en16931Rules" | "fatoora" | "sanad";

export type Actor = "shop" | "accountant" | "sanadSupport" | "zatca" | "nobody";

export type Text = { en: string, ar: string, };

export type SanadError = ErrorBody;

export type ErrorBody = { 
/**
 * Stable code: ZATCA's (`Invalid-OTP`), the engine's (`BR-KSA-17`) or Sanad's (`SANAD-…`).
 */
code: string, class: ErrorClass, 
/**
 * The field the error is about (`company.vat_number`), when there is one.
 */
field: string | null, en: string, ar: string, 
/**
 * Technical detail (English), for support.
 */
detail: string | null, 
/**
 * FATOORA's answer, when it refused.
 */
zatca: ZatcaWords | null, };

export type ZatcaWords = { 
/**
 * HTTP status, when there was an answer.
 */
status: number | null, 
/**
 * ZATCA's codes and messages (`Invalid-OTP`: "…"; a CSR refusal's plain strings).
 */
messages: Array<[string, string]>, };

export type ErrorClass = "bad_input" | "refused" | "unreachable" | "local";

export type SanadEvent = { "kind": "document", documentId: number, number: string, 
/**
 * The device that issued it.
 */
device: string, status: DocumentStatus, } | { "kind": "device", device: string, 
/**
 * Its next onboarding step.
 */
nextStep: OnboardingStep, } | { "kind": "alert", code: string, en: string, ar: string, };

export type DocumentStatus = "queued" | "in_doubt" | "held" | "reported" | "reported_with_warnings" | "cleared" | "cleared_with_warnings" | "rejected";

export type OnboardingStep = "key" | "csr" | "compliance_csid" | "compliance_checks" | "production_csid" | "active";

export type BooksEnv = "practice" | "sandbox" | "simulation" | "production";

export type Preferences = { 
/**
 * `None` until the first start's choice.
 */
language: Language | null, 
/**
 * The books in use.
 */
env: BooksEnv, paper: Paper, 
/**
 * The printer documents go to straight away; `None`: the system's print dialog.
 */
printer: string | null, };

export type Language = "ar" | "en";

export type Paper = "a4" | "receipt";

export type Company = { 
/**
 * The legal name in Arabic, as in the commercial registration (the seller's name on every
 * document and the CSR's organisation).
 */
name_ar: string, 
/**
 * The legal name in English.
 */
name_en?: string | null, 
/**
 * The 15-digit VAT registration number (a VAT group's when its 11th digit is 1).
 */
vat_number: string, 
/**
 * The commercial registration number, or another identification scheme.
 */
id?: DraftPartyId | null, 
/**
 * The national address.
 */
address: Address, 
/**
 * The business category (the CSR's `businessCategory`).
 */
business_category: string, };

export type DraftPartyId = { 
/**
 * CRN, MOM, MLS, SAG, OTH, 700 (seller); also TIN, NAT, IQA, PAS, GCC (buyer).
 */
scheme: string, 
/**
 * The identifier itself (letters and digits only).
 */
value: string, };

export type Address = { 
/**
 * Street name.
 */
street: string, 
/**
 * Additional street name.
 */
additional_street?: string | null, 
/**
 * Building number (4 digits in Saudi Arabia).
 */
building_number?: string | null, 
/**
 * Additional number of the national address (`PlotIdentification`).
 */
additional_number?: string | null, 
/**
 * District (`CitySubdivisionName`).
 */
district?: string | null, 
/**
 * City.
 */
city: string, 
/**
 * Postal code (5 digits in Saudi Arabia).
 */
postal_zone?: string | null, 
/**
 * Region or province (`CountrySubentity`).
 */
region?: string | null, 
/**
 * ISO 3166-1 alpha-2 country code.
 */
country: string, };

export type DeviceView = { name: string, uuid: string, title: string, state: DeviceState, 
/**
 * What onboarding does next (`active` when there is nothing left).
 */
next_step: OnboardingStep, series_prefix: string | null, 
/**
 * The production CSID's `notAfter`.
 */
csid_expires: string | null, days_left: number | null, 
/**
 * From [`RENEWAL_DAYS`] before expiry.
 */
renewal_due: boolean, last_icv: number, 
/**
 * Why the device's chain is suspended, when it is.
 */
suspended: string | null, 
/**
 * The compliance steps passed so far (while onboarding).
 */
compliance_passed: Array<ComplianceStep>, 
/**
 * The last failure of onboarding or renewal, as a plain sentence.
 */
last_error: string | null, };

export type DeviceState = "new" | "compliance" | "production" | "retired";

export type ComplianceStep = string;

export type WizardState = { 
/**
 * The step to show: `company` when no device is being onboarded.
 */
step: WizardStep, company: Company | null, 
/**
 * The device being onboarded (the first one not yet active), if any.
 */
device: DeviceView | null, };

export type WizardStep = "company" | "device" | "environment" | "otp" | "progress" | "active";

export type DeviceRequest = { 
/**
 * Unique in the books; also the certificate's common name.
 */
name: string, 
/**
 * The branch (for a VAT group: the member's 10-digit TIN); the company's city when empty.
 */
branch: string | null, 
/**
 * Whether it issues standard (B2B) documents.
 */
standard: boolean, 
/**
 * Whether it issues simplified (B2C) documents.
 */
simplified: boolean, };

export type DeviceBackupInfo = { device: string, last_icv: number, bytes: number, };

export type DeviceRestoreInfo = { device: string, 
/**
 * The device's last ICV in these books.
 */
books_icv: number, 
/**
 * The device's last ICV when the backup was made.
 */
backup_icv: number, 
/**
 * Why the device is suspended, when it is.
 */
suspended: string | null, };

export type BooksBackupInfo = { path: string, bytes: number, };

export type Customer = { id: number, kind: CustomerKind, name_ar: string, name_en: string | null, vat_number: string | null, 
/**
 * The customer's identifier (commercial registration, national ID, …; see `id_scheme`).
 */
crn: string | null, 
/**
 * The scheme of `crn` (`CRN`, `MOM`, `MLS`, `700`, `SAG`, `NAT`, `TIN`, `IQA`, `PAS`, `GCC`,
 * `OTH`); `CRN` when none is given.
 */
id_scheme: string | null, street: string | null, additional_street: string | null, building: string | null, 
/**
 * The national address's additional number.
 */
additional_number: string | null, district: string | null, city: string | null, postal_code: string | null, region: string | null, country_code: string, };

export type CustomerFields = { kind: CustomerKind, name_ar: string, name_en: string | null, vat_number: string | null, 
/**
 * The customer's identifier (commercial registration, national ID, …; see `id_scheme`).
 */
crn: string | null, 
/**
 * The scheme of `crn` (`CRN`, `MOM`, `MLS`, `700`, `SAG`, `NAT`, `TIN`, `IQA`, `PAS`, `GCC`,
 * `OTH`); `CRN` when none is given.
 */
id_scheme: string | null, street: string | null, additional_street: string | null, building: string | null, 
/**
 * The national address's additional number.
 */
additional_number: string | null, district: string | null, city: string | null, postal_code: string | null, region: string | null, country_code: string, };

export type CustomerKind = "business" | "government" | "consumer";

export type Item = { id: number, name_ar: string, name_en: string | null, unit_code: string, 
/**
 * The unit price before VAT.
 */
price: string, vat_category: VatCategory, vat_rate: string, exemption_code: string | null, exemption_reason: string | null, barcode: string | null, sku: string | null, };

export type ItemFields = { name_ar: string, name_en: string | null, unit_code: string, 
/**
 * The unit price before VAT.
 */
price: string, vat_category: VatCategory, vat_rate: string, exemption_code: string | null, exemption_reason: string | null, barcode: string | null, sku: string | null, };

export type VatCategory = "S" | "Z" | "E" | "O";

export type AppInfo = { version: string, dataDir: string, 
/**
 * The books in use.
 */
env: BooksEnv, 
/**
 * Where these books' documents go: ZATCA's address, or the practice simulator's.
 */
fatooraUrl: string | null, preferences: Preferences, };

/** The one Tauri event the services' events reach the window on. */
export const EVENT_CHANNEL = "sanad:event";

/** The header naming (URI-encoded) the file whose bytes a raw-body command gets. */
export const FILE_NAME_HEADER = "x-sanad-file-name";

// The commands (src-tauri/src/commands.rs): each resolves to `{ ok: true, value }` or
// `{ ok: false, error }` with the command's own error type.

export const appInfo = (): Promise<Result<AppInfo, SanadError>> =>
  call("app_info");

export const preferencesSet = (preferences: Preferences): Promise<Result<AppInfo, SanadError>> =>
  call("preferences_set", { preferences });

export const practicePrepare = (): Promise<Result<DeviceView, SanadError>> =>
  call("practice_prepare");

export const practiceOtp = (): Promise<Result<string | null, SanadError>> =>
  call("practice_otp");

export const companyGet = (): Promise<Result<Company | null, SanadError>> =>
  call("company_get");

export const companyCheck = (company: Company): Promise<Result<Array<SanadError>, SanadError>> =>
  call("company_check", { company });

export const companySet = (company: Company): Promise<Result<Company, Array<SanadError>>> =>
  call("company_set", { company });

export const wizardState = (): Promise<Result<WizardState, SanadError>> =>
  call("wizard_state");

export const wizardBegin = (env: BooksEnv, company: Company, device: DeviceRequest): Promise<Result<DeviceView, Array<SanadError>>> =>
  call("wizard_begin", { env, company, device });

export const devicesList = (): Promise<Result<Array<DeviceView>, SanadError>> =>
  call("devices_list");

export const deviceOnboard = (name: string, otp: string | null): Promise<Result<DeviceView, SanadError>> =>
  call("device_onboard", { name, otp });

export const deviceRenew = (name: string, otp: string | null): Promise<Result<DeviceView, SanadError>> =>
  call("device_renew", { name, otp });

export const deviceBackup = (name: string, path: string, passphrase: string): Promise<Result<DeviceBackupInfo, SanadError>> =>
  call("device_backup", { name, path, passphrase });

export const deviceRestore = (path: string, passphrase: string): Promise<Result<DeviceRestoreInfo, SanadError>> =>
  call("device_restore", { path, passphrase });

export const booksBackup = (path: string): Promise<Result<BooksBackupInfo, SanadError>> =>
  call("books_backup", { path });

export const customersList = (text: string): Promise<Result<Array<Customer>, SanadError>> =>
  call("customers_list", { text });

export const customerSave = (id: number | null, customer: CustomerFields): Promise<Result<Customer, Array<SanadError>>> =>
  call("customer_save", { id, customer });

export const itemsList = (text: string): Promise<Result<Array<Item>, SanadError>> =>
  call("items_list", { text });

export const itemSave = (id: number | null, item: ItemFields): Promise<Result<Item, Array<SanadError>>> =>
  call("item_save", { id, item });

export const exemptionCodes = (category: VatCategory): Promise<Result<Array<string>, SanadError>> =>
  call("exemption_codes", { category });

export const explain = (code: string): Promise<Result<Entry | null, SanadError>> =>
  call("explain", { code });

export const checkFile = (path: string): Promise<Result<CheckReport, CheckError>> =>
  call("check_file", { path });

export const checkQr = (text: string): Promise<Result<CheckReport, CheckError>> =>
  call("check_qr", { text });

export const checkBytes = (body: Uint8Array, headers: Record<string, string>): Promise<Result<CheckReport, CheckError>> =>
  callRaw("check_bytes", body, headers);
