// Generated from the Rust types by `SANAD_REGENERATE_TS=1 cargo test -p sanad-desktop --test bindings`
// (src-tauri/src/bindings.rs). Do not edit.

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

export type AppInfo = { version: string, dataDir: string, };
