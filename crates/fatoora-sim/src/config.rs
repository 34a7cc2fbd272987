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

fn default_max_body() -> usize {
    2 * 1024 * 1024
}

fn default_days() -> i64 {
    365
}

impl SimConfig {
    /// A configuration with the sandbox's well-known OTP `123345` and no faults.
    pub fn new(environment: Environment, db_path: impl Into<PathBuf>) -> Self {
        Self {
            environment,
            db_path: db_path.into(),
            otps: vec!["123345".into()],
            certificate_days: default_days(),
            faults: FaultPlan::default(),
            max_body_bytes: default_max_body(),
            rules_command: None,
        }
    }
}
