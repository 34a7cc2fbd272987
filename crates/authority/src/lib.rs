//! A small certificate authority that issues ZATCA-shaped CSID certificates from a CSR: the
//! subject, public key and requested extensions (template name, SAN directory name) of the CSR,
//! the CA as issuer, plus key identifiers and a critical digitalSignature key usage.
//!
//! It is a tool for the local FATOORA simulator (`fatoora-sim`) and for tests; the engine the
//! shop runs (`zatca`) never issues certificates, ZATCA does. Every input is an argument (no
//! clock, no randomness).

use chrono::{DateTime, Utc};
use der::asn1::OctetString;
use der::oid::AssociatedOid as _;
use der::{Decode, Encode};
use k256::ecdsa::signature::Verifier as _;
use k256::ecdsa::{DerSignature, Signature, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectKeyIdentifier,
};
use x509_cert::name::Name;
use x509_cert::request::{CertReq, ExtensionReq};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use x509_cert::time::{Time, Validity};

use zatca::csr::CsrError;

/// Why a certificate could not be issued.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AuthorityError {
    #[error(transparent)]
    Csr(#[from] CsrError),
    #[error("the CSR's own signature does not verify")]
    CsrSignature,
    #[error("the CSR's public key is not a secp256k1 key")]
    CsrKey,
    #[error("serial number: {0}")]
    Serial(String),
    #[error("validity: {0}")]
    Validity(String),
    #[error("the CA key does not match the CA certificate")]
    KeyMismatch,
    #[error("certificate encoding failed: {0}")]
    Encoding(String),
}

fn enc<E: std::fmt::Display>(e: E) -> AuthorityError {
    AuthorityError::Encoding(e.to_string())
}

/// A certificate authority: its secp256k1 key and certificate.
#[derive(Debug, Clone)]
pub struct Authority {
    key: SigningKey,
    cert_der: Vec<u8>,
    subject: Name,
}

impl Authority {
    /// A self-signed root CA named `CN=<common_name>`.
    pub fn new_root(
        key: SigningKey,
        common_name: &str,
        serial: &[u8],
        not_before: DateTime<Utc>,
        not_after: DateTime<Utc>,
    ) -> Result<Self, AuthorityError> {
        let subject: Name = format!("CN={}", escape_rdn(common_name))
            .parse()
            .map_err(enc)?;
        let spki = SubjectPublicKeyInfoOwned::from_key(key.verifying_key()).map_err(enc)?;
        let profile = Profile {
            issuer: subject.clone(),
            subject,
            extensions: Vec::new(),
            ca: true,
        };
        let builder = CertificateBuilder::new(
            profile,
            serial_number(serial)?,
            validity(not_before, not_after)?,
            spki,
        )
        .map_err(enc)?;
        let cert = builder.build::<_, DerSignature>(&key).map_err(enc)?;
        Self::from_der(key, &cert.to_der().map_err(enc)?)
    }

    /// A CA from its key and DER certificate.
    pub fn from_der(key: SigningKey, cert_der: &[u8]) -> Result<Self, AuthorityError> {
        let cert = x509_cert::Certificate::from_der(cert_der).map_err(enc)?;
        let tbs = cert.tbs_certificate();
        let spki = tbs.subject_public_key_info().clone();
        let ours = SubjectPublicKeyInfoOwned::from_key(key.verifying_key()).map_err(enc)?;
        if ours != spki {
            return Err(AuthorityError::KeyMismatch);
        }
        Ok(Self {
            key,
            cert_der: cert_der.to_vec(),
            subject: tbs.subject().clone(),
        })
    }

    /// The CA certificate (DER).
    pub fn certificate_der(&self) -> &[u8] {
        &self.cert_der
    }

    /// Issues a CSID certificate for `csr` (DER, PEM or the API's base64-of-PEM text) after
    /// checking the CSR's own signature (low-S or high-S).
    pub fn issue(
        &self,
        csr: &[u8],
        serial: &[u8],
        not_before: DateTime<Utc>,
        not_after: DateTime<Utc>,
    ) -> Result<Vec<u8>, AuthorityError> {
        let req: CertReq = zatca::csr::parse_csr(csr)?;
        let info_der = req.info.to_der().map_err(enc)?;
        let point = req
            .info
            .public_key
            .subject_public_key
            .as_bytes()
            .ok_or(AuthorityError::CsrKey)?;
        let csr_key = VerifyingKey::from_sec1_bytes(point).map_err(|_| AuthorityError::CsrKey)?;
        let sig_bytes = req
            .signature
            .as_bytes()
            .ok_or(AuthorityError::CsrSignature)?;
        // ECDSA accepts (r, s) and (r, n - s) alike; ZATCA's SDK signs CSRs with either, and the
        // verifier takes the low-S form only, so S is normalized first.
        let sig = Signature::from_der(sig_bytes)
            .map_err(|_| AuthorityError::CsrSignature)?
            .normalize_s();
        csr_key
            .verify(&info_der, &sig)
            .map_err(|_| AuthorityError::CsrSignature)?;

        let mut extensions = Vec::new();
        for attr in req.info.attributes.iter() {
            if attr.oid == x509_cert::request::ExtensionReq::OID {
                for value in attr.values.iter() {
                    let ext: ExtensionReq = value.decode_as().map_err(enc)?;
                    extensions.extend(ext.0);
                }
            }
        }
        let profile = Profile {
            issuer: self.subject.clone(),
            subject: req.info.subject.clone(),
            extensions,
            ca: false,
        };
        let builder = CertificateBuilder::new(
            profile,
            serial_number(serial)?,
            validity(not_before, not_after)?,
            req.info.public_key.clone(),
        )
        .map_err(enc)?;
        let cert = builder.build::<_, DerSignature>(&self.key).map_err(enc)?;
        cert.to_der().map_err(enc)
    }
}

struct Profile {
    issuer: Name,
    subject: Name,
    extensions: Vec<Extension>,
    ca: bool,
}

impl BuilderProfile for Profile {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        issuer_spk: SubjectPublicKeyInfoRef<'_>,
        _tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let mut out = self.extensions.clone();
        let ski = SubjectKeyIdentifier(key_id(spk.subject_public_key.raw_bytes())?);
        out.push(extension(SubjectKeyIdentifier::OID, false, &ski)?);
        if !self.ca {
            let aki = AuthorityKeyIdentifier {
                key_identifier: Some(key_id(issuer_spk.subject_public_key.raw_bytes())?),
                authority_cert_issuer: None,
                authority_cert_serial_number: None,
            };
            out.push(extension(AuthorityKeyIdentifier::OID, false, &aki)?);
        }
        let usage = if self.ca {
            KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign)
        } else {
            KeyUsage(KeyUsages::DigitalSignature.into())
        };
        out.push(extension(KeyUsage::OID, true, &usage)?);
        if self.ca {
            let bc = BasicConstraints {
                ca: true,
                path_len_constraint: Some(0),
            };
            out.push(extension(BasicConstraints::OID, true, &bc)?);
        }
        Ok(out)
    }
}

fn extension<T: Encode>(
    oid: der::asn1::ObjectIdentifier,
    critical: bool,
    value: &T,
) -> der::Result<Extension> {
    Ok(Extension {
        extn_id: oid,
        critical,
        extn_value: OctetString::new(value.to_der()?)?,
    })
}

/// A key identifier: the first 20 bytes of SHA-256 of the public key bits.
fn key_id(public_key: &[u8]) -> der::Result<OctetString> {
    OctetString::new(&Sha256::digest(public_key)[..20])
}

fn serial_number(bytes: &[u8]) -> Result<SerialNumber, AuthorityError> {
    let trimmed: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    if trimmed.is_empty() || trimmed.len() > 19 {
        return Err(AuthorityError::Serial(format!(
            "{} significant bytes; a serial number needs 1 to 19",
            trimmed.len()
        )));
    }
    let mut positive = trimmed;
    if positive[0] & 0x80 != 0 {
        positive.insert(0, 0);
    }
    SerialNumber::new(&positive).map_err(|e| AuthorityError::Serial(e.to_string()))
}

fn validity(
    not_before: DateTime<Utc>,
    not_after: DateTime<Utc>,
) -> Result<Validity, AuthorityError> {
    if not_after <= not_before {
        return Err(AuthorityError::Validity(
            "notAfter must be later than notBefore".into(),
        ));
    }
    let time = |t: DateTime<Utc>| -> Result<Time, AuthorityError> {
        let secs = u64::try_from(t.timestamp())
            .map_err(|_| AuthorityError::Validity(format!("{t} is before 1970")))?;
        der::DateTime::from_unix_duration(std::time::Duration::from_secs(secs))
            .map(Time::from)
            .map_err(|e| AuthorityError::Validity(e.to_string()))
    };
    Ok(Validity::new(time(not_before)?, time(not_after)?))
}

fn escape_rdn(value: &str) -> String {
    let mut s = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=') {
            s.push('\\');
        }
        s.push(c);
    }
    s
}
