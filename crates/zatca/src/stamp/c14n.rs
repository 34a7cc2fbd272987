//! A streaming canonicalizer for the invoice hash: one pass over the bytes gives the C14N 1.1
//! form with the excluded elements left out, and the facts the stamp needs (QR values, chain
//! fields, insertion points), with no DOM.
//!
//! It covers what invoices are made of: the XML declaration, elements, attributes in either quote
//! style, namespace declarations, the five predefined entities, character references, CDATA,
//! comments and processing instructions inside the root element, CR/LF line ends. Anything else
//! (a DOCTYPE, processing instructions outside the root, unusual names, doubtful characters)
//! makes it decline, and the caller falls back to the full parser (xml-sec), which is the
//! authority. Tests hold the two to the same bytes on every corpus document and on mutations.

use std::borrow::Cow;

use super::doc::Facts;
use super::ns;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// The UBL namespaces the scanner looks for, interned once per declaration so that element
/// matching compares a byte, not a 70-character URI.
const OTHER: u8 = 0;
const CAC: u8 = 1;
const CBC: u8 = 2;
const EXT: u8 = 3;

fn ns_id(uri: &str) -> u8 {
    match uri {
        ns::CAC => CAC,
        ns::CBC => CBC,
        ns::EXT => EXT,
        _ => OTHER,
    }
}

/// The canonical bytes and the facts of a document, or `None` to use the full parser.
pub(crate) fn scan(text: &str) -> Option<(Vec<u8>, Facts<'_>)> {
    let mut s = Scanner {
        src: text.as_bytes(),
        text,
        pos: 0,
        out: Vec::with_capacity(text.len()),
        ns: Vec::with_capacity(16),
        open: Vec::with_capacity(32),
        facts: Facts::default(),
        adr: Vec::new(),
        capture: None,
        captured: String::new(),
        first_tax_total: true,
        attrs: Vec::with_capacity(8),
        decls: Vec::with_capacity(8),
    };
    s.document()?;
    Some((s.out, s.facts))
}

/// What is being collected from the current element's text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Number,
    Uuid,
    TypeCode,
    IssueDate,
    IssueTime,
    SellerName,
    VatNumber,
    VatTotal,
    TaxInclusive,
    AdrId,
    AdrUuid,
    AdrAttachment,
}

/// An open `AdditionalDocumentReference`.
#[derive(Default)]
struct Adr<'a> {
    depth: usize,
    mark: usize,
    excluded: bool,
    id: Option<Cow<'a, str>>,
    uuid: Option<Cow<'a, str>>,
    attachment: Option<Cow<'a, str>>,
}

struct Open<'a> {
    qname: &'a str,
    ns: u8,
    local: &'a str,
    ns_len: usize,
    /// Output length to cut back to at the end tag (an excluded element), if any.
    cut: Option<usize>,
}

struct Attr<'a> {
    qname: &'a str,
    uri: &'a str,
    local: &'a str,
    value: Cow<'a, str>,
}

struct Scanner<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    out: Vec<u8>,
    /// In-scope namespace bindings (prefix, uri, interned id); `""` is the default namespace.
    ns: Vec<(&'a str, &'a str, u8)>,
    open: Vec<Open<'a>>,
    facts: Facts<'a>,
    adr: Vec<Adr<'a>>,
    capture: Option<(Field, usize)>,
    captured: String,
    first_tax_total: bool,
    attrs: Vec<Attr<'a>>,
    decls: Vec<(&'a str, &'a str)>,
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

/// Bytes that may continue a name (the colon is handled apart).
const NAME_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.' || b >= 0x80;
        i += 1;
    }
    t
};

/// Classes of bytes in character data.
const PLAIN: u8 = 0;
const SPECIAL: u8 = 1; // `&`, `>`, CR: rewritten
const BAD: u8 = 2; // C0 controls other than tab, LF, CR
const CHECK: u8 = 3; // 0xEF: may start U+FFFE / U+FFFF

const TEXT_CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = BAD;
        i += 1;
    }
    t[b'\t' as usize] = PLAIN;
    t[b'\n' as usize] = PLAIN;
    t[b'\r' as usize] = SPECIAL;
    t[b'&' as usize] = SPECIAL;
    t[b'>' as usize] = SPECIAL;
    t[0xEF] = CHECK;
    t
};

fn is_name_byte(b: u8) -> bool {
    NAME_BYTES[usize::from(b)]
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn starts(&self, s: &[u8]) -> bool {
        self.src[self.pos..].starts_with(s)
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(is_ws) {
            self.pos += 1;
        }
    }

    /// Position of `needle` at or after `pos`.
    fn find(&self, needle: &[u8]) -> Option<usize> {
        self.src[self.pos..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| self.pos + p)
    }

    fn document(&mut self) -> Option<()> {
        if self.starts(b"<?xml") && self.src.get(5).is_some_and(|b| is_ws(*b)) {
            let end = self.find(b"?>")?;
            if !xml_declaration_ok(&self.text[5..end]) {
                return None;
            }
            self.pos = end + 2;
        }
        // Before the root: whitespace and comments only.
        loop {
            self.skip_ws();
            if self.starts(b"<!--") {
                self.comment()?;
            } else {
                break;
            }
        }
        if self.peek() != Some(b'<')
            || !self
                .src
                .get(self.pos + 1)
                .copied()
                .is_some_and(is_name_start)
        {
            return None;
        }
        self.element_content()?;
        // After the root: whitespace and comments only.
        loop {
            self.skip_ws();
            if self.pos == self.src.len() {
                return Some(());
            }
            if self.starts(b"<!--") {
                self.comment()?;
            } else {
                return None;
            }
        }
    }

    fn comment(&mut self) -> Option<()> {
        self.pos += 4;
        let end = self.find(b"--")?;
        if self.src.get(end + 2) != Some(&b'>') {
            return None;
        }
        self.check_chars(self.pos, end)?;
        self.pos = end + 3;
        Some(())
    }

    /// The root element and everything inside it.
    fn element_content(&mut self) -> Option<()> {
        loop {
            let lt = match memchr_lt(&self.src[self.pos..]) {
                Some(i) => self.pos + i,
                None => return None,
            };
            if lt > self.pos {
                if self.open.is_empty() {
                    return None;
                }
                self.text_run(self.pos, lt)?;
                self.pos = lt;
            }
            let next = *self.src.get(lt + 1)?;
            match next {
                b'/' => {
                    self.end_tag()?;
                    if self.open.is_empty() {
                        return Some(());
                    }
                }
                b'!' => {
                    if self.open.is_empty() {
                        return None;
                    }
                    if self.starts(b"<!--") {
                        self.comment()?;
                    } else if self.starts(b"<![CDATA[") {
                        self.pos += 9;
                        let end = self.find(b"]]>")?;
                        self.cdata(self.pos, end)?;
                        self.pos = end + 3;
                    } else {
                        return None;
                    }
                }
                b'?' => {
                    if self.open.is_empty() {
                        return None;
                    }
                    self.pi()?;
                }
                b if is_name_start(b) => {
                    self.start_tag()?;
                    if self.open.is_empty() {
                        return Some(()); // an empty root element
                    }
                }
                _ => return None,
            }
        }
    }

    fn pi(&mut self) -> Option<()> {
        self.pos += 2;
        let start = self.pos;
        while self.peek().is_some_and(|b| is_name_byte(b) || b == b':') {
            self.pos += 1;
        }
        let target = &self.text[start..self.pos];
        if target.is_empty() || target.eq_ignore_ascii_case("xml") || target.contains(':') {
            return None;
        }
        let end = self.find(b"?>")?;
        if end > self.pos && !self.peek().is_some_and(is_ws) {
            return None;
        }
        let data_start = {
            let mut p = self.pos;
            while p < end && is_ws(self.src[p]) {
                p += 1;
            }
            p
        };
        self.check_chars(data_start, end)?;
        self.out.extend_from_slice(b"<?");
        self.out.extend_from_slice(target.as_bytes());
        if data_start < end {
            self.out.push(b' ');
            push_normalized_eol(&mut self.out, &self.src[data_start..end]);
        }
        self.out.extend_from_slice(b"?>");
        self.pos = end + 2;
        Some(())
    }

    /// Rejects characters XML does not allow (C0 controls but tab/LF/CR, U+FFFE, U+FFFF).
    fn check_chars(&self, from: usize, to: usize) -> Option<()> {
        let bytes = &self.src[from..to];
        // No early exit: this form vectorizes.
        let control = bytes.iter().fold(false, |bad, &b| {
            bad | (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r')
        });
        if control {
            return None;
        }
        for i in memchr::memchr_iter(0xEF, bytes) {
            if bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) {
                return None;
            }
        }
        Some(())
    }

    fn qname(&mut self) -> Option<&'a str> {
        let start = self.pos;
        if !self.peek().is_some_and(is_name_start) {
            return None;
        }
        let mut colon = false;
        while let Some(b) = self.peek() {
            if is_name_byte(b) {
                self.pos += 1;
            } else if b == b':'
                && !colon
                && self.pos > start
                && self
                    .src
                    .get(self.pos + 1)
                    .copied()
                    .is_some_and(is_name_start)
            {
                colon = true;
                self.pos += 1;
            } else {
                break;
            }
        }
        Some(&self.text[start..self.pos])
    }

    fn lookup(&self, prefix: &str) -> Option<&'a str> {
        self.lookup_id(prefix).map(|(uri, _)| uri)
    }

    fn lookup_id(&self, prefix: &str) -> Option<(&'a str, u8)> {
        if prefix == "xml" {
            return Some((XML_NS, OTHER));
        }
        match self.ns.iter().rev().find(|(p, _, _)| *p == prefix) {
            Some((_, uri, id)) => Some((uri, *id)),
            None if prefix.is_empty() => Some(("", OTHER)),
            None => None,
        }
    }

    fn start_tag(&mut self) -> Option<()> {
        self.pos += 1;
        let qname = self.qname()?;
        self.attrs.clear();
        self.decls.clear();
        let ns_len = self.ns.len();
        let empty;
        loop {
            let before = self.pos;
            self.skip_ws();
            match self.peek()? {
                b'>' => {
                    self.pos += 1;
                    empty = false;
                    break;
                }
                b'/' => {
                    if self.src.get(self.pos + 1) != Some(&b'>') {
                        return None;
                    }
                    self.pos += 2;
                    empty = true;
                    break;
                }
                _ => {
                    if before == self.pos {
                        return None; // attributes must be separated by whitespace
                    }
                    let name = self.qname()?;
                    self.skip_ws();
                    if self.peek() != Some(b'=') {
                        return None;
                    }
                    self.pos += 1;
                    self.skip_ws();
                    let quote = self.peek()?;
                    if quote != b'"' && quote != b'\'' {
                        return None;
                    }
                    self.pos += 1;
                    let vstart = self.pos;
                    let vend = vstart + self.src[vstart..].iter().position(|b| *b == quote)?;
                    self.pos = vend + 1;
                    if name == "xmlns" || name.starts_with("xmlns:") {
                        let raw = &self.text[vstart..vend];
                        if raw
                            .bytes()
                            .any(|b| matches!(b, b'&' | b'<' | b'\t' | b'\n' | b'\r'))
                        {
                            return None;
                        }
                        self.check_chars(vstart, vend)?;
                        let prefix = name.strip_prefix("xmlns:").unwrap_or("");
                        if prefix == "xml"
                            || prefix == "xmlns"
                            || (!prefix.is_empty() && raw.is_empty())
                        {
                            return None;
                        }
                        if !raw.is_empty() && !is_absolute_uri(raw) {
                            return None; // relative namespace URIs: let the full parser judge
                        }
                        if self.decls.iter().any(|(p, _)| *p == prefix) {
                            return None;
                        }
                        self.decls.push((prefix, raw));
                    } else {
                        let value = self.attr_value(vstart, vend)?;
                        self.attrs.push(Attr {
                            qname: name,
                            uri: "",
                            local: name,
                            value,
                        });
                    }
                }
            }
        }
        let decls = std::mem::take(&mut self.decls);
        self.ns.extend(decls.iter().map(|&(p, u)| (p, u, ns_id(u))));
        // Resolve names.
        let (prefix, local) = qname.split_once(':').unwrap_or(("", qname));
        let (_, k) = self.lookup_id(prefix)?;
        let mut attrs = std::mem::take(&mut self.attrs);
        for a in &mut attrs {
            if let Some((p, l)) = a.qname.split_once(':') {
                a.uri = self.lookup(p)?;
                a.local = l;
                if a.uri.is_empty() {
                    return None;
                }
            }
        }
        attrs.sort_unstable_by(|a, b| (a.uri, a.local).cmp(&(b.uri, b.local)));
        if attrs
            .windows(2)
            .any(|w| (w[0].uri, w[0].local) == (w[1].uri, w[1].local))
        {
            return None;
        }
        // Namespace declarations that change the context (inclusive C14N).
        let mut render: Vec<(&str, &str)> = Vec::with_capacity(decls.len());
        for &(p, u) in &decls {
            let parent = self.ns[..ns_len]
                .iter()
                .rev()
                .find(|(q, _, _)| *q == p)
                .map(|(_, v, _)| *v);
            let changed = match parent {
                Some(v) => v != u,
                None => !u.is_empty(),
            };
            if changed {
                render.push((p, u));
            }
        }
        render.sort_unstable_by(|a, b| a.0.cmp(b.0));

        let depth = self.open.len();
        let cut = self.excluded_start(depth, k, local);
        self.facts_start(depth, k, local, &attrs);

        let out = &mut self.out;
        out.push(b'<');
        out.extend_from_slice(qname.as_bytes());
        for (p, u) in &render {
            if p.is_empty() {
                out.extend_from_slice(b" xmlns=\"");
            } else {
                out.extend_from_slice(b" xmlns:");
                out.extend_from_slice(p.as_bytes());
                out.extend_from_slice(b"=\"");
            }
            out.extend_from_slice(u.as_bytes());
            out.push(b'"');
        }
        for a in &attrs {
            out.push(b' ');
            out.extend_from_slice(a.qname.as_bytes());
            out.extend_from_slice(b"=\"");
            escape_attr(out, &a.value);
            out.push(b'"');
        }
        out.push(b'>');
        self.attrs = attrs;
        self.decls = decls;
        self.open.push(Open {
            qname,
            ns: k,
            local,
            ns_len,
            cut,
        });
        if depth == 0 {
            self.facts.root_content_start = (!empty).then_some(self.pos);
            for (prefix, want) in [("ext", ns::EXT), ("cac", ns::CAC), ("cbc", ns::CBC)] {
                if self.lookup(prefix) != Some(want) {
                    self.facts.missing_ns.push((prefix, want));
                }
            }
        }
        if empty {
            self.close()?;
        }
        Some(())
    }

    fn end_tag(&mut self) -> Option<()> {
        self.pos += 2;
        let name = self.qname()?;
        self.skip_ws();
        if self.peek() != Some(b'>') {
            return None;
        }
        self.pos += 1;
        if self.open.last()?.qname != name {
            return None;
        }
        self.close()
    }

    /// Closes the innermost open element (its end tag has been read).
    fn close(&mut self) -> Option<()> {
        let open = self.open.pop()?;
        self.out.extend_from_slice(b"</");
        self.out.extend_from_slice(open.qname.as_bytes());
        self.out.push(b'>');
        self.ns.truncate(open.ns_len);
        let depth = self.open.len();
        self.facts_end(depth, &open);
        if let Some(mark) = open.cut {
            self.out.truncate(mark);
        }
        Some(())
    }

    /// Where an element the hash leaves out begins: the output length to cut back to.
    fn excluded_start(&mut self, depth: usize, k: u8, local: &str) -> Option<usize> {
        match (local, k) {
            ("UBLExtensions", EXT) | ("Signature", CAC) => {
                if depth == 1 {
                    self.facts.signed_part = Some(if local == "Signature" {
                        "cac:Signature"
                    } else {
                        "ext:UBLExtensions"
                    });
                }
                Some(self.out.len())
            }
            ("AdditionalDocumentReference", CAC) => {
                self.adr.push(Adr {
                    depth,
                    mark: self.out.len(),
                    ..Adr::default()
                });
                None
            }
            _ => None,
        }
    }

    fn facts_start(&mut self, depth: usize, k: u8, local: &'a str, attrs: &[Attr<'a>]) {
        let parent = |i: usize| self.open.get(i).map(|o| (o.local, o.ns));
        let field = match depth {
            1 => match (local, k) {
                ("InvoiceTypeCode", CBC) => {
                    if self.facts.type_name.is_none()
                        && let Some(a) = attrs.iter().find(|a| a.qname == "name")
                    {
                        self.facts.type_name = Some(a.value.clone());
                    }
                    Some(Field::TypeCode)
                }
                ("ID", CBC) => Some(Field::Number),
                ("UUID", CBC) => Some(Field::Uuid),
                ("IssueDate", CBC) => Some(Field::IssueDate),
                ("IssueTime", CBC) => Some(Field::IssueTime),
                _ => None,
            },
            2 => match (parent(1), local, k) {
                (Some(("AdditionalDocumentReference", CAC)), "ID", CBC) => Some(Field::AdrId),
                (Some(("AdditionalDocumentReference", CAC)), "UUID", CBC) => Some(Field::AdrUuid),
                (Some(("TaxTotal", CAC)), "TaxAmount", CBC) if self.first_tax_total => {
                    Some(Field::VatTotal)
                }
                (Some(("LegalMonetaryTotal", CAC)), "TaxInclusiveAmount", CBC) => {
                    Some(Field::TaxInclusive)
                }
                _ => None,
            },
            3 => match (parent(1), parent(2), local, k) {
                (
                    Some(("AdditionalDocumentReference", CAC)),
                    Some(("Attachment", CAC)),
                    "EmbeddedDocumentBinaryObject",
                    CBC,
                ) => Some(Field::AdrAttachment),
                _ => None,
            },
            4 => match (parent(1), parent(2), parent(3), local, k) {
                (
                    Some(("AccountingSupplierParty", CAC)),
                    Some(("Party", CAC)),
                    Some(("PartyLegalEntity", CAC)),
                    "RegistrationName",
                    CBC,
                ) => Some(Field::SellerName),
                (
                    Some(("AccountingSupplierParty", CAC)),
                    Some(("Party", CAC)),
                    Some(("PartyTaxScheme", CAC)),
                    "CompanyID",
                    CBC,
                ) => Some(Field::VatNumber),
                _ => None,
            },
            _ => None,
        };
        // A cbc:ID directly inside any AdditionalDocumentReference decides its exclusion.
        let adr_id =
            (local, k) == ("ID", CBC) && self.adr.last().is_some_and(|a| a.depth + 1 == depth);
        let field = field.or(adr_id.then_some(Field::AdrId));
        if let Some(f) = field {
            self.capture = Some((f, depth));
            self.captured.clear();
        }
    }

    fn facts_end(&mut self, depth: usize, open: &Open<'a>) {
        if let Some((field, d)) = self.capture
            && d == depth
        {
            self.capture = None;
            let raw = std::mem::take(&mut self.captured);
            self.store(field, raw, depth);
        }
        match (depth, open.local, open.ns) {
            (1, "TaxTotal", CAC) => self.first_tax_total = false,
            (_, "AdditionalDocumentReference", CAC) => {
                let Some(adr) = self.adr.pop() else { return };
                if adr.excluded {
                    self.out.truncate(adr.mark);
                }
                if depth != 1 {
                    return;
                }
                match adr.id.as_deref().map(str::trim) {
                    Some("ICV") if self.facts.icv.is_none() => self.facts.icv = adr.uuid,
                    Some("PIH") if self.facts.pih.is_none() => {
                        self.facts.pih = adr.attachment;
                        let mut at = self.pos;
                        while self.src.get(at).copied().is_some_and(is_ws) {
                            at += 1;
                        }
                        self.facts.after_pih = Some(at);
                    }
                    Some("QR") => {
                        self.facts.qr = adr.attachment;
                        self.facts.signed_part = Some("a QR AdditionalDocumentReference");
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    fn store(&mut self, field: Field, raw: String, depth: usize) {
        let trimmed = raw.trim();
        let value: Option<Cow<'a, str>> =
            (!trimmed.is_empty()).then(|| Cow::Owned(trimmed.to_owned()));
        let f = &mut self.facts;
        match field {
            Field::Number => f.number = f.number.take().or(value),
            Field::Uuid => f.uuid = f.uuid.take().or(value),
            Field::TypeCode => f.type_code = f.type_code.take().or(value),
            Field::IssueDate => f.issue_date = f.issue_date.take().or(value),
            Field::IssueTime => f.issue_time = f.issue_time.take().or(value),
            Field::SellerName => f.seller_name = f.seller_name.take().or(value),
            Field::VatNumber => f.vat_number = f.vat_number.take().or(value),
            Field::VatTotal => f.vat_total = f.vat_total.take().or(value),
            Field::TaxInclusive => f.tax_inclusive = f.tax_inclusive.take().or(value),
            Field::AdrId | Field::AdrUuid | Field::AdrAttachment => {
                let Some(adr) = self.adr.last_mut() else {
                    return;
                };
                match field {
                    Field::AdrId => {
                        if adr.depth + 1 == depth && raw == "QR" {
                            adr.excluded = true;
                        }
                        if adr.id.is_none() {
                            adr.id = value;
                        }
                    }
                    Field::AdrUuid => adr.uuid = adr.uuid.take().or(value),
                    _ => adr.attachment = adr.attachment.take().or(value),
                }
            }
        }
    }

    /// Character data between tags.
    fn text_run(&mut self, from: usize, to: usize) -> Option<()> {
        let bytes = &self.src[from..to];
        let capture = self.capture.is_some_and(|(_, d)| d + 1 == self.open.len());
        let mut run = 0;
        let mut i = 0;
        // One pass; most runs are short (indentation, a value), so a table beats memchr here.
        while i < bytes.len() {
            let b = bytes[i];
            match TEXT_CLASS[usize::from(b)] {
                PLAIN => {
                    i += 1;
                    continue;
                }
                BAD => return None,
                CHECK => {
                    // U+FFFE / U+FFFF are not XML characters.
                    if bytes.get(i + 1) == Some(&0xBF)
                        && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
                    {
                        return None;
                    }
                    i += 1;
                    continue;
                }
                _ => {}
            }
            self.out.extend_from_slice(&bytes[run..i]);
            if capture {
                self.captured.push_str(&self.text[from + run..from + i]);
            }
            match b {
                b'&' => {
                    let semi = i + memchr::memchr(b';', &bytes[i..])?;
                    let c = decode_ref(&self.text[from + i + 1..from + semi])?;
                    escape_text_char(&mut self.out, c);
                    if capture {
                        self.captured.push(c);
                    }
                    i = semi + 1;
                }
                b'>' => {
                    if i >= 2 && &bytes[i - 2..i] == b"]]" {
                        return None; // `]]>` may not appear in character data
                    }
                    self.out.extend_from_slice(b"&gt;");
                    if capture {
                        self.captured.push('>');
                    }
                    i += 1;
                }
                _ => {
                    // CR LF and a lone CR are one LF.
                    if bytes.get(i + 1) != Some(&b'\n') {
                        self.out.push(b'\n');
                        if capture {
                            self.captured.push('\n');
                        }
                    }
                    i += 1;
                }
            }
            run = i;
        }
        self.out.extend_from_slice(&bytes[run..]);
        if capture {
            self.captured.push_str(&self.text[from + run..to]);
        }
        Some(())
    }

    fn cdata(&mut self, from: usize, to: usize) -> Option<()> {
        self.check_chars(from, to)?;
        let capture = self.capture.is_some_and(|(_, d)| d + 1 == self.open.len());
        let text = &self.text[from..to];
        let mut prev_cr = false;
        for c in text.chars() {
            let c = match (c, prev_cr) {
                ('\n', true) => {
                    prev_cr = false;
                    continue;
                }
                ('\r', _) => {
                    prev_cr = true;
                    '\n'
                }
                _ => {
                    prev_cr = false;
                    c
                }
            };
            escape_text_char(&mut self.out, c);
            if capture {
                self.captured.push(c);
            }
        }
        Some(())
    }

    /// An attribute value after XML attribute-value normalization.
    fn attr_value(&self, from: usize, to: usize) -> Option<Cow<'a, str>> {
        self.check_chars(from, to)?;
        let raw = &self.text[from..to];
        if raw.contains('<') {
            return None;
        }
        if !raw
            .bytes()
            .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'))
        {
            return Some(Cow::Borrowed(raw));
        }
        let mut v = String::with_capacity(raw.len());
        let bytes = raw.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'&' => {
                    let semi = i + bytes[i..].iter().position(|b| *b == b';')?;
                    v.push(decode_ref(&raw[i + 1..semi])?);
                    i = semi + 1;
                }
                b'\r' => {
                    v.push(' ');
                    i += if bytes.get(i + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                }
                b'\t' | b'\n' => {
                    v.push(' ');
                    i += 1;
                }
                _ => {
                    let start = i;
                    while i < bytes.len() && !matches!(bytes[i], b'&' | b'\t' | b'\n' | b'\r') {
                        i += 1;
                    }
                    v.push_str(&raw[start..i]);
                }
            }
        }
        Some(Cow::Owned(v))
    }
}

/// `scheme:…` with a well-formed scheme.
fn is_absolute_uri(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else {
        return false;
    };
    scheme
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic())
        && scheme
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && uri.bytes().all(|b| {
            b > b' '
                && !matches!(
                    b,
                    b'"' | b'<' | b'>' | b'\\' | b'^' | b'`' | b'{' | b'|' | b'}'
                )
        })
}

/// The pseudo-attributes of an XML declaration: `version="1.0"`, then optionally a UTF-8
/// `encoding` and `standalone`, in that order.
fn xml_declaration_ok(decl: &str) -> bool {
    let mut rest = decl;
    let mut expect = ["version", "encoding", "standalone"].into_iter();
    let mut seen_version = false;
    loop {
        let trimmed = rest.trim_start_matches([' ', '\t', '\n', '\r']);
        if trimmed.is_empty() {
            return seen_version;
        }
        if trimmed.len() == rest.len() {
            return false; // pseudo-attributes are separated by whitespace
        }
        let Some((name, after)) = trimmed.split_once('=') else {
            return false;
        };
        let name = name.trim_end_matches([' ', '\t', '\n', '\r']);
        if !expect.by_ref().any(|n| n == name) {
            return false;
        }
        let after = after.trim_start_matches([' ', '\t', '\n', '\r']);
        let Some(q) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            return false;
        };
        let Some(close) = after[1..].find(q) else {
            return false;
        };
        let value = &after[1..1 + close];
        let ok = match name {
            "version" => {
                seen_version = true;
                value == "1.0"
            }
            "encoding" => value.eq_ignore_ascii_case("utf-8"),
            _ => value == "yes" || value == "no",
        };
        if !ok || !seen_version {
            return false;
        }
        rest = &after[close + 2..];
    }
}

/// A predefined entity or character reference (the text between `&` and `;`).
fn decode_ref(name: &str) -> Option<char> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix('x') {
                Some(hex) if !hex.is_empty() && hex.len() <= 6 => {
                    u32::from_str_radix(hex, 16).ok()?
                }
                Some(_) => return None,
                None if !num.is_empty()
                    && num.len() <= 7
                    && num.bytes().all(|b| b.is_ascii_digit()) =>
                {
                    num.parse().ok()?
                }
                None => return None,
            };
            let ok = matches!(code, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF);
            if !ok {
                return None;
            }
            char::from_u32(code)?
        }
    };
    Some(c)
}

fn escape_text_char(out: &mut Vec<u8>, c: char) {
    match c {
        '&' => out.extend_from_slice(b"&amp;"),
        '<' => out.extend_from_slice(b"&lt;"),
        '>' => out.extend_from_slice(b"&gt;"),
        '\r' => out.extend_from_slice(b"&#xD;"),
        _ => {
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
        }
    }
}

fn escape_attr(out: &mut Vec<u8>, v: &str) {
    let bytes = v.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'"' => b"&quot;",
            b'\t' => b"&#x9;",
            b'\n' => b"&#xA;",
            b'\r' => b"&#xD;",
            _ => continue,
        };
        out.extend_from_slice(&bytes[run..i]);
        out.extend_from_slice(rep);
        run = i + 1;
    }
    out.extend_from_slice(&bytes[run..]);
}

/// CR LF and lone CR become LF.
fn push_normalized_eol(out: &mut Vec<u8>, bytes: &[u8]) {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\r' {
            out.push(b'\n');
            if bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
        } else {
            out.push(bytes[i]);
        }
        i += 1;
    }
}

fn memchr_lt(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(b'<', bytes)
}

#[cfg(test)]
mod tests {
    //! The streaming path against the full parser (xml-sec): same canonical bytes and same facts
    //! on every corpus document, and on mutated documents it either agrees or declines.

    use std::path::{Path, PathBuf};

    use super::scan;
    use crate::stamp::doc::Facts;
    use crate::stamp::hash::{canonicalize_slow, parse};

    fn corpus() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vendor/zatca-sdk");
        let mut files = Vec::new();
        let mut stack = vec![
            root.join("Data/Samples"),
            root.join("extra/sdk-evidence/cases"),
        ];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    if p.file_name().is_some_and(|n| n != "evidence") {
                        stack.push(p);
                    }
                } else if p.extension().is_some_and(|x| x == "xml") {
                    files.push(p);
                }
            }
        }
        files.sort();
        files
    }

    fn strip_bom(b: &[u8]) -> &[u8] {
        b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
    }

    #[test]
    fn agrees_with_the_full_parser_on_the_corpus() {
        let mut fast = 0;
        let files = corpus();
        assert!(files.len() > 100, "{}", files.len());
        for p in &files {
            let bytes = std::fs::read(p).unwrap();
            let Ok(text) = std::str::from_utf8(strip_bom(&bytes)) else {
                continue;
            };
            let slow = canonicalize_slow(text);
            match scan(text) {
                Some((canonical, facts)) => {
                    fast += 1;
                    let slow = slow
                        .unwrap_or_else(|e| panic!("{}: fast accepted, slow: {e}", p.display()));
                    assert!(canonical == slow, "{}: canonical bytes differ", p.display());
                    let doc = parse(text).unwrap();
                    assert_eq!(facts, Facts::read(&doc), "{}", p.display());
                }
                None => {
                    // Only documents the full parser rejects, or those outside the streaming
                    // subset (a processing instruction outside the root), may decline.
                    let name = p.display().to_string();
                    assert!(
                        slow.is_err() || name.contains("malformed"),
                        "{name}: declined"
                    );
                }
            }
        }
        assert!(fast >= files.len() - 2, "{fast} of {}", files.len());
    }

    /// Small deterministic generator for mutations.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    #[test]
    fn mutations_agree_or_decline() {
        const BITS: &[&[u8]] = &[
            b"<",
            b">",
            b"&",
            b"\"",
            b"'",
            b"\r",
            b"\r\n",
            b" ",
            b":",
            b"=",
            b"/",
            b"!",
            b"?",
            b";",
            b"&amp;",
            b"&#x41;",
            b"&#13;",
            b"&#0;",
            b"&foo;",
            b"<!-- c -->",
            b"<![CDATA[x<y]]>",
            b"<?pi data?>",
            b"\x01",
            b"\t",
            b"\n",
            b"xmlns:z=\"urn:z\" ",
            b" b=\"1\"",
            b" a=\"2\"",
            b"\xD8\xB4",
            b"<x/>",
            b"</x>",
            b"]]>",
            b"--",
        ];
        let files = corpus();
        let picks: Vec<&PathBuf> = files.iter().step_by(files.len() / 8).collect();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut agreed, mut declined) = (0, 0);
        for p in picks {
            let base = std::fs::read(p).unwrap();
            for _ in 0..60 {
                let mut m = base.clone();
                for _ in 0..1 + rng.below(2) {
                    let at = rng.below(m.len());
                    match rng.below(3) {
                        0 => {
                            m.remove(at);
                        }
                        1 => {
                            let bit = BITS[rng.below(BITS.len())];
                            m.splice(at..at, bit.iter().copied());
                        }
                        _ => {
                            let len = rng.below(40).min(m.len() - at);
                            let piece: Vec<u8> = m[at..at + len].to_vec();
                            let to = rng.below(m.len());
                            m.splice(to..to, piece);
                        }
                    }
                }
                let Ok(text) = std::str::from_utf8(strip_bom(&m)) else {
                    continue;
                };
                let slow = canonicalize_slow(text);
                match scan(text) {
                    Some((canonical, _)) => {
                        agreed += 1;
                        match slow {
                            Ok(s) => assert!(
                                s == canonical,
                                "{}: differs on mutation:\n{}",
                                p.display(),
                                text
                            ),
                            Err(e) => panic!(
                                "{}: fast accepted what the parser rejects ({e}):\n{text}",
                                p.display()
                            ),
                        }
                    }
                    None => declined += 1,
                }
            }
        }
        assert!(
            agreed > 100 && declined > 100,
            "agreed {agreed}, declined {declined}"
        );
    }

    #[test]
    fn token_soup_agrees_or_declines() {
        const TOKENS: &[&str] = &[
            "<a>",
            "</a>",
            "<b x='1'>",
            "</b>",
            "<a/>",
            "<p:c xmlns:p=\"urn:p\">",
            "</p:c>",
            "text",
            " ",
            "\r\n",
            "&amp;",
            "&#38;",
            "&lt;",
            "<!--c-->",
            "<![CDATA[<&>]]>",
            "<?pi d?>",
            "<?xml version=\"1.0\"?>",
            "\"",
            "'",
            "=",
            ">",
            "<",
            "&",
            "ش",
            "\t",
        ];
        let mut rng = Rng(0xD1B5_4A32_D192_ED03);
        let mut agreed = 0;
        for _ in 0..3000 {
            let mut doc = String::new();
            for _ in 0..rng.below(12) {
                doc.push_str(TOKENS[rng.below(TOKENS.len())]);
            }
            if let Some((canonical, _)) = scan(&doc) {
                agreed += 1;
                assert_eq!(
                    canonicalize_slow(&doc).as_deref(),
                    Ok(canonical.as_slice()),
                    "{doc:?}"
                );
            }
        }
        assert!(agreed > 10, "{agreed}");
    }
}
