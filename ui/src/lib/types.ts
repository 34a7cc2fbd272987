// Mirrors crates/sanad/src/check/report.rs (serde, camelCase). Amounts are decimal strings.

export type Verdict = "valid" | "validWithWarnings" | "invalid";
export type CheckId =
  | "invoiceHash"
  | "signature"
  | "certificateDigest"
  | "signedProperties"
  | "qrMatchesDocument"
  | "qrSignature"
  | "chainReferences";
export type CheckStatus = "passed" | "warning" | "failed" | "notApplicable";

export interface Check {
  id: CheckId;
  status: CheckStatus;
  detail: string | null;
}

export interface Finding {
  code: string;
  severity: "error" | "warning";
  message: string;
}

export type Source =
  | { kind: "xml"; fileName: string | null }
  | { kind: "pdf"; fileName: string | null; attachment: string }
  | { kind: "qr" };

export interface Party {
  name: string;
  vatNumber: string | null;
  ids: PartyId[];
  address: string | null;
  country: string | null;
}

export interface PartyId {
  scheme: string | null;
  value: string;
}

export interface LineAllowance {
  isCharge: boolean;
  amount: string;
}

export interface Line {
  id: string;
  name: string;
  quantity: string;
  unit: string | null;
  unitPrice: string;
  allowances: LineAllowance[];
  netAmount: string;
  vatCategory: string;
  vatRate: string | null;
  vatAmount: string | null;
  amountWithVat: string | null;
}

export interface VatCategoryTotal {
  category: string;
  rate: string | null;
  taxableAmount: string;
  vatAmount: string;
  exemptionReason: string | null;
}

export interface Totals {
  lineExtension: string;
  allowances: string | null;
  charges: string | null;
  taxExclusive: string;
  vat: string;
  vatInSar: string | null;
  taxInclusive: string;
  prepaid: string | null;
  rounding: string | null;
  payable: string;
}

export interface DocumentView {
  kind: "invoice" | "credit_note" | "debit_note" | "prepayment";
  flow: "standard" | "simplified";
  number: string;
  uuid: string | null;
  issueDate: string;
  issueTime: string | null;
  supplyDate: string | null;
  currency: string;
  icv: string | null;
  seller: Party;
  buyer: Party | null;
  billingReference: string | null;
  noteReason: string | null;
  lines: Line[];
  vatBreakdown: VatCategoryTotal[];
  totals: Totals;
}

export interface QrView {
  sellerName: string | null;
  vatNumber: string | null;
  timestamp: string | null;
  totalWithVat: string | null;
  vatTotal: string | null;
  invoiceHash: string | null;
  hasSignature: boolean;
}

export interface CheckReport {
  source: Source;
  verdict: Verdict;
  document: DocumentView | null;
  qr: QrView | null;
  checks: Check[];
  findings: Finding[];
}

/** Mirrors sanad::check::CheckError. */
export type CheckError =
  | { code: "empty" }
  | { code: "tooLarge"; size: number; limit: number }
  | { code: "unknownFormat" }
  | { code: "unreadable"; detail: string }
  | { code: "pdfUnreadable"; detail: string }
  | { code: "pdfWithoutXml"; attachments: number }
  | { code: "xmlNotUtf8" }
  | { code: "xmlMalformed"; detail: string }
  | { code: "notAnInvoice"; detail: string }
  | { code: "incomplete"; detail: string }
  | { code: "qrNotBase64"; detail: string }
  | { code: "qrMalformed"; offset: number; detail: string };

export interface AppInfo {
  version: string;
  dataDir: string;
}
