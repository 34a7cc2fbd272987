//! UBL 2.1 reader: the inverse of the writer. A ZATCA invoice, credit or debit note (unsigned,
//! signed, an SDK sample or a cleared document) becomes a [`Draft`] plus its chain values, so
//! that the pre-flight rules can run on documents Sanad did not write.
//!
//! What the draft cannot represent is ignored (see `docs/draft-format.md`, "Reading XML"):
//! the signature, QR, stated totals (they are recomputed), line IDs and every element the writer
//! never emits. A value the draft needs that is absent or unreadable is a [`ParseError`] naming
//! the element path; a value the pre-flight rules check (a party's name, an address part) is read
//! as empty instead, so that the rules report it with ZATCA's code.

use std::str::FromStr;

use chrono::{NaiveDate, NaiveTime};
use roxmltree::{Document, Node};
use rust_decimal::Decimal;

use crate::model::{
    Address, ChainFields, DocumentAllowanceCharge, DocumentKind, Draft, Line, LineAllowanceCharge,
    Party, PartyId, Prepayment, Supply, Vat, VatCategory, parse_type_name,
};

use crate::xml;
use crate::xml::ns::{CAC, CBC, INVOICE};
use crate::xml::{child, children};

/// Why a document cannot be read into a draft.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The bytes are not well-formed XML (or not UTF-8).
    #[error("not well-formed XML: {0}")]
    Xml(String),
    /// The root element is not a UBL 2.1 `Invoice`.
    #[error("the root element is `{0}`, not a UBL 2.1 Invoice")]
    NotInvoice(String),
    /// A required element or attribute is absent or empty.
    #[error("{path}: required but missing")]
    Missing {
        /// Element path, e.g. `Invoice/cac:InvoiceLine[2]/cbc:InvoicedQuantity`.
        path: String,
    },
    /// An element or attribute holds a value that cannot be read.
    #[error("{path}: `{value}` is not {expected}")]
    Malformed {
        /// Element path.
        path: String,
        /// The value found (at most 64 characters).
        value: String,
        /// What was expected.
        expected: &'static str,
    },
}

impl ParseError {
    /// The element path the error is about (empty for XML and root errors).
    pub fn path(&self) -> &str {
        match self {
            ParseError::Missing { path } | ParseError::Malformed { path, .. } => path,
            _ => "",
        }
    }
}

/// A document read back: its draft and its chain values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// Everything the document says that a draft can carry.
    pub draft: Draft,
    /// The document's ICV and PIH.
    pub chain: ChainFields,
}

/// An element with its path, for error messages.
#[derive(Clone, Copy)]
struct El<'a, 'i> {
    node: Node<'a, 'i>,
    path: &'a str,
}

type Res<T> = Result<T, ParseError>;

fn missing(path: String) -> ParseError {
    ParseError::Missing { path }
}

fn malformed(path: String, value: &str, expected: &'static str) -> ParseError {
    ParseError::Malformed {
        path,
        value: value.chars().take(64).collect(),
        expected,
    }
}

fn tag(ns: &str, name: &str) -> String {
    format!("{}:{name}", crate::xml::ns::prefix(ns))
}

/// Child element path: `parent/cac:Name` or, for the `i`-th of several, `parent/cac:Name[i]`.
fn sub(path: &str, ns: &str, name: &str, index: Option<usize>) -> String {
    match index {
        Some(i) => format!("{path}/{}[{}]", tag(ns, name), i + 1),
        None => format!("{path}/{}", tag(ns, name)),
    }
}

/// The text of an optional child; `None` when the child is absent.
fn opt_text(n: Node, ns: &'static str, name: &'static str) -> Option<String> {
    child(n, ns, name).map(xml::text)
}

/// The text of an optional child, trimmed; `None` when absent or empty.
fn opt_code(n: Node, ns: &'static str, name: &'static str) -> Option<String> {
    opt_text(n, ns, name)
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// The trimmed text of a required child.
fn req_code(e: El, ns: &'static str, name: &'static str) -> Res<String> {
    opt_code(e.node, ns, name).ok_or_else(|| missing(sub(e.path, ns, name, None)))
}

fn decimal(path: String, t: &str) -> Res<Decimal> {
    let t = t.trim();
    let ok = !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+');
    ok.then(|| Decimal::from_str(t).ok())
        .flatten()
        .ok_or_else(|| malformed(path, t, "a decimal number"))
}

fn req_decimal(e: El, ns: &'static str, name: &'static str) -> Res<Decimal> {
    let t = req_code(e, ns, name)?;
    decimal(sub(e.path, ns, name, None), &t)
}

fn opt_decimal(e: El, ns: &'static str, name: &'static str) -> Res<Option<Decimal>> {
    opt_code(e.node, ns, name)
        .map(|t| decimal(sub(e.path, ns, name, None), &t))
        .transpose()
}

fn date(e: El, ns: &'static str, name: &'static str) -> Res<NaiveDate> {
    let t = req_code(e, ns, name)?;
    NaiveDate::parse_from_str(&t, "%Y-%m-%d")
        .map_err(|_| malformed(sub(e.path, ns, name, None), &t, "a date (YYYY-MM-DD)"))
}

fn time(e: El, ns: &'static str, name: &'static str) -> Res<NaiveTime> {
    let t = req_code(e, ns, name)?;
    NaiveTime::parse_from_str(&t, "%H:%M:%S")
        .map_err(|_| malformed(sub(e.path, ns, name, None), &t, "a time (hh:mm:ss)"))
}

fn indicator(e: El) -> Res<bool> {
    let t = req_code(e, CBC, "ChargeIndicator")?;
    match t.as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(malformed(
            sub(e.path, CBC, "ChargeIndicator", None),
            &t,
            "true or false",
        )),
    }
}

/// Reads a UBL invoice, credit or debit note into a draft and its chain values.
///
/// Never panics: any input gives either the document or a typed error naming the element.
pub fn parse(xml: &[u8]) -> Result<Parsed, ParseError> {
    let text = std::str::from_utf8(xml).map_err(|e| ParseError::Xml(e.to_string()))?;
    let doc = Document::parse(text).map_err(|e| ParseError::Xml(e.to_string()))?;
    let root = doc.root_element();
    if !root.has_tag_name((INVOICE, "Invoice")) {
        return Err(ParseError::NotInvoice(root.tag_name().name().to_string()));
    }
    let r = El {
        node: root,
        path: "Invoice",
    };

    let number = opt_text(root, CBC, "ID").ok_or_else(|| missing(sub(r.path, CBC, "ID", None)))?;
    let uuid = req_code(r, CBC, "UUID")?;
    let issue_date = date(r, CBC, "IssueDate")?;
    let issue_time = time(r, CBC, "IssueTime")?;
    let type_path = sub(r.path, CBC, "InvoiceTypeCode", None);
    let type_node =
        child(root, CBC, "InvoiceTypeCode").ok_or_else(|| missing(type_path.clone()))?;
    let code = xml::text(type_node);
    let kind = DocumentKind::from_type_code(code.trim())
        .ok_or_else(|| malformed(type_path.clone(), code.trim(), "388, 381, 383 or 386"))?;
    let name = type_node
        .attribute("name")
        .ok_or_else(|| missing(format!("{type_path}/@name")))?;
    let (flow, flags) = parse_type_name(name).map_err(|_| {
        malformed(
            format!("{type_path}/@name"),
            name,
            "a type name NNPNESB (01 or 02 and five flags 0 or 1)",
        )
    })?;
    let notes = children(root, CBC, "Note").map(xml::text).collect();
    let currency = req_code(r, CBC, "DocumentCurrencyCode")?;

    let purchase_order = child(root, CAC, "OrderReference").and_then(|n| opt_text(n, CBC, "ID"));
    let billing_reference = child(root, CAC, "BillingReference")
        .and_then(|n| child(n, CAC, "InvoiceDocumentReference"))
        .and_then(|n| opt_text(n, CBC, "ID"));
    let contract =
        child(root, CAC, "ContractDocumentReference").and_then(|n| opt_text(n, CBC, "ID"));
    let chain = chain(r)?;

    let seller_path = "Invoice/cac:AccountingSupplierParty/cac:Party";
    let seller_node = child(root, CAC, "AccountingSupplierParty")
        .and_then(|n| child(n, CAC, "Party"))
        .ok_or_else(|| missing(seller_path.to_string()))?;
    let seller = party(El {
        node: seller_node,
        path: seller_path,
    })?;
    let buyer_path = "Invoice/cac:AccountingCustomerParty/cac:Party";
    let buyer = child(root, CAC, "AccountingCustomerParty")
        .and_then(|n| child(n, CAC, "Party"))
        .map(|node| {
            party(El {
                node,
                path: buyer_path,
            })
        })
        .transpose()?;

    let supply = match child(root, CAC, "Delivery") {
        Some(node) if child(node, CBC, "ActualDeliveryDate").is_some() => {
            let d = El {
                node,
                path: "Invoice/cac:Delivery",
            };
            let end_date = child(node, CBC, "LatestDeliveryDate")
                .map(|_| date(d, CBC, "LatestDeliveryDate"))
                .transpose()?;
            Some(Supply {
                date: date(d, CBC, "ActualDeliveryDate")?,
                end_date,
            })
        }
        _ => None,
    };
    let means = child(root, CAC, "PaymentMeans");
    let payment_means = means.and_then(|n| opt_code(n, CBC, "PaymentMeansCode"));
    let reason = means
        .filter(|_| kind.is_note())
        .and_then(|n| opt_text(n, CBC, "InstructionNote"));

    // The VAT breakdown: exemption reasons of item categories live here.
    let breakdown = breakdown(root)?;

    let mut allowances_charges = Vec::new();
    for (i, node) in children(root, CAC, "AllowanceCharge").enumerate() {
        let path = sub(r.path, CAC, "AllowanceCharge", Some(i));
        let e = El { node, path: &path };
        let cat_path = sub(&path, CAC, "TaxCategory", None);
        let cat = child(node, CAC, "TaxCategory").ok_or_else(|| missing(cat_path.clone()))?;
        allowances_charges.push(DocumentAllowanceCharge {
            charge: indicator(e)?,
            reason_code: opt_text(node, CBC, "AllowanceChargeReasonCode"),
            reason: opt_text(node, CBC, "AllowanceChargeReason"),
            amount: req_decimal(e, CBC, "Amount")?,
            vat: vat(
                El {
                    node: cat,
                    path: &cat_path,
                },
                &breakdown,
            )?,
        });
    }
    let exchange_rate = match child(root, CAC, "TaxExchangeRate") {
        Some(node) => opt_decimal(
            El {
                node,
                path: "Invoice/cac:TaxExchangeRate",
            },
            CBC,
            "CalculationRate",
        )?,
        None if currency != "SAR" => implied_rate(root, &currency),
        None => None,
    };
    let payable_rounding = match child(root, CAC, "LegalMonetaryTotal") {
        Some(node) => opt_decimal(
            El {
                node,
                path: "Invoice/cac:LegalMonetaryTotal",
            },
            CBC,
            "PayableRoundingAmount",
        )?,
        None => None,
    };

    let mut lines = Vec::new();
    let mut prepayments = Vec::new();
    for (i, node) in children(root, CAC, "InvoiceLine").enumerate() {
        let path = sub(r.path, CAC, "InvoiceLine", Some(i));
        let e = El { node, path: &path };
        let prepaid = child(node, CAC, "DocumentReference")
            .filter(|d| opt_code(*d, CBC, "DocumentTypeCode").as_deref() == Some("386"));
        match prepaid {
            Some(d) => prepayments.push(prepayment(e, d, &breakdown)?),
            None => lines.push(line(e, &breakdown)?),
        }
    }

    Ok(Parsed {
        draft: Draft {
            kind,
            flow,
            flags,
            number,
            uuid,
            issue_date,
            issue_time,
            currency,
            exchange_rate,
            notes,
            seller,
            buyer,
            billing_reference,
            reason,
            supply,
            payment_means,
            purchase_order,
            contract,
            allowances_charges,
            prepayments,
            payable_rounding,
            lines,
        },
        chain,
    })
}

/// A foreign-currency document without `cac:TaxExchangeRate` (as ZATCA's own sample): the rate
/// is the VAT total in SAR over the VAT total in the document currency, when both are stated
/// and the latter is not zero.
fn implied_rate(root: Node, currency: &str) -> Option<Decimal> {
    let total = |cur: &str| {
        children(root, CAC, "TaxTotal")
            .filter_map(|t| child(t, CBC, "TaxAmount"))
            .find(|a| a.attribute("currencyID") == Some(cur))
            .and_then(|a| Decimal::from_str(xml::text(a).trim()).ok())
    };
    let (sar, doc) = (total("SAR")?, total(currency)?);
    if doc.is_zero() {
        return None;
    }
    sar.checked_div(doc).map(|r| r.normalize())
}

/// The ICV and PIH references.
fn chain(r: El) -> Res<ChainFields> {
    let refs: Vec<Node> = children(r.node, CAC, "AdditionalDocumentReference").collect();
    let find = |id: &str| {
        refs.iter()
            .position(|n| opt_code(*n, CBC, "ID").as_deref() == Some(id))
    };
    let path = |i: usize| sub(r.path, CAC, "AdditionalDocumentReference", Some(i));
    let icv_at = find("ICV").ok_or_else(|| {
        missing(format!(
            "{}[cbc:ID='ICV']",
            sub(r.path, CAC, "AdditionalDocumentReference", None)
        ))
    })?;
    let icv_path = path(icv_at);
    let icv_text = req_code(
        El {
            node: refs[icv_at],
            path: &icv_path,
        },
        CBC,
        "UUID",
    )?;
    let icv = icv_text
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| icv_text.parse::<u64>().ok())
        .flatten()
        .ok_or_else(|| {
            malformed(
                sub(&icv_path, CBC, "UUID", None),
                &icv_text,
                "an invoice counter (digits)",
            )
        })?;
    let pih_at = find("PIH").ok_or_else(|| {
        missing(format!(
            "{}[cbc:ID='PIH']",
            sub(r.path, CAC, "AdditionalDocumentReference", None)
        ))
    })?;
    let pih_path = format!(
        "{}/cac:Attachment/cbc:EmbeddedDocumentBinaryObject",
        path(pih_at)
    );
    let pih = child(refs[pih_at], CAC, "Attachment")
        .and_then(|a| opt_code(a, CBC, "EmbeddedDocumentBinaryObject"))
        .ok_or_else(|| missing(pih_path))?;
    Ok(ChainFields { icv, pih })
}

fn party(p: El) -> Res<Party> {
    let id = child(p.node, CAC, "PartyIdentification")
        .and_then(|n| child(n, CBC, "ID"))
        .map(|n| {
            let path = format!("{}/cac:PartyIdentification/cbc:ID/@schemeID", p.path);
            let scheme = n.attribute("schemeID").ok_or_else(|| missing(path))?;
            Ok(PartyId {
                scheme: scheme.to_string(),
                value: xml::text(n).trim().to_string(),
            })
        })
        .transpose()?;
    let vat_number =
        child(p.node, CAC, "PartyTaxScheme").and_then(|n| opt_code(n, CBC, "CompanyID"));
    let name = child(p.node, CAC, "PartyLegalEntity")
        .and_then(|n| opt_text(n, CBC, "RegistrationName"))
        .unwrap_or_default();
    let address = child(p.node, CAC, "PostalAddress").map(|a| Address {
        street: opt_text(a, CBC, "StreetName").unwrap_or_default(),
        additional_street: opt_text(a, CBC, "AdditionalStreetName"),
        building_number: opt_code(a, CBC, "BuildingNumber"),
        additional_number: opt_code(a, CBC, "PlotIdentification"),
        district: opt_text(a, CBC, "CitySubdivisionName"),
        city: opt_text(a, CBC, "CityName").unwrap_or_default(),
        postal_zone: opt_code(a, CBC, "PostalZone"),
        region: opt_text(a, CBC, "CountrySubentity"),
        country: child(a, CAC, "Country")
            .and_then(|c| opt_code(c, CBC, "IdentificationCode"))
            .unwrap_or_default(),
    });
    Ok(Party {
        name,
        vat_number,
        id,
        address,
    })
}

/// One entry of the document's VAT breakdown: category, rate, exemption reason code and text.
struct Bucket {
    category: VatCategory,
    rate: Decimal,
    code: Option<String>,
    reason: Option<String>,
}

fn category(path: String, t: &str) -> Res<VatCategory> {
    VatCategory::parse(t).ok_or_else(|| malformed(path, t, "a VAT category (S, Z, E or O)"))
}

fn breakdown(root: Node) -> Res<Vec<Bucket>> {
    let mut out = Vec::new();
    // The breakdown is in the TaxTotal that has subtotals (the other carries the SAR total).
    for (t, total) in children(root, CAC, "TaxTotal").enumerate() {
        for (s, subtotal) in children(total, CAC, "TaxSubtotal").enumerate() {
            let path = format!(
                "Invoice/cac:TaxTotal[{}]/cac:TaxSubtotal[{}]/cac:TaxCategory",
                t + 1,
                s + 1
            );
            let Some(node) = child(subtotal, CAC, "TaxCategory") else {
                return Err(missing(path));
            };
            let e = El { node, path: &path };
            out.push(Bucket {
                category: category(sub(&path, CBC, "ID", None), &req_code(e, CBC, "ID")?)?,
                rate: opt_decimal(e, CBC, "Percent")?.unwrap_or_default(),
                code: opt_code(node, CBC, "TaxExemptionReasonCode"),
                reason: opt_text(node, CBC, "TaxExemptionReason"),
            });
        }
    }
    Ok(out)
}

/// A tax category. Its own exemption reason wins; an item category without one takes the
/// reason of its category and rate in the document's VAT breakdown.
fn vat(c: El, breakdown: &[Bucket]) -> Res<Vat> {
    let category = category(sub(c.path, CBC, "ID", None), &req_code(c, CBC, "ID")?)?;
    let rate = opt_decimal(c, CBC, "Percent")?;
    let mut code = opt_code(c.node, CBC, "TaxExemptionReasonCode");
    let mut reason = opt_text(c.node, CBC, "TaxExemptionReason");
    if code.is_none() && reason.is_none() && category != VatCategory::S {
        let r = rate.unwrap_or_default();
        if let Some(b) = breakdown
            .iter()
            .find(|b| b.category == category && b.rate == r)
        {
            code.clone_from(&b.code);
            reason.clone_from(&b.reason);
        }
    }
    Ok(Vat {
        category,
        rate,
        exemption_reason_code: code,
        exemption_reason: reason,
    })
}

fn item_vat(e: El, breakdown: &[Bucket]) -> Res<(String, Vat)> {
    let item_path = sub(e.path, CAC, "Item", None);
    let item = child(e.node, CAC, "Item").ok_or_else(|| missing(item_path.clone()))?;
    let name =
        opt_text(item, CBC, "Name").ok_or_else(|| missing(sub(&item_path, CBC, "Name", None)))?;
    let cat_path = sub(&item_path, CAC, "ClassifiedTaxCategory", None);
    let cat = child(item, CAC, "ClassifiedTaxCategory").ok_or_else(|| missing(cat_path.clone()))?;
    let vat = vat(
        El {
            node: cat,
            path: &cat_path,
        },
        breakdown,
    )?;
    Ok((name, vat))
}

fn line(e: El, breakdown: &[Bucket]) -> Res<Line> {
    let q_path = sub(e.path, CBC, "InvoicedQuantity", None);
    let q = child(e.node, CBC, "InvoicedQuantity").ok_or_else(|| missing(q_path.clone()))?;
    let quantity = decimal(q_path.clone(), &xml::text(q))?;
    let unit_code = q
        .attribute("unitCode")
        .ok_or_else(|| missing(format!("{q_path}/@unitCode")))?
        .to_string();
    let mut allowances_charges = Vec::new();
    for (j, node) in children(e.node, CAC, "AllowanceCharge").enumerate() {
        let path = sub(e.path, CAC, "AllowanceCharge", Some(j));
        let a = El { node, path: &path };
        allowances_charges.push(LineAllowanceCharge {
            charge: indicator(a)?,
            reason_code: opt_text(node, CBC, "AllowanceChargeReasonCode"),
            reason: opt_text(node, CBC, "AllowanceChargeReason"),
            amount: req_decimal(a, CBC, "Amount")?,
        });
    }
    let (name, vat) = item_vat(e, breakdown)?;
    let price_path = sub(e.path, CAC, "Price", None);
    let price_node = child(e.node, CAC, "Price").ok_or_else(|| missing(price_path.clone()))?;
    let p = El {
        node: price_node,
        path: &price_path,
    };
    let price = req_decimal(p, CBC, "PriceAmount")?;
    let base_quantity = opt_decimal(p, CBC, "BaseQuantity")?;
    let price_discount = match child(price_node, CAC, "AllowanceCharge") {
        Some(node) => {
            let path = sub(&price_path, CAC, "AllowanceCharge", None);
            let a = El { node, path: &path };
            // A price charge has no place in the draft; only the discount is read.
            if indicator(a)? {
                None
            } else {
                Some(req_decimal(a, CBC, "Amount")?)
            }
        }
        None => None,
    };
    Ok(Line {
        name,
        quantity,
        unit_code,
        price,
        base_quantity,
        price_discount,
        allowances_charges,
        vat,
    })
}

fn prepayment(e: El, doc: Node, breakdown: &[Bucket]) -> Res<Prepayment> {
    let doc_path = sub(e.path, CAC, "DocumentReference", None);
    let d = El {
        node: doc,
        path: &doc_path,
    };
    let (description, item_vat) = item_vat(e, breakdown)?;
    // The prepaid amounts and their category (with reason) are in the line's TaxSubtotal.
    let tt_path = sub(e.path, CAC, "TaxTotal", None);
    let st_path = sub(&tt_path, CAC, "TaxSubtotal", None);
    let subtotal = child(e.node, CAC, "TaxTotal")
        .and_then(|t| child(t, CAC, "TaxSubtotal"))
        .ok_or_else(|| missing(st_path.clone()))?;
    let s = El {
        node: subtotal,
        path: &st_path,
    };
    let taxable_amount = req_decimal(s, CBC, "TaxableAmount")?;
    let vat = match child(subtotal, CAC, "TaxCategory") {
        Some(node) => vat(
            El {
                node,
                path: &sub(&st_path, CAC, "TaxCategory", None),
            },
            breakdown,
        )?,
        None => item_vat,
    };
    Ok(Prepayment {
        number: opt_text(doc, CBC, "ID").ok_or_else(|| missing(sub(&doc_path, CBC, "ID", None)))?,
        uuid: opt_code(doc, CBC, "UUID"),
        issue_date: date(d, CBC, "IssueDate")?,
        issue_time: time(d, CBC, "IssueTime")?,
        description,
        taxable_amount,
        vat,
    })
}
