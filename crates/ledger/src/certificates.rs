//! Every certificate a device has held: compliance and production CSIDs, renewals included.
//! Only the name of the keychain entry holding each CSID's secret is kept, never the secret.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::audit::{AuditAction, AuditEntity};
use crate::documents::word;
use crate::{Ledger, LedgerError, Result, Timestamp, audit, devices, time};

crate::words! {
    /// Which CSID a certificate belongs to.
    pub enum CertificateKind ("certificate kind") {
        Compliance = "compliance",
        Production = "production",
    }
}

/// A certificate to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCertificate {
    pub device_id: i64,
    pub kind: CertificateKind,
    pub certificate_pem: String,
    pub not_after: Timestamp,
    /// ZATCA's `requestID`.
    pub request_id: Option<String>,
    /// The keychain entry with the CSID's secret.
    pub secret_entry: String,
}

/// A recorded certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateRecord {
    pub kind: CertificateKind,
    pub certificate_pem: String,
    pub not_after: Timestamp,
    pub request_id: Option<String>,
    pub secret_entry: String,
    pub issued_at: Timestamp,
    /// When a newer certificate of the same kind replaced it.
    pub replaced_at: Option<Timestamp>,
}

pub(crate) fn insert(
    conn: &rusqlite::Connection,
    device_id: i64,
    c: &CertificateRecord,
) -> Result<()> {
    conn.execute(
        "INSERT INTO certificates (device_id, kind, certificate_pem, not_after, request_id,
             secret_entry, issued_at, replaced_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            device_id,
            c.kind.as_str(),
            c.certificate_pem,
            time::to_db(&c.not_after),
            c.request_id,
            c.secret_entry,
            time::to_db(&c.issued_at),
            c.replaced_at.as_ref().map(time::to_db)
        ],
    )?;
    Ok(())
}

impl Ledger {
    /// Records a device's new certificate; the current one of the same kind is marked replaced.
    pub fn add_certificate(&mut self, c: &NewCertificate) -> Result<()> {
        if !c.certificate_pem.contains("BEGIN CERTIFICATE") {
            return Err(LedgerError::Invalid {
                field: "certificate.certificate_pem",
                reason: "not a PEM certificate".to_owned(),
            });
        }
        self.write(|tx, actor| {
            let device = devices::get(tx, c.device_id)?;
            let now = time::now();
            tx.execute(
                "UPDATE certificates SET replaced_at = ?3
                 WHERE device_id = ?1 AND kind = ?2 AND replaced_at IS NULL",
                params![c.device_id, c.kind.as_str(), now],
            )?;
            tx.execute(
                "INSERT INTO certificates (device_id, kind, certificate_pem, not_after,
                     request_id, secret_entry, issued_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    c.device_id,
                    c.kind.as_str(),
                    c.certificate_pem,
                    time::to_db(&c.not_after),
                    c.request_id,
                    c.secret_entry,
                    now
                ],
            )?;
            audit::append(
                tx,
                actor,
                AuditAction::AddCertificate,
                AuditEntity::Device,
                &device.uuid,
                &format!("{} until {}", c.kind, time::to_db(&c.not_after)),
            )
        })
    }

    /// A device's certificates, oldest first.
    pub fn certificates(&self, device_id: i64) -> Result<Vec<CertificateRecord>> {
        let mut stmt = self.conn.prepare(
            "SELECT kind, certificate_pem, not_after, request_id, secret_entry, issued_at,
                 replaced_at
             FROM certificates WHERE device_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([device_id], |r| {
                let not_after: String = r.get(2)?;
                let issued: String = r.get(5)?;
                let replaced: Option<String> = r.get(6)?;
                Ok(CertificateRecord {
                    kind: word(r, 0)?,
                    certificate_pem: r.get(1)?,
                    not_after: time::from_db(&not_after)?,
                    request_id: r.get(3)?,
                    secret_entry: r.get(4)?,
                    issued_at: time::from_db(&issued)?,
                    replaced_at: replaced.as_deref().map(time::from_db).transpose()?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}
