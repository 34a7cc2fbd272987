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
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The device's id across databases; a new one when `None`. (The CSR's serial number
    /// carries it, so the caller that built the CSR fields names it.)
    #[serde(default)]
    pub uuid: Option<String>,
    pub name: String,
    pub environment: Environment,
    pub csr: CsrFields,
    /// The prefix of the device's own number series (`T1-` → `T1-000001`); `None` for a device
    /// that numbers in a series given with each document.
    #[serde(default)]
    pub series_prefix: Option<String>,
}

/// The width of a device series' numbers.
pub const SERIES_WIDTH: u32 = 6;

/// The series code of a device's own numbers.
pub fn series_code(device_uuid: &str) -> String {
    format!("device-{device_uuid}")
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
    /// The code of the device's own number series, when it has one.
    #[serde(default)]
    pub series_code: Option<String>,
    /// That series' prefix.
    #[serde(default)]
    pub series_prefix: Option<String>,
    /// Why and since when its queue is paused (FATOORA refused its credentials), if it is.
    #[serde(default)]
    pub queue_paused: Option<QueuePause>,
}

/// A paused device queue: none of the device's documents is handed out until a new production
/// certificate is stored or the queue is resumed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuePause {
    pub reason: String,
    pub at: Timestamp,
    /// The submission attempt that paused it (`submissions.id`).
    pub attempt_id: Option<i64>,
}

/// The chain head of a device: its last stored document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    pub icv: i64,
    pub hash: String,
}

const COLUMNS: &str = "id, uuid, name, environment, csr_common_name, csr_serial, csr_org_unit,
    csr_invoice_type, csr_location, csr_industry, certificate_pem, cert_not_after, state,
    chain_state, chain_note, csr_vat_number, csr_organization, csr_country, series_code,
    (SELECT prefix FROM series s WHERE s.code = devices.series_code), queue_paused_at,
    queue_pause_reason, queue_pause_attempt";

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
        series_code: r.get(18)?,
        series_prefix: r.get(19)?,
        queue_paused: match r.get::<_, Option<String>>(20)? {
            Some(at) => Some(QueuePause {
                at: time::from_db(&at)?,
                reason: r.get::<_, Option<String>>(21)?.unwrap_or_default(),
                attempt_id: r.get(22)?,
            }),
            None => None,
        },
    })
}

/// Pauses a device's queue, unless it is paused already (the first refusal is the one to
/// explain). Returns whether it paused it now.
pub(crate) fn pause_queue(
    conn: &Connection,
    actor: &str,
    device_id: i64,
    pause: &QueuePause,
) -> Result<bool> {
    let changed = conn.execute(
        "UPDATE devices SET queue_paused_at = ?2, queue_pause_reason = ?3, queue_pause_attempt = ?4
         WHERE id = ?1 AND queue_paused_at IS NULL",
        params![
            device_id,
            time::to_db(&pause.at),
            pause.reason,
            pause.attempt_id
        ],
    )?;
    if changed == 0 {
        return Ok(false);
    }
    let uuid: String =
        conn.query_row("SELECT uuid FROM devices WHERE id = ?1", [device_id], |r| {
            r.get(0)
        })?;
    audit::append(
        conn,
        actor,
        AuditAction::PauseQueue,
        AuditEntity::Device,
        &uuid,
        &pause.reason,
    )?;
    Ok(true)
}

/// Lifts a device's queue pause, if there is one, saying why.
fn resume_queue(conn: &Connection, actor: &str, device: &Device, why: &str) -> Result<bool> {
    if device.queue_paused.is_none() {
        return Ok(false);
    }
    conn.execute(
        "UPDATE devices SET queue_paused_at = NULL, queue_pause_reason = NULL,
             queue_pause_attempt = NULL
         WHERE id = ?1",
        [device.id],
    )?;
    audit::append(
        conn,
        actor,
        AuditAction::ResumeQueue,
        AuditEntity::Device,
        &device.uuid,
        why,
    )?;
    Ok(true)
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
    /// Registers a device (state `new`, chain open, no document yet), with its own number series
    /// when a prefix is given (refused when another series already numbers with that prefix).
    pub fn add_device(&mut self, d: &NewDevice) -> Result<Device> {
        crate::company::check_name("device.name", &d.name)?;
        crate::company::check_name("device.csr.common_name", &d.csr.common_name)?;
        if !["1000", "0100", "1100"].contains(&d.csr.invoice_types.as_str()) {
            return Err(LedgerError::Invalid {
                field: "device.csr.invoice_types",
                reason: format!("{:?} is not 1000, 0100 or 1100", d.csr.invoice_types),
            });
        }
        let uuid = match &d.uuid {
            Some(u) => uuid::Uuid::parse_str(u)
                .map_err(|_| LedgerError::Invalid {
                    field: "device.uuid",
                    reason: format!("{u:?} is not a UUID"),
                })?
                .to_string(),
            None => uuid::Uuid::new_v4().to_string(),
        };
        if let Some(prefix) = &d.series_prefix {
            crate::series::check_prefix(prefix)?;
        }
        let id = self.write(|tx, actor| {
            if tx
                .query_row("SELECT 1 FROM devices WHERE name = ?1", [&d.name], |_| {
                    Ok(())
                })
                .optional()?
                .is_some()
            {
                return Err(LedgerError::Invalid {
                    field: "device.name",
                    reason: format!("a device named {:?} already exists in these books", d.name),
                });
            }
            let series = match &d.series_prefix {
                Some(prefix) => {
                    let code = series_code(&uuid);
                    crate::series::insert(tx, actor, &code, prefix, SERIES_WIDTH)?;
                    Some(code)
                }
                None => None,
            };
            tx.execute(
                "INSERT INTO devices (uuid, name, environment, csr_common_name, csr_serial,
                     csr_org_unit, csr_invoice_type, csr_location, csr_industry, csr_vat_number,
                     csr_organization, csr_country, state, created_at, series_code)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
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
                    time::now(),
                    series
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

    /// A device by name.
    pub fn device_by_name(&self, name: &str) -> Result<Device> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM devices WHERE name = ?1"),
                [name],
                read,
            )
            .optional()?
            .ok_or_else(|| LedgerError::NotFound {
                entity: "device",
                key: name.to_owned(),
            })
    }

    /// A device by its UUID.
    pub fn device_by_uuid(&self, uuid: &str) -> Result<Device> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM devices WHERE uuid = ?1"),
                [uuid],
                read,
            )
            .optional()?
            .ok_or_else(|| LedgerError::NotFound {
                entity: "device",
                key: uuid.to_owned(),
            })
    }

    /// The device's own number series, if it has one.
    pub fn device_series(&self, device_id: i64) -> Result<Option<crate::series::Series>> {
        match self.device(device_id)?.series_code {
            Some(code) => self.series(&code).map(Some),
            None => Ok(None),
        }
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
            )?;
            // A new production certificate is the renewal a paused queue waits for.
            if state == DeviceState::Production {
                resume_queue(tx, actor, &device, "a new production certificate was stored")?;
            }
            Ok(())
        })
    }

    /// Resumes a device's paused queue (its credentials were put right without a new
    /// certificate). Returns whether it was paused.
    pub fn resume_device_queue(&mut self, id: i64, why: &str) -> Result<bool> {
        crate::company::check_name("why", why)?;
        self.write(|tx, actor| resume_queue(tx, actor, &get(tx, id)?, why))
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
