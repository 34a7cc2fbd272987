//! The secrets a running Sanad uses all day — each device's signing key and production CSID —
//! read from the keychain once (each read audited) and kept in memory only.

use std::collections::HashMap;
use std::sync::Mutex;

use k256::ecdsa::SigningKey;
use ledger::devices::Device;
use zatca::stamp::{Certificate, Signer};

use crate::books::Books;
use crate::error::{Class, Error};
use crate::secrets::{CsidSecret, Item, Purpose};

/// A device's key with the signer of its current certificate.
struct DeviceKey {
    key: SigningKey,
    /// The certificate PEM the signer was made with, and the signer.
    signer: Option<(String, Signer)>,
}

/// The in-memory keys of the devices of one books.
#[derive(Default)]
pub struct Keys {
    signers: Mutex<HashMap<String, DeviceKey>>,
    /// Production CSIDs by device UUID, with the certificate PEM they belong to.
    csids: Mutex<HashMap<String, (String, fatoora::Credentials)>>,
}

impl Keys {
    pub fn new() -> Self {
        Self::default()
    }

    /// The signer of `device`: its key (read once) with its current certificate (a renewal
    /// brings a new one).
    pub fn signer(&self, books: &Books, device: &Device) -> Result<Signer, Error> {
        let pem = device
            .certificate_pem
            .clone()
            .ok_or_else(|| crate::issuing::not_ready(device))?;
        let mut map = self.signers.lock().unwrap_or_else(|p| p.into_inner());
        if !map.contains_key(&device.uuid) {
            let bytes = books.read_secret(&device.uuid, Item::Key, Purpose::Sign)?;
            let key = SigningKey::from_slice(&bytes).map_err(|e| {
                Error::new(
                    "SANAD-SECRET-DAMAGED",
                    Class::Local,
                    "the device's private key in the keychain is damaged",
                    "المفتاح الخاص بالجهاز في سلسلة المفاتيح تالف",
                )
                .with_detail(e.to_string())
            })?;
            map.insert(device.uuid.clone(), DeviceKey { key, signer: None });
        }
        let Some(dk) = map.get_mut(&device.uuid) else {
            return Err(crate::issuing::not_ready(device));
        };
        if let Some((p, signer)) = &dk.signer
            && *p == pem
        {
            return Ok(signer.clone());
        }
        let cert = Certificate::from_any(pem.as_bytes()).map_err(|e| {
            Error::new(
                "SANAD-CSID-UNREADABLE",
                Class::Local,
                "the device's certificate cannot be read",
                "تعذّرت قراءة شهادة الجهاز",
            )
            .with_detail(e.to_string())
        })?;
        let signer = Signer::new(dk.key.clone(), cert).map_err(|e| {
            Error::new(
                "SANAD-CSID-KEY-MISMATCH",
                Class::Local,
                "the device's certificate does not belong to its key",
                "شهادة الجهاز لا تخص مفتاحه",
            )
            .with_detail(e.to_string())
        })?;
        dk.signer = Some((pem, signer.clone()));
        Ok(signer)
    }

    /// The production CSID of `device`, for sending its documents (read again after a renewal).
    pub fn credentials(
        &self,
        books: &Books,
        device: &Device,
    ) -> Result<fatoora::Credentials, Error> {
        let pem = device.certificate_pem.clone().unwrap_or_default();
        let mut map = self.csids.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((p, c)) = map.get(&device.uuid)
            && *p == pem
        {
            return Ok(c.clone());
        }
        let bytes = books.read_secret(&device.uuid, Item::ProductionCsid, Purpose::Submit)?;
        let csid = CsidSecret::from_bytes(Item::ProductionCsid.as_str(), "keychain", &bytes)?;
        let creds = fatoora::Credentials::new(csid.token.clone(), csid.secret.clone());
        map.insert(device.uuid.clone(), (pem, creds.clone()));
        Ok(creds)
    }
}
