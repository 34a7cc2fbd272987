//! A device's onboarding progress (one row per device), written after every step so that
//! onboarding resumes where it stopped.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use zatca::api::ComplianceStep;

use crate::audit::{AuditAction, AuditEntity};
use crate::documents::word;
use crate::{Ledger, LedgerError, Result, audit, devices, time};

crate::words! {
    /// The next step of a device's onboarding.
    #[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "OnboardingStep"))]
    pub enum Step ("onboarding step") {
        /// Generate the private key (into the keychain).
        Key = "key",
        /// Build the CSR.
        Csr = "csr",
        /// Get the compliance CSID with the OTP.
        ComplianceCsid = "compliance_csid",
        /// Send the compliance documents the title promises.
        ComplianceChecks = "compliance_checks",
        /// Get the production CSID.
        ProductionCsid = "production_csid",
        /// Onboarded: nothing left.
        Active = "active",
    }
}

/// A device's onboarding record. Never a secret: the CSR and certificates are public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Onboarding {
    pub device_id: i64,
    pub step: Step,
    pub csr_pem: Option<String>,
    /// ZATCA's `requestID` of the compliance CSID.
    pub compliance_request_id: Option<String>,
    pub compliance_certificate_pem: Option<String>,
    /// The compliance steps ZATCA wants to see.
    pub steps_required: Vec<ComplianceStep>,
    /// Those it has seen pass.
    pub steps_passed: Vec<ComplianceStep>,
    /// The last failure, as a plain sentence with its code; `None` once a step succeeds.
    pub last_error: Option<String>,
}

impl Onboarding {
    /// The record of a device that has not started.
    pub fn new(device_id: i64) -> Self {
        Self {
            device_id,
            step: Step::Key,
            csr_pem: None,
            compliance_request_id: None,
            compliance_certificate_pem: None,
            steps_required: Vec::new(),
            steps_passed: Vec::new(),
            last_error: None,
        }
    }
}

fn steps(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Vec<ComplianceStep>> {
    let text: String = r.get(i)?;
    serde_json::from_str(&text).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}

impl Ledger {
    /// The device's onboarding record, if it has one.
    pub fn onboarding(&self, device_id: i64) -> Result<Option<Onboarding>> {
        Ok(self
            .conn
            .query_row(
                "SELECT device_id, step, csr_pem, compliance_request_id,
                     compliance_certificate_pem, steps_required, steps_passed, last_error
                 FROM onboarding WHERE device_id = ?1",
                [device_id],
                |r| {
                    Ok(Onboarding {
                        device_id: r.get(0)?,
                        step: word(r, 1)?,
                        csr_pem: r.get(2)?,
                        compliance_request_id: r.get(3)?,
                        compliance_certificate_pem: r.get(4)?,
                        steps_required: steps(r, 5)?,
                        steps_passed: steps(r, 6)?,
                        last_error: r.get(7)?,
                    })
                },
            )
            .optional()?)
    }

    /// Writes the device's onboarding record (one transaction, audited when the step moves).
    pub fn save_onboarding(&mut self, o: &Onboarding) -> Result<()> {
        let list = |s: &[ComplianceStep]| serde_json::to_string(s).unwrap_or_else(|_| "[]".into());
        self.write(|tx, actor| {
            let device = devices::get(tx, o.device_id)?;
            let before: Option<String> = tx
                .query_row(
                    "SELECT step FROM onboarding WHERE device_id = ?1",
                    [o.device_id],
                    |r| r.get(0),
                )
                .optional()?;
            tx.execute(
                "INSERT INTO onboarding (device_id, step, csr_pem, compliance_request_id,
                     compliance_certificate_pem, steps_required, steps_passed, last_error,
                     updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (device_id) DO UPDATE SET step = excluded.step,
                     csr_pem = excluded.csr_pem,
                     compliance_request_id = excluded.compliance_request_id,
                     compliance_certificate_pem = excluded.compliance_certificate_pem,
                     steps_required = excluded.steps_required,
                     steps_passed = excluded.steps_passed, last_error = excluded.last_error,
                     updated_at = excluded.updated_at",
                params![
                    o.device_id,
                    o.step.as_str(),
                    o.csr_pem,
                    o.compliance_request_id,
                    o.compliance_certificate_pem,
                    list(&o.steps_required),
                    list(&o.steps_passed),
                    o.last_error,
                    time::now()
                ],
            )?;
            if before.as_deref() != Some(o.step.as_str()) {
                audit::append(
                    tx,
                    actor,
                    AuditAction::Onboard,
                    AuditEntity::Device,
                    &device.uuid,
                    &format!("next step {}", o.step),
                )?;
            }
            Ok::<_, LedgerError>(())
        })
    }
}
