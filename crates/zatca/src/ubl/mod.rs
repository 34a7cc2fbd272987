//! UBL 2.1 writer: the unsigned invoice, in exactly ZATCA's element order.
//!
//! The output is UTF-8 with the `Invoice` root and the `cac`, `cbc`, `ext` namespaces, four
//! spaces of indentation like the SDK samples, carrying the ICV and PIH references and no
//! `ext:UBLExtensions`, QR reference or `cac:Signature`: the stamp splices those in later,
//! `ext:UBLExtensions` right after the root start tag and the QR reference and signature right
//! after the PIH reference.

use std::fmt;
use std::io::Write as _;

use quick_xml::escape::{escape, partial_escape};
use rust_decimal::Decimal;

use crate::calc::{Totals, exemption_text, round2};
use crate::model::{Address, ChainFields, Draft, Line, Party, Prepayment, Vat, VatCategory};

const ROOT_START: &str = "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\" xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\" xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\" xmlns:ext=\"urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2\">";

/// The scheme attributes ZATCA's samples put on document-level tax category codes.
const CATEGORY_SCHEME: [(&str, &str); 2] = [("schemeID", "UN/ECE 5305"), ("schemeAgencyID", "6")];
const TAX_SCHEME: [(&str, &str); 2] = [("schemeID", "UN/ECE 5153"), ("schemeAgencyID", "6")];

struct Xml {
    buf: Vec<u8>,
    depth: usize,
}

impl Xml {
    fn newline(&mut self) {
        self.buf.push(b'\n');
        for _ in 0..self.depth {
            self.buf.extend_from_slice(b"    ");
        }
    }

    fn start_tag(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.newline();
        self.buf.push(b'<');
        self.buf.extend_from_slice(tag.as_bytes());
        for (k, v) in attrs {
            self.buf.push(b' ');
            self.buf.extend_from_slice(k.as_bytes());
            self.buf.extend_from_slice(b"=\"");
            self.buf.extend_from_slice(escape(*v).as_bytes());
            self.buf.push(b'"');
        }
        self.buf.push(b'>');
    }

    fn open(&mut self, tag: &str) {
        self.start_tag(tag, &[]);
        self.depth += 1;
    }

    fn close(&mut self, tag: &str) {
        self.depth -= 1;
        self.newline();
        self.buf.extend_from_slice(b"</");
        self.buf.extend_from_slice(tag.as_bytes());
        self.buf.push(b'>');
    }

    fn leaf_attrs(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.start_tag(tag, attrs);
        self.buf.extend_from_slice(partial_escape(text).as_bytes());
        self.buf.extend_from_slice(b"</");
        self.buf.extend_from_slice(tag.as_bytes());
        self.buf.push(b'>');
    }

    /// A leaf whose text is a number, date or time: nothing in it needs escaping.
    fn leaf_value(&mut self, tag: &str, attrs: &[(&str, &str)], value: impl fmt::Display) {
        self.start_tag(tag, attrs);
        // Writing into a Vec<u8> cannot fail.
        let _ = write!(self.buf, "{value}");
        self.buf.extend_from_slice(b"</");
        self.buf.extend_from_slice(tag.as_bytes());
        self.buf.push(b'>');
    }

    fn leaf(&mut self, tag: &str, text: &str) {
        self.leaf_attrs(tag, &[], text);
    }

    fn opt(&mut self, tag: &str, text: &Option<String>) {
        if let Some(t) = text {
            self.leaf(tag, t);
        }
    }

    fn amount(&mut self, tag: &str, currency: &str, value: Decimal) {
        self.leaf_value(tag, &[("currencyID", currency)], round2(value));
    }
}

/// A money amount as written: 2 decimals.
pub fn money(value: Decimal) -> String {
    round2(value).to_string()
}

/// A VAT rate as written: 2 decimals.
fn percent(rate: Decimal) -> Decimal {
    let mut r = rate;
    r.rescale(2);
    r
}

/// A quantity or price as written: as given in the draft, never `-0`.
fn plain(value: Decimal) -> Decimal {
    let mut v = value;
    if v.is_zero() {
        v.set_sign_positive(true);
    }
    v
}

/// Writes the unsigned UBL invoice for a draft that passed the pre-flight rules.
pub fn write(draft: &Draft, totals: &Totals, chain: &ChainFields) -> Vec<u8> {
    let cur = draft.currency.as_str();
    let mut x = Xml {
        buf: Vec::with_capacity(4096 + 1536 * draft.lines.len()),
        depth: 0,
    };
    x.buf
        .extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.buf.extend_from_slice(ROOT_START.as_bytes());
    x.depth = 1;

    x.leaf("cbc:ProfileID", "reporting:1.0");
    x.leaf("cbc:ID", &draft.number);
    x.leaf("cbc:UUID", &draft.uuid);
    x.leaf_value("cbc:IssueDate", &[], draft.issue_date);
    x.leaf_value("cbc:IssueTime", &[], draft.issue_time);
    x.leaf_attrs(
        "cbc:InvoiceTypeCode",
        &[("name", &draft.type_name())],
        draft.kind.type_code(),
    );
    for n in &draft.notes {
        x.leaf("cbc:Note", n);
    }
    x.leaf("cbc:DocumentCurrencyCode", cur);
    x.leaf("cbc:TaxCurrencyCode", "SAR");
    if let Some(po) = &draft.purchase_order {
        x.open("cac:OrderReference");
        x.leaf("cbc:ID", po);
        x.close("cac:OrderReference");
    }
    if let Some(r) = &draft.billing_reference {
        x.open("cac:BillingReference");
        x.open("cac:InvoiceDocumentReference");
        x.leaf("cbc:ID", r);
        x.close("cac:InvoiceDocumentReference");
        x.close("cac:BillingReference");
    }
    if let Some(c) = &draft.contract {
        x.open("cac:ContractDocumentReference");
        x.leaf("cbc:ID", c);
        x.close("cac:ContractDocumentReference");
    }
    x.open("cac:AdditionalDocumentReference");
    x.leaf("cbc:ID", "ICV");
    x.leaf_value("cbc:UUID", &[], chain.icv);
    x.close("cac:AdditionalDocumentReference");
    x.open("cac:AdditionalDocumentReference");
    x.leaf("cbc:ID", "PIH");
    x.open("cac:Attachment");
    x.leaf_attrs(
        "cbc:EmbeddedDocumentBinaryObject",
        &[("mimeCode", "text/plain")],
        &chain.pih,
    );
    x.close("cac:Attachment");
    x.close("cac:AdditionalDocumentReference");

    x.open("cac:AccountingSupplierParty");
    party(&mut x, &draft.seller);
    x.close("cac:AccountingSupplierParty");
    x.open("cac:AccountingCustomerParty");
    if let Some(b) = &draft.buyer {
        party(&mut x, b);
    }
    x.close("cac:AccountingCustomerParty");

    if let Some(s) = &draft.supply {
        x.open("cac:Delivery");
        x.leaf_value("cbc:ActualDeliveryDate", &[], s.date);
        if let Some(end) = s.end_date {
            x.leaf_value("cbc:LatestDeliveryDate", &[], end);
        }
        x.close("cac:Delivery");
    }
    if let Some(code) = &draft.payment_means {
        x.open("cac:PaymentMeans");
        x.leaf("cbc:PaymentMeansCode", code);
        if draft.kind.is_note() {
            x.opt("cbc:InstructionNote", &draft.reason);
        }
        x.close("cac:PaymentMeans");
    }
    for ac in &draft.allowances_charges {
        x.open("cac:AllowanceCharge");
        x.leaf(
            "cbc:ChargeIndicator",
            if ac.charge { "true" } else { "false" },
        );
        x.opt("cbc:AllowanceChargeReasonCode", &ac.reason_code);
        x.opt("cbc:AllowanceChargeReason", &ac.reason);
        x.amount("cbc:Amount", cur, ac.amount);
        tax_category(&mut x, "cac:TaxCategory", &ac.vat, true, true);
        x.close("cac:AllowanceCharge");
    }

    if let (false, Some(rate)) = (draft.is_sar(), draft.exchange_rate) {
        x.open("cac:TaxExchangeRate");
        x.leaf("cbc:SourceCurrencyCode", cur);
        x.leaf("cbc:TargetCurrencyCode", "SAR");
        x.leaf_value("cbc:CalculationRate", &[], plain(rate));
        x.close("cac:TaxExchangeRate");
    }

    // Total VAT in the tax currency (SAR), then in the document currency with the breakdown.
    x.open("cac:TaxTotal");
    x.amount("cbc:TaxAmount", "SAR", totals.tax_total_sar);
    x.close("cac:TaxTotal");
    x.open("cac:TaxTotal");
    x.amount("cbc:TaxAmount", cur, totals.tax_total);
    for s in &totals.subtotals {
        x.open("cac:TaxSubtotal");
        x.amount("cbc:TaxableAmount", cur, s.taxable);
        x.amount("cbc:TaxAmount", cur, s.tax);
        x.open("cac:TaxCategory");
        x.leaf_attrs("cbc:ID", &CATEGORY_SCHEME, s.category.code());
        x.leaf_value("cbc:Percent", &[], percent(s.rate));
        x.opt("cbc:TaxExemptionReasonCode", &s.exemption_reason_code);
        x.opt("cbc:TaxExemptionReason", &s.exemption_reason);
        x.open("cac:TaxScheme");
        x.leaf_attrs("cbc:ID", &TAX_SCHEME, "VAT");
        x.close("cac:TaxScheme");
        x.close("cac:TaxCategory");
        x.close("cac:TaxSubtotal");
    }
    x.close("cac:TaxTotal");

    x.open("cac:LegalMonetaryTotal");
    x.amount("cbc:LineExtensionAmount", cur, totals.line_extension);
    x.amount("cbc:TaxExclusiveAmount", cur, totals.tax_exclusive);
    x.amount("cbc:TaxInclusiveAmount", cur, totals.tax_inclusive);
    x.amount("cbc:AllowanceTotalAmount", cur, totals.allowance_total);
    if draft.allowances_charges.iter().any(|a| a.charge) {
        x.amount("cbc:ChargeTotalAmount", cur, totals.charge_total);
    }
    x.amount("cbc:PrepaidAmount", cur, totals.prepaid);
    if draft.payable_rounding.is_some() {
        x.amount("cbc:PayableRoundingAmount", cur, totals.payable_rounding);
    }
    x.amount("cbc:PayableAmount", cur, totals.payable);
    x.close("cac:LegalMonetaryTotal");

    for (i, (line, lt)) in draft.lines.iter().zip(&totals.lines).enumerate() {
        invoice_line(&mut x, cur, i + 1, line, lt);
    }
    let first = draft.lines.len() + 1;
    for (i, (p, pt)) in draft
        .prepayments
        .iter()
        .zip(&totals.prepayments)
        .enumerate()
    {
        prepayment_line(&mut x, cur, first + i, p, pt);
    }
    x.depth = 0;
    x.buf.extend_from_slice(b"\n</Invoice>");
    x.buf
}

fn party(x: &mut Xml, p: &Party) {
    x.open("cac:Party");
    if let Some(id) = &p.id {
        x.open("cac:PartyIdentification");
        x.leaf_attrs("cbc:ID", &[("schemeID", &id.scheme)], &id.value);
        x.close("cac:PartyIdentification");
    }
    if let Some(a) = &p.address {
        address(x, a);
    }
    if let Some(v) = &p.vat_number {
        x.open("cac:PartyTaxScheme");
        x.leaf("cbc:CompanyID", v);
        x.open("cac:TaxScheme");
        x.leaf("cbc:ID", "VAT");
        x.close("cac:TaxScheme");
        x.close("cac:PartyTaxScheme");
    }
    if !p.name.trim().is_empty() {
        x.open("cac:PartyLegalEntity");
        x.leaf("cbc:RegistrationName", &p.name);
        x.close("cac:PartyLegalEntity");
    }
    x.close("cac:Party");
}

fn address(x: &mut Xml, a: &Address) {
    x.open("cac:PostalAddress");
    x.leaf("cbc:StreetName", &a.street);
    x.opt("cbc:AdditionalStreetName", &a.additional_street);
    x.opt("cbc:BuildingNumber", &a.building_number);
    x.opt("cbc:PlotIdentification", &a.additional_number);
    x.opt("cbc:CitySubdivisionName", &a.district);
    x.leaf("cbc:CityName", &a.city);
    x.opt("cbc:PostalZone", &a.postal_zone);
    x.opt("cbc:CountrySubentity", &a.region);
    x.open("cac:Country");
    x.leaf("cbc:IdentificationCode", &a.country);
    x.close("cac:Country");
    x.close("cac:PostalAddress");
}

/// A tax category. `schemes` adds the UN/ECE scheme attributes (document level, as in the
/// SDK samples); `reasons` adds the exemption reason (document allowances and charges,
/// prepayments), which item categories do not carry.
fn tax_category(x: &mut Xml, tag: &str, vat: &Vat, schemes: bool, reasons: bool) {
    x.open(tag);
    if schemes {
        x.leaf_attrs("cbc:ID", &CATEGORY_SCHEME, vat.category.code());
    } else {
        x.leaf("cbc:ID", vat.category.code());
    }
    x.leaf_value("cbc:Percent", &[], percent(vat.rate()));
    if reasons && vat.category != VatCategory::S {
        x.opt("cbc:TaxExemptionReasonCode", &vat.exemption_reason_code);
        x.opt("cbc:TaxExemptionReason", &exemption_text(vat));
    }
    x.open("cac:TaxScheme");
    if schemes {
        x.leaf_attrs("cbc:ID", &TAX_SCHEME, "VAT");
    } else {
        x.leaf("cbc:ID", "VAT");
    }
    x.close("cac:TaxScheme");
    x.close(tag);
}

fn invoice_line(x: &mut Xml, cur: &str, id: usize, line: &Line, lt: &crate::calc::LineTotals) {
    x.open("cac:InvoiceLine");
    x.leaf_value("cbc:ID", &[], id);
    x.leaf_value(
        "cbc:InvoicedQuantity",
        &[("unitCode", &line.unit_code)],
        plain(line.quantity),
    );
    x.amount("cbc:LineExtensionAmount", cur, lt.net);
    for ac in &line.allowances_charges {
        x.open("cac:AllowanceCharge");
        x.leaf(
            "cbc:ChargeIndicator",
            if ac.charge { "true" } else { "false" },
        );
        x.opt("cbc:AllowanceChargeReasonCode", &ac.reason_code);
        x.opt("cbc:AllowanceChargeReason", &ac.reason);
        x.amount("cbc:Amount", cur, ac.amount);
        x.close("cac:AllowanceCharge");
    }
    x.open("cac:TaxTotal");
    x.amount("cbc:TaxAmount", cur, lt.vat);
    x.amount("cbc:RoundingAmount", cur, lt.with_vat);
    x.close("cac:TaxTotal");
    x.open("cac:Item");
    x.leaf("cbc:Name", &line.name);
    tax_category(x, "cac:ClassifiedTaxCategory", &line.vat, false, false);
    x.close("cac:Item");
    x.open("cac:Price");
    x.leaf_value("cbc:PriceAmount", &[("currencyID", cur)], plain(line.price));
    if let Some(b) = line.base_quantity {
        x.leaf_value(
            "cbc:BaseQuantity",
            &[("unitCode", &line.unit_code)],
            plain(b),
        );
    }
    if let (Some(d), Some(gross)) = (line.price_discount, lt.gross_price) {
        x.open("cac:AllowanceCharge");
        x.leaf("cbc:ChargeIndicator", "false");
        x.leaf("cbc:AllowanceChargeReason", "discount");
        x.leaf_value("cbc:Amount", &[("currencyID", cur)], plain(d));
        x.leaf_value("cbc:BaseAmount", &[("currencyID", cur)], plain(gross));
        x.close("cac:AllowanceCharge");
    }
    x.close("cac:Price");
    x.close("cac:InvoiceLine");
}

fn prepayment_line(
    x: &mut Xml,
    cur: &str,
    id: usize,
    p: &Prepayment,
    pt: &crate::calc::PrepaymentTotals,
) {
    x.open("cac:InvoiceLine");
    x.leaf_value("cbc:ID", &[], id);
    x.leaf_attrs("cbc:InvoicedQuantity", &[("unitCode", "PCE")], "0.00");
    x.amount("cbc:LineExtensionAmount", cur, Decimal::ZERO);
    x.open("cac:DocumentReference");
    x.leaf("cbc:ID", &p.number);
    x.opt("cbc:UUID", &p.uuid);
    x.leaf_value("cbc:IssueDate", &[], p.issue_date);
    x.leaf_value("cbc:IssueTime", &[], p.issue_time);
    x.leaf("cbc:DocumentTypeCode", "386");
    x.close("cac:DocumentReference");
    x.open("cac:TaxTotal");
    x.amount("cbc:TaxAmount", cur, Decimal::ZERO);
    x.amount("cbc:RoundingAmount", cur, Decimal::ZERO);
    x.open("cac:TaxSubtotal");
    x.amount("cbc:TaxableAmount", cur, pt.taxable);
    x.amount("cbc:TaxAmount", cur, pt.tax);
    tax_category(x, "cac:TaxCategory", &p.vat, false, true);
    x.close("cac:TaxSubtotal");
    x.close("cac:TaxTotal");
    x.open("cac:Item");
    x.leaf("cbc:Name", &p.description);
    tax_category(x, "cac:ClassifiedTaxCategory", &p.vat, false, false);
    x.close("cac:Item");
    x.open("cac:Price");
    x.amount("cbc:PriceAmount", cur, Decimal::ZERO);
    x.close("cac:Price");
    x.close("cac:InvoiceLine");
}
