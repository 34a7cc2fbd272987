//! EGS units (devices): their CSR fields, certificate and state. Never private keys or secrets.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{Ledger, LedgerError, Result, Timestamp, audit, time};

/// FATOORA environment a device is onboarded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Environment {
    Sandbox,
    Simulation,
    Production,
}

impl Environment {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sandbox => "sandbox",
            Self::Simulation => "simulation",
            Self::Production => "production",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "sandbox" => Some(Self::Sandbox),
            "simulation" => Some(Self::Simulation),
            "production" => Some(Self::Production),
            _ => None,
        }
    }
}

/// Onboarding state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceState {
    /// Created; no CSID yet.
    New,
    /// Holds a compliance CSID; compliance checks under way.
    Compliance,
    /// Holds a production CSID: may issue.
    Production,
    /// Never issues again; its chain is closed.
    Retired,
}

impl DeviceState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Compliance => "compliance",
            Self::Production => "production",
            Self::Retired => "retired",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "new" => Some(Self::New),
            "compliance" => Some(Self::Compliance),
            "production" => Some(Self::Production),
            "retired" => Some(Self::Retired),
            _ => None,
        }
    }
}

/// The CSR fields of a device (what ZATCA's CSR subject and SAN carry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsrFields {
    pub common_name: String,
    /// `1-<solution>|2-<model>|3-<serial>`.
    pub serial_number: String,
    pub organization_unit: String,
    /// `1000`, `0100` or `1100`.
    pub invoice_type: String,
    pub location: String,
    pub industry: String,
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
    chain_state, chain_note";

fn bad(col: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        rusqlite::types::Type::Text,
        format!("unknown {what}").into(),
    )
}

fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Device> {
    let env: String = r.get(3)?;
    let state: String = r.get(12)?;
    let chain_state: String = r.get(13)?;
    let not_after: Option<String> = r.get(11)?;
    Ok(Device {
        id: r.get(0)?,
        uuid: r.get(1)?,
        name: r.get(2)?,
        environment: Environment::parse(&env).ok_or_else(|| bad(3, "environment"))?,
        csr: CsrFields {
            common_name: r.get(4)?,
            serial_number: r.get(5)?,
            organization_unit: r.get(6)?,
            invoice_type: r.get(7)?,
            location: r.get(8)?,
            industry: r.get(9)?,
        },
        certificate_pem: r.get(10)?,
        cert_not_after: not_after.as_deref().map(time::from_db).transpose()?,
        state: DeviceState::parse(&state).ok_or_else(|| bad(12, "state"))?,
        suspended: if chain_state == "open" {
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
        "UPDATE devices SET chain_state = 'suspended', chain_note = ?2 WHERE id = ?1",
        params![device.id, reason],
    )?;
    audit::append(conn, actor, "suspend_chain", "device", &device.uuid, reason)
}

impl Ledger {
    /// Registers a device (state `new`, chain open, no document yet).
    pub fn add_device(&mut self, d: &NewDevice) -> Result<Device> {
        crate::company::check_name("device.name", &d.name)?;
        crate::company::check_name("device.csr.common_name", &d.csr.common_name)?;
        if !["1000", "0100", "1100"].contains(&d.csr.invoice_type.as_str()) {
            return Err(LedgerError::Invalid {
                field: "device.csr.invoice_type",
                reason: format!("{:?} is not 1000, 0100 or 1100", d.csr.invoice_type),
            });
        }
        let uuid = uuid::Uuid::new_v4().to_string();
        let id = self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO devices (uuid, name, environment, csr_common_name, csr_serial,
                     csr_org_unit, csr_invoice_type, csr_location, csr_industry, state, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'new', ?10)",
                params![
                    uuid,
                    d.name,
                    d.environment.as_str(),
                    d.csr.common_name,
                    d.csr.serial_number,
                    d.csr.organization_unit,
                    d.csr.invoice_type,
                    d.csr.location,
                    d.csr.industry,
                    time::now()
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                actor,
                "add",
                "device",
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
            audit::append(tx, actor, "set_certificate", "device", &device.uuid, state.as_str())
        })
    }

    /// Retires a device for good: it never issues again. This is the way out for a device whose
    /// chain cannot be proven after a restore: onboard a new device, which starts from genesis.
    pub fn retire_device(&mut self, id: i64, reason: &str) -> Result<()> {
        self.write(|tx, actor| {
            let device = get(tx, id)?;
            tx.execute("UPDATE devices SET state = 'retired' WHERE id = ?1", [id])?;
            audit::append(tx, actor, "retire", "device", &device.uuid, reason)
        })
    }

    /// The device's last stored document (ICV and hash), if any.
    pub fn chain_head(&self, device_id: i64) -> Result<Option<ChainHead>> {
        head(&self.conn, device_id)
    }
}
