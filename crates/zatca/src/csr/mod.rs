//! Keys and certificate signing requests for an EGS unit, per ZATCA environment. (The small
//! certificate authority that issues CSIDs from them for the simulator and tests is the
//! `authority` crate, outside the engine.)
//!
//! The CSR has ZATCA's layout (the SDK's, checked against its output): subject C (printable),
//! OU, O, CN (UTF-8); an extension request with the certificate-template name (UTF-8 string,
//! OID 1.3.6.1.4.1.311.20.2) and a subjectAltName holding one directoryName with SN
//! (`1-…|2-…|3-…`), UID (VAT number), title (invoice types), registeredAddress and
//! businessCategory. Keys are ECDSA secp256k1.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use der::asn1::{Any, ObjectIdentifier, PrintableStringRef, Utf8StringRef};
use der::{Decode, Encode};
use k256::ecdsa::{DerSignature, SigningKey};
use x509_cert::attr::AttributeTypeAndValue;
use x509_cert::builder::{Builder, RequestBuilder};
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};

use crate::api::Environment;

/// OID of the Microsoft certificate-template-name extension ZATCA uses.
pub const TEMPLATE_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.20.2");
const SAN_OID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");
const C: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.6");
const OU: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.11");
const O: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
const CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const SN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.4");
const UID: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.9.2342.19200300.100.1.1");
const TITLE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.12");
const REGISTERED_ADDRESS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.26");
const BUSINESS_CATEGORY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.15");

/// The longest value of a name field, in UTF-8 bytes: longer names break at ZATCA.
pub const MAX_NAME_BYTES: usize = 127;

/// What is wrong with the CSR inputs.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CsrError {
    #[error("{field} is mandatory")]
    Missing { field: &'static str },
    #[error("{field} is {bytes} bytes in UTF-8; at most {max} are allowed")]
    TooLong {
        field: &'static str,
        bytes: usize,
        max: usize,
    },
    #[error("{field}: {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("CSR encoding failed: {0}")]
    Encoding(String),
}

/// The device's CSR fields, as in the SDK's `csr-config` properties.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CsrFields {
    /// CN: a unique name of the device (EGS unit).
    pub common_name: String,
    /// SN: `1-<solution name>|2-<model or version>|3-<serial number>`.
    pub serial_number: String,
    /// UID: the 15-digit VAT number.
    pub vat_number: String,
    /// OU: the branch name, or for a VAT group (11th VAT digit `1`) the member's 10-digit TIN.
    pub organization_unit: String,
    /// O: the taxpayer's name.
    pub organization: String,
    /// C: two-letter country code (`SA`).
    pub country: String,
    /// title: `1000` standard, `0100` simplified, `1100` both.
    pub invoice_types: String,
    /// registeredAddress: the branch address.
    pub location_address: String,
    /// businessCategory: the industry.
    pub business_category: String,
}

impl CsrFields {
    /// Reads the SDK's `csr-config` properties format (`csr.common.name=…` lines, UTF-8).
    pub fn from_properties(text: &str) -> Result<Self, CsrError> {
        let mut f = CsrFields::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(CsrError::Invalid {
                    field: "properties",
                    reason: format!("line {line:?} has no '='"),
                });
            };
            let value = value.trim().to_owned();
            match key.trim() {
                "csr.common.name" => f.common_name = value,
                "csr.serial.number" => f.serial_number = value,
                "csr.organization.identifier" => f.vat_number = value,
                "csr.organization.unit.name" => f.organization_unit = value,
                "csr.organization.name" => f.organization = value,
                "csr.country.name" => f.country = value,
                "csr.invoice.type" => f.invoice_types = value,
                "csr.location.address" => f.location_address = value,
                "csr.industry.business.category" => f.business_category = value,
                _ => {}
            }
        }
        Ok(f)
    }

    /// Checks every field: presence, byte limits, VAT number, invoice types, serial layout and the
    /// VAT-group rule for OU.
    pub fn validate(&self) -> Result<(), CsrError> {
        let fields: [(&'static str, &str); 9] = [
            ("common name", &self.common_name),
            ("serial number", &self.serial_number),
            ("organization identifier (VAT number)", &self.vat_number),
            ("organization unit name", &self.organization_unit),
            ("organization name", &self.organization),
            ("country name", &self.country),
            ("invoice type", &self.invoice_types),
            ("location address", &self.location_address),
            ("industry business category", &self.business_category),
        ];
        for (field, value) in fields {
            if value.trim().is_empty() {
                return Err(CsrError::Missing { field });
            }
            if value.len() > MAX_NAME_BYTES {
                return Err(CsrError::TooLong {
                    field,
                    bytes: value.len(),
                    max: MAX_NAME_BYTES,
                });
            }
        }
        let vat = self.vat_number.as_bytes();
        if vat.len() != 15
            || !vat.iter().all(u8::is_ascii_digit)
            || vat[0] != b'3'
            || vat[14] != b'3'
        {
            return Err(CsrError::Invalid {
                field: "organization identifier (VAT number)",
                reason: format!(
                    "{:?} is not 15 digits beginning and ending with 3",
                    self.vat_number
                ),
            });
        }
        if vat[10] == b'1' {
            let ou = self.organization_unit.as_bytes();
            if ou.len() != 10 || !ou.iter().all(u8::is_ascii_digit) {
                return Err(CsrError::Invalid {
                    field: "organization unit name",
                    reason: format!(
                        "for a VAT group (11th VAT digit 1) it must be the member's 10-digit TIN, not {:?}",
                        self.organization_unit
                    ),
                });
            }
        }
        if !matches!(self.invoice_types.as_str(), "1000" | "0100" | "1100") {
            return Err(CsrError::Invalid {
                field: "invoice type",
                reason: format!(
                    "{:?} is not 1000 (standard), 0100 (simplified) or 1100 (both)",
                    self.invoice_types
                ),
            });
        }
        if self.country.len() != 2 || !self.country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(CsrError::Invalid {
                field: "country name",
                reason: format!("{:?} is not a two-letter country code", self.country),
            });
        }
        let parts: Vec<&str> = self.serial_number.split('|').collect();
        let layout_ok = parts.len() == 3
            && parts
                .iter()
                .zip(["1-", "2-", "3-"])
                .all(|(p, pre)| p.len() > 2 && p.starts_with(pre));
        if !layout_ok {
            return Err(CsrError::Invalid {
                field: "serial number",
                reason: format!(
                    "{:?} is not 1-<solution>|2-<model>|3-<serial>",
                    self.serial_number
                ),
            });
        }
        Ok(())
    }
}

/// A generated CSR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csr {
    der: Vec<u8>,
}

impl Csr {
    /// The DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// PEM text (`-----BEGIN CERTIFICATE REQUEST-----`, LF line ends).
    pub fn pem(&self) -> String {
        let mut s = String::from("-----BEGIN CERTIFICATE REQUEST-----\n");
        let b64 = B64.encode(&self.der);
        for chunk in b64.as_bytes().chunks(64) {
            s.push_str(&String::from_utf8_lossy(chunk));
            s.push('\n');
        }
        s.push_str("-----END CERTIFICATE REQUEST-----\n");
        s
    }

    /// What the compliance API takes as `csr`: base64 of the PEM text.
    pub fn api_text(&self) -> String {
        B64.encode(self.pem())
    }
}

/// A new random secp256k1 signing key (from the operating system's random source).
pub fn generate_key() -> Result<SigningKey, CsrError> {
    use k256::elliptic_curve::Generate as _;
    SigningKey::try_generate().map_err(|e| CsrError::Encoding(format!("random source: {e}")))
}

/// The key as PKCS#8 PEM text (`-----BEGIN PRIVATE KEY-----`).
pub fn key_pem(key: &SigningKey) -> Result<String, CsrError> {
    use k256::pkcs8::EncodePrivateKey as _;
    key.to_pkcs8_pem(der::pem::LineEnding::LF)
        .map(|p| p.to_string())
        .map_err(|e| CsrError::Encoding(e.to_string()))
}

/// Builds and signs the CSR for `env` with `key`.
pub fn build_csr(fields: &CsrFields, env: Environment, key: &SigningKey) -> Result<Csr, CsrError> {
    fields.validate()?;
    let enc = |e: der::Error| CsrError::Encoding(e.to_string());
    let subject = name(&[
        (C, printable(&fields.country, "country name")?),
        (OU, utf8(&fields.organization_unit)?),
        (O, utf8(&fields.organization)?),
        (CN, utf8(&fields.common_name)?),
    ])?;
    let dir = name(&[
        (SN, utf8(&fields.serial_number)?),
        (UID, utf8(&fields.vat_number)?),
        (TITLE, utf8(&fields.invoice_types)?),
        (REGISTERED_ADDRESS, utf8(&fields.location_address)?),
        (BUSINESS_CATEGORY, utf8(&fields.business_category)?),
    ])?;
    let mut builder =
        RequestBuilder::new(subject).map_err(|e| CsrError::Encoding(e.to_string()))?;
    let template = Utf8StringRef::new(env.template_name()).map_err(enc)?;
    builder
        .add_extension((TEMPLATE_OID, false, &template))
        .map_err(enc)?;
    let san = SubjectAltName(vec![GeneralName::DirectoryName(dir)]);
    builder.add_extension((SAN_OID, false, &san)).map_err(enc)?;
    let req = builder
        .build::<_, DerSignature>(key)
        .map_err(|e| CsrError::Encoding(e.to_string()))?;
    Ok(Csr {
        der: req.to_der().map_err(enc)?,
    })
}

fn utf8(value: &str) -> Result<Any, CsrError> {
    Utf8StringRef::new(value)
        .and_then(|s| Any::encode_from(&s))
        .map_err(|e| CsrError::Encoding(e.to_string()))
}

fn printable(value: &str, field: &'static str) -> Result<Any, CsrError> {
    PrintableStringRef::new(value)
        .and_then(|s| Any::encode_from(&s))
        .map_err(|_| CsrError::Invalid {
            field,
            reason: format!("{value:?} is not printable ASCII"),
        })
}

/// A name with one attribute per RDN, in the given order.
fn name(attrs: &[(ObjectIdentifier, Any)]) -> Result<Name, CsrError> {
    let enc = |e: der::Error| CsrError::Encoding(e.to_string());
    let mut rdns = RdnSequence::default();
    for (oid, value) in attrs {
        let atv = AttributeTypeAndValue {
            oid: *oid,
            value: value.clone(),
        };
        rdns.push(RelativeDistinguishedName::try_from(vec![atv]).map_err(enc)?);
    }
    Name::from_der(&rdns.to_der().map_err(enc)?).map_err(enc)
}

/// Reads a CSR from DER, PEM, or the API's base64-of-PEM text.
pub fn parse_csr(input: &[u8]) -> Result<x509_cert::request::CertReq, CsrError> {
    let invalid = |reason: String| CsrError::Invalid {
        field: "CSR",
        reason,
    };
    let mut der = crate::stamp::decode_der(input, "CSR").map_err(invalid)?;
    if der.first() != Some(&0x30) {
        // base64 of the PEM text: decode once more
        der = crate::stamp::decode_der(&der, "CSR").map_err(invalid)?;
    }
    x509_cert::request::CertReq::from_der(&der).map_err(|e| invalid(e.to_string()))
}

/// PEM of a DER certificate.
pub fn certificate_pem(der: &[u8]) -> String {
    let mut s = String::from("-----BEGIN CERTIFICATE-----\n");
    for chunk in B64.encode(der).as_bytes().chunks(64) {
        s.push_str(&String::from_utf8_lossy(chunk));
        s.push('\n');
    }
    s.push_str("-----END CERTIFICATE-----\n");
    s
}

/// What a CSR says: its fields, its certificate template (and so its environment), its key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrInfo {
    pub fields: CsrFields,
    /// The certificate-template name, if the CSR carries one.
    pub template_name: Option<String>,
    /// The environment that template belongs to, if it is one of ZATCA's.
    pub environment: Option<Environment>,
    /// The DER SubjectPublicKeyInfo.
    pub public_key_der: Vec<u8>,
}

/// Reads a CSR (DER, PEM or the API's base64-of-PEM text): subject and SAN fields, template name.
/// Its own signature is checked by whoever issues the certificate (the `authority` crate), not here.
pub fn inspect_csr(input: &[u8]) -> Result<CsrInfo, CsrError> {
    let req = parse_csr(input)?;
    let enc = |e: der::Error| CsrError::Encoding(e.to_string());
    let mut fields = CsrFields::default();
    read_name(&req.info.subject, &mut fields);
    let mut template_name = None;
    for attr in req.info.attributes.iter() {
        if attr.oid != <x509_cert::request::ExtensionReq as der::oid::AssociatedOid>::OID {
            continue;
        }
        for value in attr.values.iter() {
            let exts: x509_cert::request::ExtensionReq = value.decode_as().map_err(enc)?;
            for ext in &exts.0 {
                read_extension(ext, &mut fields, &mut template_name)?;
            }
        }
    }
    let environment = template_name
        .as_deref()
        .and_then(Environment::from_template_name);
    Ok(CsrInfo {
        fields,
        environment,
        template_name,
        public_key_der: req.info.public_key.to_der().map_err(enc)?,
    })
}

/// The device fields a certificate carries (subject and SAN), as in its CSR.
pub fn certificate_fields(der: &[u8]) -> Result<CsrFields, CsrError> {
    let enc = |e: der::Error| CsrError::Encoding(e.to_string());
    let cert = x509_cert::Certificate::from_der(der).map_err(enc)?;
    let mut fields = CsrFields::default();
    read_name(cert.tbs_certificate().subject(), &mut fields);
    let mut template = None;
    for ext in cert.tbs_certificate().extensions().into_iter().flatten() {
        read_extension(ext, &mut fields, &mut template)?;
    }
    Ok(fields)
}

fn read_extension(
    ext: &x509_cert::ext::Extension,
    fields: &mut CsrFields,
    template: &mut Option<String>,
) -> Result<(), CsrError> {
    let enc = |e: der::Error| CsrError::Encoding(e.to_string());
    if ext.extn_id == TEMPLATE_OID {
        *template = Some(any_text(
            &Any::from_der(ext.extn_value.as_bytes()).map_err(enc)?,
        ));
    } else if ext.extn_id == SAN_OID {
        let san = SubjectAltName::from_der(ext.extn_value.as_bytes()).map_err(enc)?;
        for name in &san.0 {
            if let GeneralName::DirectoryName(dir) = name {
                read_name(dir, fields);
            }
        }
    }
    Ok(())
}

fn read_name(name: &Name, f: &mut CsrFields) {
    for atv in name.iter() {
        let v = any_text(&atv.value);
        let slot = match atv.oid {
            o if o == C => &mut f.country,
            o if o == OU => &mut f.organization_unit,
            o if o == O => &mut f.organization,
            o if o == CN => &mut f.common_name,
            o if o == SN => &mut f.serial_number,
            o if o == UID => &mut f.vat_number,
            o if o == TITLE => &mut f.invoice_types,
            o if o == REGISTERED_ADDRESS => &mut f.location_address,
            o if o == BUSINESS_CATEGORY => &mut f.business_category,
            _ => continue,
        };
        *slot = v;
    }
}

/// The text of a directory string (UTF8String, PrintableString, IA5String).
fn any_text(value: &Any) -> String {
    use der::asn1::Ia5StringRef;
    Utf8StringRef::try_from(value)
        .map(|s| s.as_str().to_owned())
        .or_else(|_| PrintableStringRef::try_from(value).map(|s| s.as_str().to_owned()))
        .or_else(|_| Ia5StringRef::try_from(value).map(|s| s.as_str().to_owned()))
        .unwrap_or_default()
}
