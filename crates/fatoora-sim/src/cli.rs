//! The command line of the simulator (`fatoora-sim`, and `sanad-cli sim`).

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;

use zatca::api::Environment;

use crate::{FaultPlan, SimConfig, Simulator};

/// Run the local FATOORA simulator on 127.0.0.1.
#[derive(Debug, clap::Args)]
pub struct SimArgs {
    /// Environment to play: sandbox, simulation or production (base path and CSR template).
    #[arg(long, default_value = "simulation")]
    pub env: String,
    /// SQLite file keeping the simulator's state across restarts.
    #[arg(long, default_value = "fatoora-sim.sqlite")]
    pub db: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 8443)]
    pub port: u16,
    /// An OTP that never expires (repeatable); `123345` if none is given.
    #[arg(long)]
    pub otp: Vec<String>,
    /// A JSON fault plan (the body of `PUT /admin/faults`).
    #[arg(long)]
    pub faults: Option<PathBuf>,
    /// Also run the official rule files over every document with this command (the file path is
    /// appended), e.g. "python3 tools/validate.py" (needs pip install saxonche lxml).
    #[arg(long)]
    pub rules: Option<String>,
    /// Days a production certificate is valid.
    #[arg(long, default_value_t = 365)]
    pub certificate_days: i64,
    /// Seconds a production certificate is valid, in place of --certificate-days.
    #[arg(long)]
    pub certificate_seconds: Option<u32>,
    /// Seconds an OTP minted with POST /admin/otp is valid.
    #[arg(long, default_value_t = 3600)]
    pub otp_seconds: u32,
    /// Also ask for the QR compliance steps (buyer-qr-code-compliant, seller-qr-code-compliant).
    #[arg(long)]
    pub qr_compliance_steps: bool,
}

/// What went wrong, in words for the user.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("--env: `{0}` is not sandbox, simulation or production")]
    Env(String),
    #[error("--faults {path}: {reason}")]
    Faults { path: String, reason: String },
    #[error("{0}")]
    Start(#[from] crate::StartError),
}

impl SimArgs {
    pub fn config(&self) -> Result<SimConfig, CliError> {
        let env = Environment::parse(&self.env).ok_or_else(|| CliError::Env(self.env.clone()))?;
        let mut cfg = SimConfig::new(env, &self.db);
        if !self.otp.is_empty() {
            cfg.otps = self.otp.clone();
        }
        cfg.certificate_days = self.certificate_days;
        cfg.certificate_seconds = self.certificate_seconds;
        cfg.otp_seconds = self.otp_seconds;
        cfg.qr_compliance_steps = self.qr_compliance_steps;
        cfg.rules_command = self
            .rules
            .as_deref()
            .map(|r| r.split_whitespace().map(str::to_owned).collect());
        if let Some(path) = &self.faults {
            let err = |reason: String| CliError::Faults {
                path: path.display().to_string(),
                reason,
            };
            let text = std::fs::read(path).map_err(|e| err(e.to_string()))?;
            cfg.faults =
                serde_json::from_slice::<FaultPlan>(&text).map_err(|e| err(e.to_string()))?;
        }
        Ok(cfg)
    }
}

/// Starts the simulator, prints its base URL, and serves until Ctrl-C.
pub async fn run(args: SimArgs) -> Result<(), CliError> {
    let cfg = args.config()?;
    let otps = cfg.otps.join(", ");
    let sim = Simulator::start(cfg, SocketAddr::from((Ipv4Addr::LOCALHOST, args.port))).await?;
    println!("FATOORA simulator ({}) at {}", args.env, sim.base_url());
    println!("state: {}  OTP: {otps}", args.db.display());
    println!(
        "admin: GET/PUT /admin/faults, PUT /admin/clearance, PUT /admin/compliance-steps, PUT /admin/certificate-validity, POST /admin/otp, GET /admin/stats, GET /admin/ca"
    );
    sim.run_until_ctrl_c().await;
    Ok(())
}
