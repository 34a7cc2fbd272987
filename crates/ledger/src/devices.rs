//! EGS units (devices): their CSR fields, certificate and state. Never private keys or secrets.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use zatca::api::Environment;
use zatca::csr::CsrFields;

use crate::audit::{AuditAction, AuditEntity};
use crate::documents::word;
use crate::{Ledger, LedgerError, Result, Timestamp, audit, time};

crate::words! {
    /// Onboarding state.
    pub enum DeviceState ("device state") {
        /// Created; no CSID yet.
        New = "new",
        /// Holds a compliance CSID; compliance checks under way.
        Compliance = "compliance",
        /// Holds a production CSID: may issue.
        Production = "production",
        /// Never issues again; its chain is closed.
        Retired = "retired",
    }
}

crate::words! {
    /// Whether a device's chain may grow (`devices.chain_state`).
    pub enum ChainState ("chain state") {
        Open = "open",
        /// Nothing is issued until the reason (`chain_note`) has been dealt with.
        Suspended = "suspended",
    }
}

/// A new device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewDevice {
    pub name: String,
    pub environment: Environment,
    pub csr: CsrFields,
}

/// A stored device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub id: i64,
    pub uuid: String,
    pub name: String,
    pub environment: Environment,
    pub csr: CsrFields,
    pub certificate_pem: Option<String>,
    pub cert_not_after: Option<Timestamp>,
    pub state: DeviceState,
    /// `None` when the chain is open; the reason when it is suspended.
    pub suspended: Option<String>,
}

/// The chain head of a device: its last stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub icv: i64,
    pub hash: String,
}

const COLUMNS: &str = "id, uuid, name, environment, csr_common_name, csr_serial, csr_org_unit,
    csr_invoice_type, csr_location, csr_industry, certificate_pem, cert_not_after, state,
    chain_state, chain_note, csr_vat_number, csr_organization, csr_country";

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    let chain_state: ChainState = word(r, 13)?;
    let not_after: Option<String> = r.get(11)?;
    Ok(Device {
        id: r.get(0)?,
        uuid: r.get(1)?,
        name: r.get(2)?,
        environment: word(r, 3)?,
        csr: CsrFields {
            common_name: r.get(4)?,
            serial_number: r.get(5)?,
            organization_unit: r.get(6)?,
            invoice_types: r.get(7)?,
            location_address: r.get(8)?,
            business_category: r.get(9)?,
            vat_number: r.get(15)?,
            organization: r.get(16)?,
            country: r.get(17)?,
        },
        certificate_pem: r.get(10)?,
        cert_not_after: not_after.as_deref().map(time::from_db).transpose()?,
        state: word(r, 12)?,
        suspended: if chain_state == ChainState::Open {
            None
        } else {
            Some(r.get::<_, Option<String>>(14)?.unwrap_or_default())
        },
    })
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Device> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM devices WHERE id = ?1"),
        [id],
        read,
    )
    .optional()?
    .ok_or(LedgerError::NotFound {
        entity: "device",
        key: id.to_string(),
    })
}

pub(crate) fn head(conn: &Connection, device_id: i64) -> Result<Option<ChainHead>> {
    Ok(conn
        .query_row(
            "SELECT icv, hash FROM documents WHERE device_id = ?1 ORDER BY icv DESC LIMIT 1",
            [device_id],
            |r| {
                Ok(ChainHead {
                    icv: r.get(0)?,
                    hash: r.get(1)?,
                })
            },
        )
        .optional()?)
}

pub(crate) fn suspend(conn: &Connection, actor: &str, device: &Device, reason: &str) -> Result<()> {
    conn.execute(
        "UPDATE devices SET chain_state = ?3, chain_note = ?2 WHERE id = ?1",
        params![device.id, reason, ChainState::Suspended.as_str()],
    )?;
    audit::append(
        conn,
        actor,
        AuditAction::SuspendChain,
        AuditEntity::Device,
        &device.uuid,
        reason,
    )
}

impl Ledger {
    /// Registers a device (state `new`, chain open, no document yet).
    pub fn add_device(&mut self, d: &NewDevice) -> Result<Device> {
        crate::company::check_name("device.name", &d.name)?;
        crate::company::check_name("device.csr.common_name", &d.csr.common_name)?;
        if !["1000", "0100", "1100"].contains(&d.csr.invoice_types.as_str()) {
            return Err(LedgerError::Invalid {
                field: "device.csr.invoice_types",
                reason: format!("{:?} is not 1000, 0100 or 1100", d.csr.invoice_types),
            });
        }
        let uuid = uuid::Uuid::new_v4().to_string();
        let id = self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO devices (uuid, name, environment, csr_common_name, csr_serial,
                     csr_org_unit, csr_invoice_type, csr_location, csr_industry, csr_vat_number,
                     csr_organization, csr_country, state, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    uuid,
                    d.name,
                    d.environment.as_str(),
                    d.csr.common_name,
                    d.csr.serial_number,
                    d.csr.organization_unit,
                    d.csr.invoice_types,
                    d.csr.location_address,
                    d.csr.business_category,
                    d.csr.vat_number,
                    d.csr.organization,
                    d.csr.country,
                    DeviceState::New.as_str(),
                    time::now()
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                actor,
                AuditAction::Add,
                AuditEntity::Device,
                &uuid,
                &serde_json::to_string(d).unwrap_or_default(),
            )?;
            Ok::<_, LedgerError>(id)
        })?;
        self.device(id)
    }

    /// A device by id.
    pub fn device(&self, id: i64) -> Result<Device> {
        get(&self.conn, id)
    }

    /// Every device, in creation order.
    pub fn devices(&self) -> Result<Vec<Device>> {
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM devices ORDER BY id"))?;
        let rows = stmt.query_map([], read)?.collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    /// Stores the device's certificate (PEM, public) and moves it to `state`.
    pub fn set_device_certificate(
        &mut self,
        id: i64,
        state: DeviceState,
        certificate_pem: &str,
        not_after: Timestamp,
    ) -> Result<()> {
        if !certificate_pem.contains("BEGIN CERTIFICATE") {
            return Err(LedgerError::Invalid {
                field: "device.certificate_pem",
                reason: "not a PEM certificate".to_owned(),
            });
        }
        if !matches!(state, DeviceState::Compliance | DeviceState::Production) {
            return Err(LedgerError::Invalid {
                field: "device.state",
                reason: "a certificate moves a device to compliance or production".to_owned(),
            });
        }
        self.write(|tx, actor| {
            let device = get(tx, id)?;
            if device.state == DeviceState::Retired {
                return Err(LedgerError::DeviceCannotIssue {
                    device: device.name,
                    reason: "it is retired".to_owned(),
                });
            }
            tx.execute(
                "UPDATE devices SET certificate_pem = ?2, cert_not_after = ?3, state = ?4 WHERE id = ?1",
                params![id, certificate_pem, time::to_db(&not_after), state.as_str()],
            )?;
            audit::append(
                tx,
                actor,
                AuditAction::SetCertificate,
                AuditEntity::Device,
                &device.uuid,
                state.as_str(),
            )
        })
    }

    /// Retires a device for good: it never issues again. This is the way out for a device whose
    /// chain cannot be proven after a restore: onboard a new device, which starts from genesis.
    pub fn retire_device(&mut self, id: i64, reason: &str) -> Result<()> {
        self.write(|tx, actor| {
            let device = get(tx, id)?;
            tx.execute(
                "UPDATE devices SET state = ?2 WHERE id = ?1",
                params![id, DeviceState::Retired.as_str()],
            )?;
            audit::append(
                tx,
                actor,
                AuditAction::Retire,
                AuditEntity::Device,
                &device.uuid,
                reason,
            )
        })
    }

    /// The device's last stored document (ICV and hash), if any.
    pub fn chain_head(&self, device_id: i64) -> Result<Option<ChainHead>> {
        head(&self.conn, device_id)
    }
}
