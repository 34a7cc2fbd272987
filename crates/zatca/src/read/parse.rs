//! The XML walk behind [`read`]: namespace-aware, tolerant of whitespace, element order and the
//! optional parts ZATCA allows; strict about the fields a printout cannot do without.

use std::str::FromStr;

use chrono::NaiveDate;
use roxmltree::Node;
use rust_decimal::Decimal;

use super::{
    Address, AllowanceCharge, Document, DocumentReference, Line, Party, PartyId, ReadError, Totals,
    VatBreakdown,
};
use crate::model::{DocumentKind, TypeNameError, parse_type_name};
use crate::xml::{cac, cbc, ns, path, trimmed};

/// Reads the content of a UBL invoice, credit note or debit note.
pub fn read(xml: &[u8]) -> Result<Document, ReadError> {
    let text = std::str::from_utf8(xml)
        .map_err(|e| ReadError::Xml(format!("not UTF-8 at byte {}", e.valid_up_to())))?;
    let doc = roxmltree::Document::parse(text).map_err(|e| ReadError::Xml(e.to_string()))?;
    let root = doc.root_element();
    if !root.has_tag_name((ns::INVOICE, "Invoice")) {
        return Err(ReadError::NotInvoice(root.tag_name().name().to_owned()));
    }

    let type_code = req(root, &[cbc("InvoiceTypeCode")], "cbc:InvoiceTypeCode")?;
    let type_node =
        path(root, &[cbc("InvoiceTypeCode")]).ok_or_else(|| missing("cbc:InvoiceTypeCode"))?;
    let kind = DocumentKind::from_type_code(&type_code).ok_or_else(|| {
        invalid(
            "cbc:InvoiceTypeCode",
            &type_code,
            "expected 388, 381, 383 or 386",
        )
    })?;
    let type_name = type_node
        .attribute("name")
        .ok_or_else(|| missing("cbc:InvoiceTypeCode/@name"))?;
    let (flow, flags) = parse_type_name(type_name).map_err(|e| {
        invalid(
            "cbc:InvoiceTypeCode/@name",
            type_name,
            match e {
                TypeNameError::Shape => "expected 7 characters of 0 and 1 (NNPNESB)",
                TypeNameError::Flow => "must start with 01 (standard) or 02 (simplified)",
            },
        )
    })?;

    let currency = req(
        root,
        &[cbc("DocumentCurrencyCode")],
        "cbc:DocumentCurrencyCode",
    )?;
    let tax_currency = opt(root, &[cbc("TaxCurrencyCode")]);

    let seller_node = path(root, &[cac("AccountingSupplierParty"), cac("Party")])
        .ok_or_else(|| missing("cac:AccountingSupplierParty/cac:Party"))?;
    let buyer = path(root, &[cac("AccountingCustomerParty"), cac("Party")])
        .map(party)
        .filter(|p| *p != Party::default());

    let delivery = path(root, &[cac("Delivery")]);
    let supply_date = delivery
        .and_then(|d| opt(d, &[cbc("ActualDeliveryDate")]))
        .map(|v| date("cac:Delivery/cbc:ActualDeliveryDate", &v))
        .transpose()?;
    let supply_end_date = delivery
        .and_then(|d| opt(d, &[cbc("LatestDeliveryDate")]))
        .map(|v| date("cac:Delivery/cbc:LatestDeliveryDate", &v))
        .transpose()?;

    let mut billing_references = Vec::new();
    let mut notes = Vec::new();
    let mut reason = None;
    let mut payment_means = None;
    let mut allowances_charges = Vec::new();
    let mut lines = Vec::new();
    let mut icv = None;
    let mut pih = None;
    let mut qr = None;
    for child in root.children().filter(Node::is_element) {
        if child.has_tag_name(cbc("Note")) {
            if let Some(t) = trimmed(child) {
                notes.push(t);
            }
        } else if child.has_tag_name(cac("BillingReference")) {
            if let Some(id) = opt(child, &[cac("InvoiceDocumentReference"), cbc("ID")]) {
                billing_references.push(id);
            }
        } else if child.has_tag_name(cac("PaymentMeans")) {
            if payment_means.is_none() {
                payment_means = opt(child, &[cbc("PaymentMeansCode")]);
            }
            if reason.is_none() {
                reason = opt(child, &[cbc("InstructionNote")]);
            }
        } else if child.has_tag_name(cac("AllowanceCharge")) {
            allowances_charges.push(allowance_charge(child, "cac:AllowanceCharge")?);
        } else if child.has_tag_name(cac("AdditionalDocumentReference")) {
            let attachment = || {
                opt(
                    child,
                    &[cac("Attachment"), cbc("EmbeddedDocumentBinaryObject")],
                )
            };
            match opt(child, &[cbc("ID")]).as_deref() {
                Some("ICV") => icv = opt(child, &[cbc("UUID")]),
                Some("PIH") => pih = attachment(),
                Some("QR") => qr = attachment(),
                _ => {}
            }
        } else if child.has_tag_name(cac("InvoiceLine")) {
            lines.push(line(child, lines.len() + 1)?);
        }
    }

    let (vat_breakdown, totals) = totals(root, &currency, tax_currency.as_deref())?;

    let invoice_hash = root
        .descendants()
        .find(|n| {
            n.has_tag_name((ns::DS, "Reference")) && n.attribute("Id") == Some("invoiceSignedData")
        })
        .and_then(|r| opt(r, &[(ns::DS, "DigestValue")]));

    Ok(Document {
        kind,
        flow,
        flags,
        number: req(root, &[cbc("ID")], "cbc:ID")?,
        uuid: req(root, &[cbc("UUID")], "cbc:UUID")?,
        issue_date: date(
            "cbc:IssueDate",
            &req(root, &[cbc("IssueDate")], "cbc:IssueDate")?,
        )?,
        issue_time: req(root, &[cbc("IssueTime")], "cbc:IssueTime")?,
        supply_date,
        supply_end_date,
        notes,
        currency,
        tax_currency,
        seller: party(seller_node),
        buyer,
        billing_references,
        reason,
        payment_means,
        allowances_charges,
        vat_breakdown,
        totals,
        lines,
        icv,
        pih,
        qr,
        invoice_hash,
    })
}

fn missing(field: &str) -> ReadError {
    ReadError::Missing {
        field: field.to_owned(),
    }
}

fn invalid(field: &str, value: &str, reason: &'static str) -> ReadError {
    ReadError::Invalid {
        field: field.to_owned(),
        value: value.to_owned(),
        reason,
    }
}

fn opt(node: Node, steps: &[(&str, &str)]) -> Option<String> {
    path(node, steps).and_then(trimmed)
}

fn req(
    node: Node,
    steps: &[(&'static str, &'static str)],
    field: &str,
) -> Result<String, ReadError> {
    opt(node, steps).ok_or_else(|| missing(field))
}

fn decimal(field: &str, value: &str) -> Result<Decimal, ReadError> {
    Decimal::from_str(value).map_err(|_| invalid(field, value, "not a decimal number"))
}

fn opt_decimal(
    node: Node,
    steps: &[(&'static str, &'static str)],
    field: &str,
) -> Result<Option<Decimal>, ReadError> {
    opt(node, steps).map(|v| decimal(field, &v)).transpose()
}

fn req_decimal(
    node: Node,
    steps: &[(&'static str, &'static str)],
    field: &str,
) -> Result<Decimal, ReadError> {
    decimal(field, &req(node, steps, field)?)
}

fn date(field: &str, value: &str) -> Result<NaiveDate, ReadError> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| invalid(field, value, "not a date of the form YYYY-MM-DD"))
}

fn party(node: Node) -> Party {
    let ids = node
        .children()
        .filter(|c| c.has_tag_name(cac("PartyIdentification")))
        .filter_map(|pi| path(pi, &[cbc("ID")]))
        .filter_map(|id| {
            trimmed(id).map(|value| PartyId {
                scheme: id.attribute("schemeID").map(str::to_owned),
                value,
            })
        })
        .collect();
    let address = path(node, &[cac("PostalAddress")])
        .map(|a| Address {
            street: opt(a, &[cbc("StreetName")]),
            additional_street: opt(a, &[cbc("AdditionalStreetName")]),
            building_number: opt(a, &[cbc("BuildingNumber")]),
            plot: opt(a, &[cbc("PlotIdentification")]),
            district: opt(a, &[cbc("CitySubdivisionName")]),
            city: opt(a, &[cbc("CityName")]),
            postal_zone: opt(a, &[cbc("PostalZone")]),
            country_subentity: opt(a, &[cbc("CountrySubentity")]),
            country: opt(a, &[cac("Country"), cbc("IdentificationCode")]),
        })
        .unwrap_or_default();
    Party {
        name: opt(node, &[cac("PartyLegalEntity"), cbc("RegistrationName")]),
        vat_number: opt(node, &[cac("PartyTaxScheme"), cbc("CompanyID")]),
        ids,
        address,
    }
}

fn allowance_charge(node: Node, field: &str) -> Result<AllowanceCharge, ReadError> {
    let indicator = req(
        node,
        &[cbc("ChargeIndicator")],
        &format!("{field}/cbc:ChargeIndicator"),
    )?;
    let is_charge = match indicator.as_str() {
        "true" => true,
        "false" => false,
        other => {
            return Err(invalid(
                &format!("{field}/cbc:ChargeIndicator"),
                other,
                "expected true or false",
            ));
        }
    };
    Ok(AllowanceCharge {
        is_charge,
        reason: opt(node, &[cbc("AllowanceChargeReason")]),
        reason_code: opt(node, &[cbc("AllowanceChargeReasonCode")]),
        amount: req_decimal(node, &[cbc("Amount")], &format!("{field}/cbc:Amount"))?,
        category: opt(node, &[cac("TaxCategory"), cbc("ID")]),
        rate: opt_decimal(
            node,
            &[cac("TaxCategory"), cbc("Percent")],
            &format!("{field}/cac:TaxCategory/cbc:Percent"),
        )?,
    })
}

fn line(node: Node, position: usize) -> Result<Line, ReadError> {
    let at = format!("cac:InvoiceLine[{position}]");
    let f = |rest: &str| format!("{at}/{rest}");
    let quantity_node = path(node, &[cbc("InvoicedQuantity")])
        .ok_or_else(|| missing(&f("cbc:InvoicedQuantity")))?;
    let quantity_text =
        trimmed(quantity_node).ok_or_else(|| missing(&f("cbc:InvoicedQuantity")))?;
    let price = path(node, &[cac("Price")]).ok_or_else(|| missing(&f("cac:Price")))?;
    let prepayment = path(node, &[cac("DocumentReference")])
        .map(|r| -> Result<DocumentReference, ReadError> {
            Ok(DocumentReference {
                id: req(r, &[cbc("ID")], &f("cac:DocumentReference/cbc:ID"))?,
                uuid: opt(r, &[cbc("UUID")]),
                issue_date: opt(r, &[cbc("IssueDate")]),
                issue_time: opt(r, &[cbc("IssueTime")]),
                type_code: opt(r, &[cbc("DocumentTypeCode")]),
            })
        })
        .transpose()?;
    let mut allowances_charges = Vec::new();
    for ac in node
        .children()
        .filter(|c| c.has_tag_name(cac("AllowanceCharge")))
    {
        allowances_charges.push(allowance_charge(ac, &f("cac:AllowanceCharge"))?);
    }
    Ok(Line {
        id: req(node, &[cbc("ID")], &f("cbc:ID"))?,
        name: req(node, &[cac("Item"), cbc("Name")], &f("cac:Item/cbc:Name"))?,
        quantity: decimal(&f("cbc:InvoicedQuantity"), &quantity_text)?,
        unit_code: quantity_node.attribute("unitCode").map(str::to_owned),
        price: req_decimal(
            price,
            &[cbc("PriceAmount")],
            &f("cac:Price/cbc:PriceAmount"),
        )?,
        base_quantity: opt_decimal(
            price,
            &[cbc("BaseQuantity")],
            &f("cac:Price/cbc:BaseQuantity"),
        )?,
        price_discount: opt_decimal(
            price,
            &[cac("AllowanceCharge"), cbc("Amount")],
            &f("cac:Price/cac:AllowanceCharge/cbc:Amount"),
        )?,
        allowances_charges,
        net: req_decimal(
            node,
            &[cbc("LineExtensionAmount")],
            &f("cbc:LineExtensionAmount"),
        )?,
        category: opt(
            node,
            &[cac("Item"), cac("ClassifiedTaxCategory"), cbc("ID")],
        ),
        rate: opt_decimal(
            node,
            &[cac("Item"), cac("ClassifiedTaxCategory"), cbc("Percent")],
            &f("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent"),
        )?,
        vat: opt_decimal(
            node,
            &[cac("TaxTotal"), cbc("TaxAmount")],
            &f("cac:TaxTotal/cbc:TaxAmount"),
        )?,
        total_with_vat: opt_decimal(
            node,
            &[cac("TaxTotal"), cbc("RoundingAmount")],
            &f("cac:TaxTotal/cbc:RoundingAmount"),
        )?,
        prepayment,
    })
}

fn totals(
    root: Node,
    currency: &str,
    tax_currency: Option<&str>,
) -> Result<(Vec<VatBreakdown>, Totals), ReadError> {
    let tax_totals: Vec<Node> = root
        .children()
        .filter(|c| c.has_tag_name(cac("TaxTotal")))
        .collect();
    fn amount_currency<'a>(t: &Node<'a, '_>) -> Option<&'a str> {
        path(*t, &[cbc("TaxAmount")]).and_then(|a| a.attribute("currencyID"))
    }
    // The document-currency total carries the breakdown; a foreign-currency document adds a
    // second total in the tax currency without one.
    let main = tax_totals
        .iter()
        .find(|t| t.children().any(|c| c.has_tag_name(cac("TaxSubtotal"))))
        .or_else(|| {
            tax_totals
                .iter()
                .find(|t| amount_currency(t) == Some(currency))
        })
        .ok_or_else(|| missing("cac:TaxTotal"))?;
    let vat_total = req_decimal(*main, &[cbc("TaxAmount")], "cac:TaxTotal/cbc:TaxAmount")?;
    let vat_total_tax_currency = match tax_currency {
        Some(tc) => tax_totals
            .iter()
            .filter(|t| amount_currency(t) == Some(tc))
            .min_by_key(|t| t.children().any(|c| c.has_tag_name(cac("TaxSubtotal"))))
            .map(|t| req_decimal(*t, &[cbc("TaxAmount")], "cac:TaxTotal/cbc:TaxAmount"))
            .transpose()?,
        None => None,
    };

    let mut breakdown = Vec::new();
    for (i, sub) in main
        .children()
        .filter(|c| c.has_tag_name(cac("TaxSubtotal")))
        .enumerate()
    {
        let at = format!("cac:TaxTotal/cac:TaxSubtotal[{}]", i + 1);
        let f = |rest: &str| format!("{at}/{rest}");
        let category =
            path(sub, &[cac("TaxCategory")]).ok_or_else(|| missing(&f("cac:TaxCategory")))?;
        breakdown.push(VatBreakdown {
            category: req(category, &[cbc("ID")], &f("cac:TaxCategory/cbc:ID"))?,
            rate: opt_decimal(
                category,
                &[cbc("Percent")],
                &f("cac:TaxCategory/cbc:Percent"),
            )?,
            taxable: req_decimal(sub, &[cbc("TaxableAmount")], &f("cbc:TaxableAmount"))?,
            vat: req_decimal(sub, &[cbc("TaxAmount")], &f("cbc:TaxAmount"))?,
            exemption_code: opt(category, &[cbc("TaxExemptionReasonCode")]),
            exemption_reason: opt(category, &[cbc("TaxExemptionReason")]),
        });
    }

    const LMT: &str = "cac:LegalMonetaryTotal";
    let lmt = path(root, &[cac("LegalMonetaryTotal")]).ok_or_else(|| missing(LMT))?;
    let field = |name: &str| format!("{LMT}/cbc:{name}");
    let totals = Totals {
        line_extension: req_decimal(
            lmt,
            &[cbc("LineExtensionAmount")],
            &field("LineExtensionAmount"),
        )?,
        tax_exclusive: req_decimal(
            lmt,
            &[cbc("TaxExclusiveAmount")],
            &field("TaxExclusiveAmount"),
        )?,
        tax_inclusive: req_decimal(
            lmt,
            &[cbc("TaxInclusiveAmount")],
            &field("TaxInclusiveAmount"),
        )?,
        allowance_total: opt_decimal(
            lmt,
            &[cbc("AllowanceTotalAmount")],
            &field("AllowanceTotalAmount"),
        )?,
        charge_total: opt_decimal(
            lmt,
            &[cbc("ChargeTotalAmount")],
            &field("ChargeTotalAmount"),
        )?,
        prepaid: opt_decimal(lmt, &[cbc("PrepaidAmount")], &field("PrepaidAmount"))?,
        payable_rounding: opt_decimal(
            lmt,
            &[cbc("PayableRoundingAmount")],
            &field("PayableRoundingAmount"),
        )?,
        payable: req_decimal(lmt, &[cbc("PayableAmount")], &field("PayableAmount"))?,
        vat_total,
        vat_total_tax_currency,
    };
    Ok((breakdown, totals))
}
