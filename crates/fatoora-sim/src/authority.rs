//! The simulator's own secp256k1 test CA: it checks CSRs the way ZATCA does, issues compliance
//! and production certificates from them, and holds the stamp key with which clearance signs.

use ::authority::Authority as Ca;
use chrono::{DateTime, Utc};
use der::asn1::ObjectIdentifier;
use der::{Decode, Encode};
use k256::ecdsa::signature::Verifier as _;
use k256::ecdsa::{Signature, SigningKey, VerifyingKey};
use k256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::Name;
use x509_cert::request::ExtensionReq;
use zatca::api::Environment;
use zatca::csr::CsrFields;

use crate::document::{Facts, strip_signed_parts};
use crate::store::Store;

const OID_TEMPLATE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.311.20.2");
const OID_SAN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");
const OID_EXT_REQ: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.14");
const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");
const OID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const OID_C: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.6");
const OID_O: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
const OID_OU: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.11");
const OID_CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const OID_SN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.4");
const OID_UID: ObjectIdentifier = ObjectIdentifier::new_unwrap("0.9.2342.19200300.100.1.1");
const OID_TITLE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.12");
const OID_ADDRESS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.26");
const OID_CATEGORY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.15");

const CA_NAME: &str = "Sanad FATOORA Simulator CA";

/// Why a CSR was refused; the message names the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsrError {
    #[error("the CSR's certificate template is `{found}`, this environment takes `{expected}`")]
    WrongTemplate { found: String, expected: String },
    #[error("invalid CSR: {0}")]
    Invalid(String),
}

impl CsrError {
    /// The plain strings ZATCA's `errors` carry for this refusal. A template of another
    /// environment is denied by the certificate services' policy module, in ZATCA's own words.
    pub fn zatca_errors(&self) -> Vec<String> {
        match self {
            CsrError::WrongTemplate { found, .. } => vec![format!(
                "unable to submit and sign the csr in zatca side, caused : Denied by Policy Module 0x80094800, The request was for a certificate template that is not supported by the Active Directory Certificate Services policy: {found}.\r\n"
            )],
            CsrError::Invalid(reason) => vec![reason.clone()],
        }
    }

    /// Whether the certificate services' policy denied it (ZATCA answers `requestID` -2).
    pub fn denied_by_policy(&self) -> bool {
        matches!(self, CsrError::WrongTemplate { .. })
    }
}

fn invalid(msg: impl Into<String>) -> CsrError {
    CsrError::Invalid(msg.into())
}

/// What the simulator keeps of a checked CSR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrFacts {
    pub der: Vec<u8>,
    pub template: String,
    pub common_name: String,
    pub vat: String,
    pub title: String,
    pub serial: String,
}

/// The CA and the clearance stamp.
pub struct Authority {
    ca: Ca,
    ca_key: VerifyingKey,
    ca_subject: Name,
    stamp_key: SigningKey,
    stamp_cert_der: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthorityError {
    #[error("state database: {0}")]
    Store(#[from] rusqlite::Error),
    #[error("{0}")]
    Crypto(String),
}

fn crypto(e: impl std::fmt::Display) -> AuthorityError {
    AuthorityError::Crypto(e.to_string())
}

fn years(now: DateTime<Utc>, n: i64) -> DateTime<Utc> {
    now + chrono::Duration::days(365 * n)
}

/// Whether a certificate is within its validity at `now` (an expired CSID gets 401).
pub fn valid_at(cert_der: &[u8], now: DateTime<Utc>) -> bool {
    let Ok(cert) = x509_cert::Certificate::from_der(cert_der) else {
        return false;
    };
    let validity = cert.tbs_certificate().validity();
    let now = std::time::Duration::from_secs(u64::try_from(now.timestamp()).unwrap_or(0));
    validity.not_before.to_unix_duration() <= now && now < validity.not_after.to_unix_duration()
}

fn text_of(value: &der::Any) -> Option<String> {
    std::str::from_utf8(value.value()).ok().map(str::to_owned)
}

fn attr(name: &Name, oid: ObjectIdentifier) -> Option<String> {
    name.iter()
        .find(|a| a.oid == oid)
        .and_then(|a| text_of(&a.value))
}

impl Authority {
    /// Loads the CA and stamp from the state, or creates them on first start.
    pub fn load_or_create(store: &Store, now: DateTime<Utc>) -> Result<Self, AuthorityError> {
        let ca = match store.key_pair("ca")? {
            Some((key, cert)) => {
                let key = SigningKey::from_pkcs8_der(&key).map_err(crypto)?;
                Ca::from_der(key, &cert).map_err(crypto)?
            }
            None => {
                let key = zatca::csr::generate_key().map_err(crypto)?;
                let ca = Ca::new_root(key.clone(), CA_NAME, &[1], now, years(now, 10))
                    .map_err(crypto)?;
                let key_der = key.to_pkcs8_der().map_err(crypto)?;
                store.save_key_pair("ca", key_der.as_bytes(), ca.certificate_der())?;
                ca
            }
        };
        let (stamp_key, stamp_cert_der) = match store.key_pair("stamp")? {
            Some((key, cert)) => (SigningKey::from_pkcs8_der(&key).map_err(crypto)?, cert),
            None => {
                let key = zatca::csr::generate_key().map_err(crypto)?;
                let fields = CsrFields {
                    common_name: "Sanad FATOORA Simulator Clearance Stamp".into(),
                    serial_number: "1-Sanad|2-Simulator|3-clearance-stamp".into(),
                    vat_number: "300000000000003".into(),
                    organization_unit: "Clearance".into(),
                    organization: "Sanad FATOORA Simulator".into(),
                    country: "SA".into(),
                    invoice_types: "1100".into(),
                    location_address: "Riyadh".into(),
                    business_category: "E-invoicing".into(),
                };
                let csr = zatca::csr::build_csr(&fields, Environment::Production, &key)
                    .map_err(crypto)?;
                let cert = ca
                    .issue(csr.der(), &[2], now, years(now, 10))
                    .map_err(crypto)?;
                let key_der = key.to_pkcs8_der().map_err(crypto)?;
                store.save_key_pair("stamp", key_der.as_bytes(), &cert)?;
                (key, cert)
            }
        };
        let ca_cert = x509_cert::Certificate::from_der(ca.certificate_der()).map_err(crypto)?;
        let ca_key = VerifyingKey::from_sec1_bytes(
            ca_cert
                .tbs_certificate()
                .subject_public_key_info()
                .subject_public_key
                .raw_bytes(),
        )
        .map_err(crypto)?;
        Ok(Self {
            ca_subject: ca_cert.tbs_certificate().subject().clone(),
            ca,
            ca_key,
            stamp_key,
            stamp_cert_der,
        })
    }

    /// Whether this CA issued `cert_der`: its issuer is the CA and its signature verifies with
    /// the CA's key.
    pub fn issued(&self, cert_der: &[u8]) -> bool {
        let Ok(cert) = x509_cert::Certificate::from_der(cert_der) else {
            return false;
        };
        let Ok(tbs) = cert.tbs_certificate().to_der() else {
            return false;
        };
        let Some(sig) = cert
            .signature()
            .as_bytes()
            .and_then(|b| Signature::from_der(b).ok())
        else {
            return false;
        };
        cert.tbs_certificate().issuer() == &self.ca_subject
            && self.ca_key.verify(&tbs, &sig.normalize_s()).is_ok()
    }

    /// The CA certificate (DER), for whoever wants to check a chain.
    pub fn ca_certificate_der(&self) -> Vec<u8> {
        self.ca.certificate_der().to_vec()
    }

    /// Checks a CSR (PEM text or DER) as ZATCA does, including this environment's template.
    pub fn check_csr(&self, csr: &[u8], template: &str) -> Result<CsrFacts, CsrError> {
        let facts = self.csr_facts(csr)?;
        if facts.template != template {
            return Err(CsrError::WrongTemplate {
                found: facts.template,
                expected: template.into(),
            });
        }
        Ok(facts)
    }

    /// Reads and checks a CSR without looking at its template.
    pub fn csr_facts(&self, csr: &[u8]) -> Result<CsrFacts, CsrError> {
        let req = zatca::csr::parse_csr(csr).map_err(|e| invalid(e.to_string()))?;
        let der = req.to_der().map_err(|e| invalid(e.to_string()))?;
        // Key: EC on secp256k1.
        let spki = &req.info.public_key;
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
        if spki.algorithm.oid != OID_EC || curve != Some(OID_SECP256K1) {
            return Err(invalid("the public key must be ECDSA on secp256k1"));
        }
        let key = VerifyingKey::from_sec1_bytes(spki.subject_public_key.raw_bytes())
            .map_err(|e| invalid(format!("public key: {e}")))?;
        // Self-signature.
        if req.algorithm.oid != OID_ECDSA_SHA256 {
            return Err(invalid("the CSR must be signed with ecdsa-with-SHA256"));
        }
        let info = req.info.to_der().map_err(|e| invalid(e.to_string()))?;
        // Signers such as ZATCA's SDK may emit high-S signatures; ECDSA accepts both forms.
        let sig = Signature::from_der(req.signature.raw_bytes())
            .map_err(|e| invalid(format!("signature: {e}")))?
            .normalize_s();
        key.verify(&info, &sig)
            .map_err(|_| invalid("the CSR's signature does not verify with its own key"))?;
        // Subject.
        let subject = &req.info.subject;
        let need = |oid, field: &str| {
            attr(subject, oid)
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| invalid(format!("subject {field} is missing")))
        };
        if need(OID_C, "C (country)")? != "SA" {
            return Err(invalid("subject C must be SA"));
        }
        need(OID_O, "O (organisation)")?;
        need(OID_OU, "OU (organisation unit)")?;
        let common_name = need(OID_CN, "CN (common name)")?;
        // Extensions.
        let extensions: Vec<Extension> = req
            .info
            .attributes
            .iter()
            .filter(|a| a.oid == OID_EXT_REQ)
            .flat_map(|a| a.values.iter())
            .filter_map(|v| v.decode_as::<ExtensionReq>().ok())
            .flat_map(|r| r.0)
            .collect();
        let template = extensions
            .iter()
            .find(|e| e.extn_id == OID_TEMPLATE)
            .and_then(|e| der::Any::from_der(e.extn_value.as_bytes()).ok())
            .and_then(|any| text_of(&any))
            .ok_or_else(|| {
                invalid("the certificate template extension (1.3.6.1.4.1.311.20.2) is missing")
            })?;
        let san = extensions
            .iter()
            .find(|e| e.extn_id == OID_SAN)
            .ok_or_else(|| invalid("subjectAltName is missing"))?;
        let san = SubjectAltName::from_der(san.extn_value.as_bytes())
            .map_err(|e| invalid(format!("subjectAltName: {e}")))?;
        let dir = san
            .0
            .iter()
            .find_map(|g| match g {
                GeneralName::DirectoryName(n) => Some(n),
                _ => None,
            })
            .ok_or_else(|| invalid("subjectAltName has no directoryName"))?;
        let san_need = |oid, field: &str| {
            attr(dir, oid)
                .filter(|v| !v.trim().is_empty())
                .ok_or_else(|| invalid(format!("subjectAltName {field} is missing")))
        };
        let serial = san_need(OID_SN, "SN (1-solution|2-model|3-serial)")?;
        let parts: Vec<&str> = serial.split('|').collect();
        if parts.len() != 3
            || !parts[0].starts_with("1-")
            || !parts[1].starts_with("2-")
            || !parts[2].starts_with("3-")
        {
            return Err(invalid(format!(
                "subjectAltName SN must be `1-…|2-…|3-…`, found `{serial}`"
            )));
        }
        let vat = san_need(OID_UID, "UID (VAT number)")?;
        if vat.len() != 15
            || !vat.bytes().all(|b| b.is_ascii_digit())
            || !vat.starts_with('3')
            || !vat.ends_with('3')
        {
            return Err(invalid(format!(
                "subjectAltName UID must be a 15-digit VAT number starting and ending with 3, found `{vat}`"
            )));
        }
        let title = san_need(OID_TITLE, "title (invoice types)")?;
        if !matches!(title.as_str(), "1000" | "0100" | "1100") {
            return Err(invalid(format!(
                "subjectAltName title must be 1000, 0100 or 1100, found `{title}`"
            )));
        }
        san_need(OID_ADDRESS, "registeredAddress")?;
        san_need(OID_CATEGORY, "businessCategory")?;
        Ok(CsrFacts {
            der,
            template,
            common_name,
            vat,
            title,
            serial,
        })
    }

    /// Issues a certificate for a checked CSR: its subject, key and extensions, signed by the CA.
    pub fn issue(
        &self,
        csr: &CsrFacts,
        serial: i64,
        not_before: DateTime<Utc>,
        not_after: DateTime<Utc>,
    ) -> Result<Vec<u8>, AuthorityError> {
        self.ca
            .issue(&csr.der, &serial.to_be_bytes(), not_before, not_after)
            .map_err(crypto)
    }

    /// ZATCA's clearance stamp: the submitted document keeps every byte of its content; its
    /// signature block, QR reference and `cac:Signature` are replaced by the stamp's own
    /// (signed with the simulator's stamp key). The invoice hash does not change.
    pub fn stamp_cleared(
        &self,
        xml: &[u8],
        facts: &Facts,
        now: DateTime<Utc>,
    ) -> Result<Vec<u8>, String> {
        let unsigned = strip_signed_parts(xml, &facts.signed_parts);
        let cert = zatca::stamp::Certificate::from_der(&self.stamp_cert_der)
            .map_err(|e| format!("stamp certificate: {e}"))?;
        let signer = zatca::stamp::Signer::new(self.stamp_key.clone(), cert)
            .map_err(|e| format!("stamp key: {e}"))?;
        let signed = zatca::stamp::sign(&unsigned, &signer, now.naive_utc())
            .map_err(|e| format!("cannot stamp the cleared invoice: {e}"))?;
        Ok(signed.xml)
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use k256::ecdsa::DerSignature;
    use x509_cert::builder::{Builder, RequestBuilder};
    use x509_cert::request::CertReq;

    use super::*;

    fn authority() -> (tempfile::TempDir, Authority) {
        let dir = tempfile::tempdir().expect("tempdir");
        let store = Store::open(&dir.path().join("s.sqlite")).expect("store");
        let a = Authority::load_or_create(&store, Utc::now()).expect("authority");
        (dir, a)
    }

    fn fields() -> CsrFields {
        CsrFields {
            common_name: "TST-1-399999999900003".into(),
            serial_number: "1-Sanad|2-1|3-abc".into(),
            vat_number: "399999999900003".into(),
            organization_unit: "Riyadh Branch".into(),
            organization: "Maximum Speed Tech Supply LTD".into(),
            country: "SA".into(),
            invoice_types: "0100".into(),
            location_address: "RRRD2929".into(),
            business_category: "Supply activities".into(),
        }
    }

    #[test]
    fn reads_and_checks_an_engine_csr() {
        let (_dir, a) = authority();
        let key = zatca::csr::generate_key().expect("key");
        let csr = zatca::csr::build_csr(&fields(), Environment::Simulation, &key).expect("csr");
        let f = a
            .check_csr(csr.pem().as_bytes(), "PREZATCA-Code-Signing")
            .expect("valid");
        assert_eq!(
            (f.vat.as_str(), f.title.as_str()),
            ("399999999900003", "0100")
        );
        assert_eq!(
            a.check_csr(csr.der(), "ZATCA-Code-Signing"),
            Err(CsrError::WrongTemplate {
                found: "PREZATCA-Code-Signing".into(),
                expected: "ZATCA-Code-Signing".into()
            })
        );
        let now = Utc::now();
        let cert = a
            .issue(&f, 7, now, now + chrono::Duration::days(1))
            .expect("issued");
        let cert = zatca::stamp::Certificate::from_der(&cert).expect("certificate");
        assert_eq!(cert.public_key(), key.verifying_key());
        assert_eq!(cert.serial_decimal(), "7");
    }

    #[test]
    fn issues_from_an_sdk_csr_with_a_high_s_signature() {
        let (_dir, a) = authority();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../vendor/zatca-sdk/extra/sdk-evidence/cases/csr-en-group-nonproduction");
        let csr = std::fs::read(dir.join("sdk.csr")).expect("SDK CSR");
        let f = a.check_csr(&csr, "TSTZATCA-Code-Signing").expect("valid");
        let req = CertReq::from_der(&f.der).expect("CSR");
        let sig = Signature::from_der(req.signature.raw_bytes()).expect("signature");
        assert_ne!(sig.normalize_s(), sig, "kept as sent, high-S");
        let now = Utc::now();
        let cert = a
            .issue(&f, 8, now, now + chrono::Duration::days(1))
            .expect("issued");
        assert!(a.issued(&cert), "issued by this CA");
        let other = Authority::load_or_create(
            &Store::open(&_dir.path().join("other.sqlite")).expect("store"),
            now,
        )
        .expect("another CA");
        assert!(!other.issued(&cert), "not issued by another CA");
        let cert = zatca::stamp::Certificate::from_der(&cert).expect("certificate");
        assert_eq!(
            cert.public_key(),
            &VerifyingKey::from_sec1_bytes(req.info.public_key.subject_public_key.raw_bytes())
                .expect("key")
        );
    }

    #[test]
    fn names_what_a_csr_lacks() {
        let (_dir, a) = authority();
        let key = zatca::csr::generate_key().expect("key");
        let subject = Name::from_str("CN=EGS1,O=Shop,OU=Riyadh,C=SA").expect("name");
        let rb = RequestBuilder::new(subject).expect("builder");
        let req = rb.build::<_, DerSignature>(&key).expect("csr");
        let der = req.to_der().expect("der");
        assert_eq!(
            a.check_csr(&der, "TSTZATCA-Code-Signing"),
            Err(CsrError::Invalid(
                "the certificate template extension (1.3.6.1.4.1.311.20.2) is missing".into()
            ))
        );
        // A tampered CSR does not verify.
        let mut bad = der.clone();
        let at = bad.len() / 3;
        bad[at] ^= 1;
        assert!(a.check_csr(&bad, "TSTZATCA-Code-Signing").is_err());
    }
}
