//! The few facts of a UBL document the stamp and the verifier read, found in one pass over the
//! root's children.

use std::borrow::Cow;

use xml_sec::{Document, Node};

use super::ns;

/// A child element by namespace and local name.
pub(crate) fn child<'a, 'i>(node: Node<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| is(*c, ns, name))
}

/// An element path below `node`.
pub(crate) fn path<'a, 'i>(mut node: Node<'a, 'i>, steps: &[(&str, &str)]) -> Option<Node<'a, 'i>> {
    for (ns, name) in steps {
        node = child(node, ns, name)?;
    }
    Some(node)
}

pub(crate) fn is(node: Node<'_, '_>, ns: &str, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(ns) && node.tag_name().name() == name
}

/// The trimmed text of a simple element.
pub(crate) fn text<'a>(node: Option<Node<'a, '_>>) -> Option<&'a str> {
    node.and_then(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The `cbc:ID` text of an `AdditionalDocumentReference`.
pub(crate) fn reference_id<'a>(adr: Node<'a, '_>) -> Option<&'a str> {
    text(child(adr, ns::CBC, "ID"))
}

/// What the stamp and the verifier need to know about a document.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Facts<'a> {
    /// Name of a part that only signed documents have, if present.
    pub signed_part: Option<&'static str>,
    /// The document's own `cbc:ID` (its number) and `cbc:UUID`.
    pub number: Option<Cow<'a, str>>,
    pub uuid: Option<Cow<'a, str>>,
    /// `cbc:InvoiceTypeCode`: its text (388, 381, …) and its `name` attribute.
    pub type_code: Option<Cow<'a, str>>,
    pub type_name: Option<Cow<'a, str>>,
    pub seller_name: Option<Cow<'a, str>>,
    pub vat_number: Option<Cow<'a, str>>,
    pub issue_date: Option<Cow<'a, str>>,
    pub issue_time: Option<Cow<'a, str>>,
    pub tax_inclusive: Option<Cow<'a, str>>,
    pub vat_total: Option<Cow<'a, str>>,
    pub icv: Option<Cow<'a, str>>,
    pub pih: Option<Cow<'a, str>>,
    pub qr: Option<Cow<'a, str>>,
    /// Byte offset right after the root start tag.
    pub root_content_start: Option<usize>,
    /// Byte offset of the first non-whitespace after the PIH reference's end tag.
    pub after_pih: Option<usize>,
    pub missing_ns: Vec<(&'static str, &'static str)>,
}

impl<'a> Facts<'a> {
    pub fn read(doc: &'a Document<'_>) -> Self {
        let root = doc.root_element();
        let input = doc.input_text().as_bytes();
        let mut f = Facts {
            root_content_start: root_content_start(input, root.range()),
            ..Facts::default()
        };
        for (prefix, uri) in [("ext", ns::EXT), ("cac", ns::CAC), ("cbc", ns::CBC)] {
            if root.lookup_namespace_uri(Some(prefix)) != Some(uri) {
                f.missing_ns.push((prefix, uri));
            }
        }
        let attachment = |adr| {
            text(path(
                adr,
                &[
                    (ns::CAC, "Attachment"),
                    (ns::CBC, "EmbeddedDocumentBinaryObject"),
                ],
            ))
        };
        // The first occurrence of each value counts, as in the streaming reader.
        fn first<'a>(slot: &mut Option<Cow<'a, str>>, value: Option<&'a str>) {
            if slot.is_none() {
                *slot = value.map(Cow::Borrowed);
            }
        }
        let mut first_tax_total = true;
        for c in root.children().filter(|c| c.is_element()) {
            let name = c.tag_name();
            match (name.namespace(), name.name()) {
                (Some(ns::EXT), "UBLExtensions") => f.signed_part = Some("ext:UBLExtensions"),
                (Some(ns::CAC), "Signature") => f.signed_part = Some("cac:Signature"),
                (Some(ns::CBC), "ID") => first(&mut f.number, text(Some(c))),
                (Some(ns::CBC), "UUID") => first(&mut f.uuid, text(Some(c))),
                (Some(ns::CBC), "InvoiceTypeCode") => {
                    first(&mut f.type_code, text(Some(c)));
                    first(&mut f.type_name, c.attribute("name"));
                }
                (Some(ns::CBC), "IssueDate") => first(&mut f.issue_date, text(Some(c))),
                (Some(ns::CBC), "IssueTime") => first(&mut f.issue_time, text(Some(c))),
                (Some(ns::CAC), "AdditionalDocumentReference") => match reference_id(c) {
                    Some("ICV") => first(&mut f.icv, text(child(c, ns::CBC, "UUID"))),
                    Some("PIH") if f.pih.is_none() => {
                        first(&mut f.pih, attachment(c));
                        f.after_pih = Some(skip_ws(input, c.range().end));
                    }
                    Some("QR") => {
                        f.qr = attachment(c).map(Cow::Borrowed);
                        f.signed_part = Some("a QR AdditionalDocumentReference");
                    }
                    _ => {}
                },
                (Some(ns::CAC), "AccountingSupplierParty") => {
                    let party = child(c, ns::CAC, "Party");
                    let seller = party.and_then(|p| {
                        path(
                            p,
                            &[(ns::CAC, "PartyLegalEntity"), (ns::CBC, "RegistrationName")],
                        )
                    });
                    first(&mut f.seller_name, text(seller));
                    let vat = party.and_then(|p| {
                        path(p, &[(ns::CAC, "PartyTaxScheme"), (ns::CBC, "CompanyID")])
                    });
                    first(&mut f.vat_number, text(vat));
                }
                (Some(ns::CAC), "TaxTotal") if first_tax_total => {
                    first_tax_total = false;
                    first(&mut f.vat_total, text(child(c, ns::CBC, "TaxAmount")));
                }
                (Some(ns::CAC), "LegalMonetaryTotal") => {
                    first(
                        &mut f.tax_inclusive,
                        text(child(c, ns::CBC, "TaxInclusiveAmount")),
                    );
                }
                _ => {}
            }
        }
        f
    }

    /// Simplified (B2C) documents have an InvoiceTypeCode name starting `02`.
    pub fn is_simplified(&self) -> bool {
        self.type_name
            .as_deref()
            .is_some_and(|n| n.starts_with("02"))
    }

    /// QR tag 3: IssueDate `T` IssueTime.
    pub fn timestamp(&self) -> Option<String> {
        Some(format!(
            "{}T{}",
            self.issue_date.as_deref()?,
            self.issue_time.as_deref()?
        ))
    }

    /// ` xmlns:p="…"` for each of `prefixes` the root does not bind to its UBL namespace.
    pub fn missing_ns_decls(&self, prefixes: &[&str]) -> String {
        let mut s = String::new();
        for (p, uri) in &self.missing_ns {
            if prefixes.contains(p) {
                s.push_str(" xmlns:");
                s.push_str(p);
                s.push_str("=\"");
                s.push_str(uri);
                s.push('"');
            }
        }
        s
    }
}

/// The offset after the `>` of the start tag at `range.start`, unless the element is empty (`/>`).
fn root_content_start(input: &[u8], range: std::ops::Range<usize>) -> Option<usize> {
    let mut quote = None;
    for (i, &b) in input.get(range.start..range.end)?.iter().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => {
                let at = range.start + i;
                return (input.get(at - 1) != Some(&b'/')).then_some(at + 1);
            }
            _ => {}
        }
    }
    None
}

fn skip_ws(input: &[u8], mut at: usize) -> usize {
    while matches!(input.get(at), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        at += 1;
    }
    at
}
