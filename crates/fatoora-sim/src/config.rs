//! How a simulator instance is set up.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use zatca::api::Environment;

use crate::faults::FaultPlan;

/// The simulator's configuration.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SimConfig {
    /// The environment played: its base path and CSR template name.
    pub environment: Environment,
    /// The SQLite file holding the state.
    pub db_path: PathBuf,
    /// OTPs that never expire (the sandbox's fixed one, test OTPs). More can be minted, valid
    /// one hour, with `POST /admin/otp`.
    #[serde(default)]
    pub otps: Vec<String>,
    /// Days a production certificate is valid (0: one second, to practise an expired
    /// CSID). An expired CSID is answered 401.
    #[serde(default = "default_days")]
    pub certificate_days: i64,
    /// Seconds a production certificate is valid, in place of `certificate_days` (e.g. a
    /// certificate that is due for renewal, or expires, during a test).
    #[serde(default)]
    pub certificate_seconds: Option<u32>,
    /// Seconds an OTP minted with `POST /admin/otp` (or `Simulator::mint_otp`) is valid; the
    /// Fatoora portal's last about an hour.
    #[serde(default = "default_otp_seconds")]
    pub otp_seconds: u32,
    /// Ask for the two QR compliance steps (`buyer-qr-code-compliant`,
    /// `seller-qr-code-compliant`) before issuing production CSIDs, as ZATCA's simulation
    /// environment has been seen to. The switch is kept in the state; this turns it on at start.
    #[serde(default)]
    pub qr_compliance_steps: bool,
    /// Whether a simplified document reported more than 24 hours after its issue time gets
    /// ZATCA's warning BR-KSA-98 (ZATCA does). Off only for tests whose documents carry fixed
    /// dates long past.
    #[serde(default = "yes")]
    pub late_reporting_warning: bool,
    #[serde(default)]
    pub faults: FaultPlan,
    /// The official rule files over every submitted document: a command printing
    /// `tools/validate.py`'s JSON lines for the file path appended to it, e.g.
    /// `["python3", "tools/validate.py"]`. `None`: only the engine's checks.
    #[serde(default)]
    pub rules_command: Option<Vec<String>>,
    /// Larger request bodies are answered 413.
    #[serde(default = "default_max_body")]
    pub max_body_bytes: usize,
}

fn yes() -> bool {
    true
}

fn default_max_body() -> usize {
    2 * 1024 * 1024
}

fn default_days() -> i64 {
    365
}

fn default_otp_seconds() -> u32 {
    3600
}

impl SimConfig {
    /// How long production certificates are valid.
    pub fn certificate_validity(&self) -> chrono::Duration {
        match self.certificate_seconds {
            Some(s) => chrono::Duration::seconds(i64::from(s.max(1))),
            None if self.certificate_days > 0 => chrono::Duration::days(self.certificate_days),
            None => chrono::Duration::seconds(1),
        }
    }

    /// A configuration with the sandbox's well-known OTP `123345` and no faults.
    pub fn new(environment: Environment, db_path: impl Into<PathBuf>) -> Self {
        Self {
            environment,
            db_path: db_path.into(),
            otps: vec!["123345".into()],
            certificate_days: default_days(),
            certificate_seconds: None,
            otp_seconds: default_otp_seconds(),
            qr_compliance_steps: false,
            late_reporting_warning: true,
            faults: FaultPlan::default(),
            max_body_bytes: default_max_body(),
            rules_command: None,
        }
    }
}
