//! The signing certificate (CSID) as the stamp needs it: its base64 text, digest, issuer name,
//! decimal serial number, public key and signature bytes, all computed once.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use der::{Decode, Encode};
use k256::ecdsa::VerifyingKey;
use sha2::{Digest, Sha256};

/// What is wrong with a certificate or key given to the stamp.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CertError {
    #[error("certificate: not base64, PEM or DER ({0})")]
    Encoding(String),
    #[error("certificate: not an X.509 certificate ({0})")]
    Der(String),
    #[error("certificate: public key is not an EC secp256k1 key ({0})")]
    PublicKey(String),
    #[error("private key: not a secp256k1 key in SEC1 or PKCS#8 form ({0})")]
    PrivateKey(String),
    #[error("private key does not belong to the certificate's public key")]
    KeyMismatch,
}

/// A parsed signing certificate with every value the XAdES block and the QR need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    der: Vec<u8>,
    base64: String,
    digest: String,
    issuer: String,
    serial: String,
    spki: Vec<u8>,
    signature: Vec<u8>,
    public_key: VerifyingKey,
    /// `notBefore` and `notAfter`, seconds since the Unix epoch.
    validity: (u64, u64),
}

impl Certificate {
    /// Reads a certificate from DER bytes, PEM text, or the bare base64 text ZATCA hands out
    /// (the body of a PEM without its header lines, as in the SDK's `cert.pem`).
    pub fn from_any(input: &[u8]) -> Result<Self, CertError> {
        let der = decode_any(input, "CERTIFICATE").map_err(CertError::Encoding)?;
        Self::from_der(&der)
    }

    /// Reads a DER certificate.
    pub fn from_der(der: &[u8]) -> Result<Self, CertError> {
        let cert =
            x509_cert::Certificate::from_der(der).map_err(|e| CertError::Der(e.to_string()))?;
        let tbs = cert.tbs_certificate();
        let spki = tbs
            .subject_public_key_info()
            .to_der()
            .map_err(|e| CertError::Der(e.to_string()))?;
        let point = tbs
            .subject_public_key_info()
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| CertError::PublicKey("unaligned bit string".into()))?;
        let public_key = VerifyingKey::from_sec1_bytes(point)
            .map_err(|e| CertError::PublicKey(e.to_string()))?;
        let signature = cert
            .signature()
            .as_bytes()
            .ok_or_else(|| CertError::Der("unaligned signature bit string".into()))?
            .to_vec();
        let base64 = B64.encode(der);
        let digest = hex_digest_b64(base64.as_bytes());
        let v = tbs.validity();
        let validity = (
            v.not_before.to_unix_duration().as_secs(),
            v.not_after.to_unix_duration().as_secs(),
        );
        Ok(Self {
            validity,
            der: der.to_vec(),
            digest,
            base64,
            issuer: issuer_text(tbs.issuer()),
            serial: decimal(tbs.serial_number().as_bytes()),
            spki,
            signature,
            public_key,
        })
    }

    /// The certificate's `notBefore`.
    pub fn not_before(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::from_timestamp(i64::try_from(self.validity.0).ok()?, 0)
    }

    /// The certificate's `notAfter`: a CSID is renewed before it.
    pub fn not_after(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        chrono::DateTime::from_timestamp(i64::try_from(self.validity.1).ok()?, 0)
    }

    /// The DER bytes.
    pub fn der(&self) -> &[u8] {
        &self.der
    }
    /// Base64 of the DER, on one line: the `ds:X509Certificate` text.
    pub fn base64(&self) -> &str {
        &self.base64
    }
    /// The XAdES certificate digest: base64 of the lowercase hex SHA-256 of [`Self::base64`].
    pub fn digest(&self) -> &str {
        &self.digest
    }
    /// The issuer as `CN=…, DC=…` (most significant last), as the SDK writes it.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }
    /// The serial number in decimal.
    pub fn serial_decimal(&self) -> &str {
        &self.serial
    }
    /// The DER SubjectPublicKeyInfo (QR tag 8).
    pub fn public_key_der(&self) -> &[u8] {
        &self.spki
    }
    /// The certificate's own signature bytes (QR tag 9).
    pub fn signature_bytes(&self) -> &[u8] {
        &self.signature
    }
    /// The public key, for verifying signatures.
    pub fn public_key(&self) -> &VerifyingKey {
        &self.public_key
    }
}

/// Reads a secp256k1 private key from DER, PEM or bare base64 text, in SEC1 (`EC PRIVATE KEY`)
/// or PKCS#8 form.
pub fn signing_key_from_any(input: &[u8]) -> Result<k256::ecdsa::SigningKey, CertError> {
    use k256::pkcs8::DecodePrivateKey as _;
    let der = decode_any(input, "PRIVATE KEY").map_err(CertError::PrivateKey)?;
    if let Ok(k) = k256::SecretKey::from_sec1_der(&der) {
        return Ok(k.into());
    }
    k256::SecretKey::from_pkcs8_der(&der)
        .map(Into::into)
        .map_err(|e| CertError::PrivateKey(e.to_string()))
}

/// DER from DER, PEM (any label) or bare base64 text.
pub(crate) fn decode_any(input: &[u8], what: &str) -> Result<Vec<u8>, String> {
    if input.first() == Some(&0x30) {
        return Ok(input.to_vec());
    }
    let text = std::str::from_utf8(input).map_err(|_| format!("{what} is neither DER nor text"))?;
    let body: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("-----"))
        .flat_map(|l| l.chars().filter(|c| !c.is_whitespace()))
        .collect();
    if body.is_empty() {
        return Err(format!("{what} is empty"));
    }
    B64.decode(body.as_bytes())
        .map_err(|e| format!("{what} base64: {e}"))
}

/// base64 of the lowercase hex SHA-256 of `bytes` (ZATCA's digest form for XAdES values).
pub(crate) fn hex_digest_b64(bytes: &[u8]) -> String {
    let d = Sha256::digest(bytes);
    let mut hex = [0u8; 64];
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (i, b) in d.iter().enumerate() {
        hex[2 * i] = HEX[usize::from(b >> 4)];
        hex[2 * i + 1] = HEX[usize::from(b & 15)];
    }
    B64.encode(hex)
}

fn issuer_text(name: &x509_cert::name::Name) -> String {
    let rdns: Vec<String> = name.iter_rdn().map(ToString::to_string).collect();
    let mut out = String::new();
    for (i, rdn) in rdns.iter().rev().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(rdn);
    }
    out
}

/// Unsigned big-endian bytes to decimal text.
fn decimal(bytes: &[u8]) -> String {
    let mut num: Vec<u8> = bytes.iter().copied().skip_while(|b| *b == 0).collect();
    if num.is_empty() {
        return "0".into();
    }
    let mut digits = Vec::new();
    while !num.is_empty() {
        let mut rem = 0u32;
        for b in num.iter_mut() {
            let cur = (rem << 8) | u32::from(*b);
            *b = u8::try_from(cur / 10).unwrap_or(0);
            rem = cur % 10;
        }
        digits.push(b'0' + u8::try_from(rem).unwrap_or(0));
        let lead = num.iter().take_while(|b| **b == 0).count();
        num.drain(..lead);
    }
    digits.reverse();
    String::from_utf8(digits).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimal_serials() {
        assert_eq!(decimal(&[0]), "0");
        assert_eq!(decimal(&[1, 0]), "256");
        assert_eq!(decimal(&[0x00, 0xff, 0xff]), "65535");
        assert_eq!(
            decimal(&[
                0x11, 0x00, 0x00, 0x38, 0x03, 0xc5, 0xf7, 0x40, 0x23, 0xb3, 0xfc, 0x5c, 0x5f, 0x00,
                0x01, 0x00, 0x00, 0x38, 0x03
            ]),
            "379112742831380471835263969587287663520528387"
        );
    }
}
