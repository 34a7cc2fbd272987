//! Checks a document read from XML as [`crate::prepare`] checks drafts, and maps each finding's
//! draft field path back to the element it was read from.

use super::registry::Severity;
use super::{check_chain, check_draft, check_totals};
use crate::error::Problem;
use crate::model::Draft;

/// Why pre-flight rules could not run on an XML document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the document cannot be read: {0}")]
pub struct XmlError(#[from] pub crate::ubl::ParseError);

/// A pre-flight finding about an XML document: the rule's code, the draft field path and the
/// element it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlFinding {
    /// The finding, with its code and draft field path (`buyer.vat_number`).
    pub problem: Problem,
    /// The element path in the document
    /// (`Invoice/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID`).
    pub element: String,
}

impl XmlFinding {
    /// ZATCA's rule code, or `SANAD-…` for a field error.
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }

    /// How ZATCA weighs this finding.
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }
}

/// Runs every pre-flight rule on a UBL document (unsigned, signed or cleared): the document is
/// read into a draft ([`crate::ubl::parse`]) and checked as [`crate::prepare`] checks drafts,
/// its ICV and PIH included. Returns the findings (empty when the document passes), each with
/// ZATCA's code, the draft field path and the element path.
pub fn check_xml(xml: &[u8]) -> Result<Vec<XmlFinding>, XmlError> {
    let parsed = crate::ubl::parse(xml)?;
    let draft = &parsed.draft;
    let mut problems = check_chain(&parsed.chain);
    let found = check_draft(draft);
    if found.is_empty() {
        problems.extend(check_totals(draft, &crate::calc::totals(draft)));
    } else {
        problems.extend(found);
    }
    Ok(problems
        .into_iter()
        .map(|problem| XmlFinding {
            element: element_path(draft, &problem.path),
            problem,
        })
        .collect())
}

/// The element a draft field path is read from (the inverse of the reader's mapping). Paths the
/// writer spreads over several elements name the closest common one.
pub fn element_path(draft: &Draft, path: &str) -> String {
    let mut out = String::from("Invoice");
    let mut push = |s: &str| {
        out.push('/');
        out.push_str(s);
    };
    let mut segs = path.split('.').filter(|s| !s.is_empty());
    let Some(first) = segs.next() else {
        return out;
    };
    let (head, index) = split_index(first);
    let rest: Vec<&str> = segs.collect();
    match head {
        "number" => push("cbc:ID"),
        "uuid" => push("cbc:UUID"),
        "issue_date" => push("cbc:IssueDate"),
        "issue_time" => push("cbc:IssueTime"),
        "flags" => push("cbc:InvoiceTypeCode/@name"),
        "currency" => push("cbc:DocumentCurrencyCode"),
        "exchange_rate" => push("cac:TaxExchangeRate/cbc:CalculationRate"),
        "notes" => push(&indexed("cbc:Note", index)),
        "purchase_order" => push("cac:OrderReference/cbc:ID"),
        "billing_reference" => push("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID"),
        "contract" => push("cac:ContractDocumentReference/cbc:ID"),
        "chain" => push("cac:AdditionalDocumentReference[cbc:ID='PIH']"),
        "supply" => match rest.first() {
            Some(&"end_date") => push("cac:Delivery/cbc:LatestDeliveryDate"),
            Some(_) => push("cac:Delivery/cbc:ActualDeliveryDate"),
            None => push("cac:Delivery"),
        },
        "payment_means" => push("cac:PaymentMeans/cbc:PaymentMeansCode"),
        "reason" => push("cac:PaymentMeans/cbc:InstructionNote"),
        "payable_rounding" => push("cac:LegalMonetaryTotal/cbc:PayableRoundingAmount"),
        "seller" | "buyer" => {
            push(if head == "seller" {
                "cac:AccountingSupplierParty/cac:Party"
            } else {
                "cac:AccountingCustomerParty/cac:Party"
            });
            party_element(&mut push, &rest);
        }
        "allowances_charges" => {
            push(&indexed("cac:AllowanceCharge", index));
            match rest.first() {
                Some(&"vat") => {
                    push("cac:TaxCategory");
                    vat_element(&mut push, &rest[1..]);
                }
                Some(f) => allowance_element(&mut push, f),
                None => {}
            }
        }
        "lines" => {
            push(&indexed("cac:InvoiceLine", index));
            line_element(&mut push, &rest);
        }
        "prepayments" => {
            push(&indexed(
                "cac:InvoiceLine",
                index.map(|i| i + draft.lines.len()),
            ));
            match rest.first() {
                Some(&"vat") => {
                    push("cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory");
                    vat_element(&mut push, &rest[1..]);
                }
                Some(&"taxable_amount") => push("cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount"),
                Some(&"description") => push("cac:Item/cbc:Name"),
                Some(&"number") => push("cac:DocumentReference/cbc:ID"),
                Some(&"uuid") => push("cac:DocumentReference/cbc:UUID"),
                Some(&"issue_date") => push("cac:DocumentReference/cbc:IssueDate"),
                Some(&"issue_time") => push("cac:DocumentReference/cbc:IssueTime"),
                _ => {}
            }
        }
        _ => {}
    }
    out
}

/// `lines[3]` → (`lines`, Some(3)).
fn split_index(seg: &str) -> (&str, Option<usize>) {
    match seg.split_once('[') {
        Some((head, rest)) => (head, rest.trim_end_matches(']').parse().ok()),
        None => (seg, None),
    }
}

/// `cac:InvoiceLine` and a 0-based index → `cac:InvoiceLine[1]`.
fn indexed(tag: &str, index: Option<usize>) -> String {
    match index {
        Some(i) => format!("{tag}[{}]", i + 1),
        None => tag.to_string(),
    }
}

fn party_element(push: &mut impl FnMut(&str), rest: &[&str]) {
    match rest.first() {
        Some(&"name") => push("cac:PartyLegalEntity/cbc:RegistrationName"),
        Some(&"vat_number") => push("cac:PartyTaxScheme/cbc:CompanyID"),
        Some(&"id") => match rest.get(1) {
            Some(&"scheme") => push("cac:PartyIdentification/cbc:ID/@schemeID"),
            _ => push("cac:PartyIdentification/cbc:ID"),
        },
        Some(&"address") => {
            push("cac:PostalAddress");
            push(match rest.get(1) {
                Some(&"street") => "cbc:StreetName",
                Some(&"additional_street") => "cbc:AdditionalStreetName",
                Some(&"building_number") => "cbc:BuildingNumber",
                Some(&"additional_number") => "cbc:PlotIdentification",
                Some(&"district") => "cbc:CitySubdivisionName",
                Some(&"city") => "cbc:CityName",
                Some(&"postal_zone") => "cbc:PostalZone",
                Some(&"region") => "cbc:CountrySubentity",
                Some(&"country") => "cac:Country/cbc:IdentificationCode",
                _ => return,
            });
        }
        _ => {}
    }
}

fn allowance_element(push: &mut impl FnMut(&str), field: &str) {
    match field {
        "amount" => push("cbc:Amount"),
        "reason" => push("cbc:AllowanceChargeReason"),
        "reason_code" => push("cbc:AllowanceChargeReasonCode"),
        _ => {}
    }
}

fn vat_element(push: &mut impl FnMut(&str), rest: &[&str]) {
    match rest.first() {
        Some(&"category") => push("cbc:ID"),
        Some(&"rate") => push("cbc:Percent"),
        Some(&"exemption_reason_code") => push("cbc:TaxExemptionReasonCode"),
        Some(&"exemption_reason") => push("cbc:TaxExemptionReason"),
        _ => {}
    }
}

fn line_element(push: &mut impl FnMut(&str), rest: &[&str]) {
    let (head, index) = match rest.first() {
        Some(s) => split_index(s),
        None => return,
    };
    match head {
        "name" => push("cac:Item/cbc:Name"),
        "quantity" => push("cbc:InvoicedQuantity"),
        "unit_code" => push("cbc:InvoicedQuantity/@unitCode"),
        "price" => push("cac:Price/cbc:PriceAmount"),
        "base_quantity" => push("cac:Price/cbc:BaseQuantity"),
        "price_discount" => push("cac:Price/cac:AllowanceCharge/cbc:Amount"),
        "allowances_charges" => {
            push(&indexed("cac:AllowanceCharge", index));
            if let Some(f) = rest.get(1) {
                allowance_element(push, f);
            }
        }
        "vat" => {
            push("cac:Item/cac:ClassifiedTaxCategory");
            // An item category carries no exemption reason (the VAT breakdown does): the
            // category itself is named then.
            if !matches!(
                rest.get(1),
                Some(&("exemption_reason_code" | "exemption_reason"))
            ) {
                vat_element(push, &rest[1..]);
            }
        }
        _ => {}
    }
}
