//! The XAdES-BES signature block in ZATCA's layout (the SDK's own template and whitespace), and
//! the SignedProperties digest.

use super::cert::{Certificate, hex_digest_b64};

/// Writes `xades:SignedProperties` with the SDK's indentation. `namespaces` chooses the form:
/// `false` as embedded in the document, `true` in exclusive-C14N form (each element declares the
/// namespace it uses), which is what its digest is taken over.
fn signed_properties(out: &mut String, signing_time: &str, cert: &Certificate, namespaces: bool) {
    let (xades, ds) = if namespaces {
        (
            concat!(" xmlns:xades=\"", "http://uri.etsi.org/01903/v1.3.2#", "\""),
            concat!(" xmlns:ds=\"", "http://www.w3.org/2000/09/xmldsig#", "\""),
        )
    } else {
        ("", "")
    };
    const I36: &str = "\n                                    ";
    const I40: &str = "\n                                        ";
    const I44: &str = "\n                                            ";
    const I48: &str = "\n                                                ";
    const I52: &str = "\n                                                    ";
    out.push_str("<xades:SignedProperties");
    out.push_str(xades);
    out.push_str(" Id=\"xadesSignedProperties\">");
    out.push_str(I36);
    out.push_str("<xades:SignedSignatureProperties>");
    out.push_str(I40);
    out.push_str("<xades:SigningTime>");
    out.push_str(signing_time);
    out.push_str("</xades:SigningTime>");
    out.push_str(I40);
    out.push_str("<xades:SigningCertificate>");
    out.push_str(I44);
    out.push_str("<xades:Cert>");
    out.push_str(I48);
    out.push_str("<xades:CertDigest>");
    out.push_str(I52);
    out.push_str("<ds:DigestMethod");
    out.push_str(ds);
    out.push_str(" Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>");
    out.push_str(I52);
    out.push_str("<ds:DigestValue");
    out.push_str(ds);
    out.push('>');
    out.push_str(cert.digest());
    out.push_str("</ds:DigestValue>");
    out.push_str(I48);
    out.push_str("</xades:CertDigest>");
    out.push_str(I48);
    out.push_str("<xades:IssuerSerial>");
    out.push_str(I52);
    out.push_str("<ds:X509IssuerName");
    out.push_str(ds);
    out.push('>');
    escape_text(out, cert.issuer());
    out.push_str("</ds:X509IssuerName>");
    out.push_str(I52);
    out.push_str("<ds:X509SerialNumber");
    out.push_str(ds);
    out.push('>');
    out.push_str(cert.serial_decimal());
    out.push_str("</ds:X509SerialNumber>");
    out.push_str(I48);
    out.push_str("</xades:IssuerSerial>");
    out.push_str(I44);
    out.push_str("</xades:Cert>");
    out.push_str(I40);
    out.push_str("</xades:SigningCertificate>");
    out.push_str(I36);
    out.push_str("</xades:SignedSignatureProperties>");
    out.push_str("\n                                ");
    out.push_str("</xades:SignedProperties>");
}

/// The SignedProperties element in the form its digest is taken over.
pub fn signed_properties_c14n(signing_time: &str, cert: &Certificate) -> String {
    let mut s = String::with_capacity(1400);
    signed_properties(&mut s, signing_time, cert, true);
    s
}

/// The SignedProperties digest: base64 of the lowercase hex SHA-256 of its canonical form.
pub fn signed_properties_digest(signing_time: &str, cert: &Certificate) -> String {
    hex_digest_b64(signed_properties_c14n(signing_time, cert).as_bytes())
}

/// The values that fill the signature block.
pub(crate) struct Block<'a> {
    pub invoice_hash: &'a str,
    pub signed_properties_digest: &'a str,
    pub signature_value: &'a str,
    pub signing_time: &'a str,
    pub cert: &'a Certificate,
    /// Extra namespace declarations for `ext:UBLExtensions` when the document's root does not
    /// bind `ext` / `cbc` to the UBL namespaces.
    pub extra_ns: &'a str,
}

/// Appends the whole `ext:UBLExtensions` element.
pub(crate) fn write_extensions(out: &mut Vec<u8>, b: &Block<'_>) {
    let mut s = String::with_capacity(5200);
    s.push_str("<ext:UBLExtensions");
    s.push_str(b.extra_ns);
    s.push_str(EXT_HEAD);
    s.push_str(b.invoice_hash);
    s.push_str(EXT_MID1);
    s.push_str(b.signed_properties_digest);
    s.push_str(EXT_MID2);
    s.push_str(b.signature_value);
    s.push_str(EXT_MID3);
    s.push_str(b.cert.base64());
    s.push_str(EXT_MID4);
    signed_properties(&mut s, b.signing_time, b.cert, false);
    s.push_str(EXT_TAIL);
    out.extend_from_slice(s.as_bytes());
}

/// Escapes character data for an element's text (also its canonical form).
pub(crate) fn escape_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            _ => out.push(c),
        }
    }
}

const EXT_HEAD: &str = concat!(
    ">\n    <ext:UBLExtension>",
    "\n        <ext:ExtensionURI>urn:oasis:names:specification:ubl:dsig:enveloped:xades</ext:ExtensionURI>",
    "\n        <ext:ExtensionContent>",
    "\n            <sig:UBLDocumentSignatures xmlns:sig=\"urn:oasis:names:specification:ubl:schema:xsd:CommonSignatureComponents-2\" xmlns:sac=\"urn:oasis:names:specification:ubl:schema:xsd:SignatureAggregateComponents-2\" xmlns:sbc=\"urn:oasis:names:specification:ubl:schema:xsd:SignatureBasicComponents-2\">",
    "\n                <sac:SignatureInformation> ",
    "\n                    <cbc:ID>urn:oasis:names:specification:ubl:signature:1</cbc:ID>",
    "\n                    <sbc:ReferencedSignatureID>urn:oasis:names:specification:ubl:signature:Invoice</sbc:ReferencedSignatureID>",
    "\n                    <ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" Id=\"signature\">",
    "\n                        <ds:SignedInfo>",
    "\n                            <ds:CanonicalizationMethod Algorithm=\"http://www.w3.org/2006/12/xml-c14n11\"/>",
    "\n                            <ds:SignatureMethod Algorithm=\"http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256\"/>",
    "\n                            <ds:Reference Id=\"invoiceSignedData\" URI=\"\">",
    "\n                                <ds:Transforms>",
    "\n                                    <ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\">",
    "\n                                        <ds:XPath>not(//ancestor-or-self::ext:UBLExtensions)</ds:XPath>",
    "\n                                    </ds:Transform>",
    "\n                                    <ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\">",
    "\n                                        <ds:XPath>not(//ancestor-or-self::cac:Signature)</ds:XPath>",
    "\n                                    </ds:Transform>",
    "\n                                    <ds:Transform Algorithm=\"http://www.w3.org/TR/1999/REC-xpath-19991116\">",
    "\n                                        <ds:XPath>not(//ancestor-or-self::cac:AdditionalDocumentReference[cbc:ID='QR'])</ds:XPath>",
    "\n                                    </ds:Transform>",
    "\n                                    <ds:Transform Algorithm=\"http://www.w3.org/2006/12/xml-c14n11\"/>",
    "\n                                </ds:Transforms>",
    "\n                                <ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>",
    "\n                                <ds:DigestValue>",
);
const EXT_MID1: &str = concat!(
    "</ds:DigestValue>",
    "\n                            </ds:Reference>",
    "\n                            <ds:Reference Type=\"http://www.w3.org/2000/09/xmldsig#SignatureProperties\" URI=\"#xadesSignedProperties\">",
    "\n                                <ds:DigestMethod Algorithm=\"http://www.w3.org/2001/04/xmlenc#sha256\"/>",
    "\n                                <ds:DigestValue>",
);
const EXT_MID2: &str = concat!(
    "</ds:DigestValue>",
    "\n                            </ds:Reference>",
    "\n                        </ds:SignedInfo>",
    "\n                        <ds:SignatureValue>",
);
const EXT_MID3: &str = concat!(
    "</ds:SignatureValue>",
    "\n                        <ds:KeyInfo>",
    "\n                            <ds:X509Data>",
    "\n                                <ds:X509Certificate>",
);
const EXT_MID4: &str = concat!(
    "</ds:X509Certificate>",
    "\n                            </ds:X509Data>",
    "\n                        </ds:KeyInfo>",
    "\n                        <ds:Object>",
    "\n                            <xades:QualifyingProperties xmlns:xades=\"http://uri.etsi.org/01903/v1.3.2#\" Target=\"signature\">",
    "\n                                ",
);
const EXT_TAIL: &str = concat!(
    "\n                            </xades:QualifyingProperties>",
    "\n                        </ds:Object>",
    "\n                    </ds:Signature>",
    "\n                </sac:SignatureInformation>",
    "\n            </sig:UBLDocumentSignatures>",
    "\n        </ext:ExtensionContent>",
    "\n    </ext:UBLExtension>",
    "\n</ext:UBLExtensions>",
);
