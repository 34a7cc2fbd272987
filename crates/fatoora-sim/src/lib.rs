//! A faithful local FATOORA server for tests and practice mode.
//!
//! It speaks ZATCA's six endpoints under the base path of the environment it plays, issues real
//! secp256k1 certificates from its own CA, validates documents with Sanad's engine, clears and
//! stamps, remembers duplicates and keeps its state in SQLite. Faults can be injected per
//! endpoint. Start it in-process with [`Simulator::start`] (tests bind `127.0.0.1:0`) or as the
//! `fatoora-sim` / `sanad-cli sim` command.

mod app;
mod authority;
mod check;
pub mod cli;
mod config;
mod document;
mod faults;
mod listener;
mod reply;
mod rules;
mod store;

use std::net::SocketAddr;

pub use app::{Otp, StartError};
pub use authority::{CsrError, CsrFacts};
pub use config::SimConfig;
pub use faults::{Endpoint, EndpointFaults, Fault, FaultPlan};
pub use store::{Accepted, Stats};

use app::{App, Shared};
use listener::{Conn, CuttableListener};

/// A running simulator.
pub struct Simulator {
    addr: SocketAddr,
    app: Shared,
    base_path: &'static str,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Simulator {
    /// Opens the state and listens on `addr` (only loopback addresses are accepted).
    pub async fn start(cfg: SimConfig, addr: SocketAddr) -> Result<Self, StartError> {
        if !addr.ip().is_loopback() {
            return Err(StartError::Bind {
                addr: addr.to_string(),
                source: std::io::Error::other("the simulator listens on loopback addresses only"),
            });
        }
        let base_path = cfg.environment.base_path();
        let app = App::new(cfg)?;
        let tcp = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind {
                addr: addr.to_string(),
                source,
            })?;
        let listener = CuttableListener::new(tcp);
        let addr = listener.socket_addr().map_err(|source| StartError::Bind {
            addr: addr.to_string(),
            source,
        })?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let service = app::router(app.clone()).into_make_service_with_connect_info::<Conn>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, service).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            if let Err(e) = serve.await {
                eprintln!("fatoora-sim: server stopped: {e}");
            }
        });
        Ok(Self {
            addr,
            app,
            base_path,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL a client uses, e.g. `http://127.0.0.1:41234/e-invoicing/simulation`.
    pub fn base_url(&self) -> String {
        format!("http://{}{}", self.addr, self.base_path)
    }

    /// Replaces the fault plan (as `PUT /admin/faults` does).
    pub fn set_faults(&self, plan: FaultPlan) {
        self.app.set_faults(plan);
    }

    /// Turns clearance on or off (as `PUT /admin/clearance` does).
    pub fn set_clearance(&self, enabled: bool) -> Result<(), rusqlite::Error> {
        self.app
            .store()
            .set_setting("clearance", if enabled { "on" } else { "off" })
    }

    /// Adds an OTP valid until `expires_at` (`None`: forever).
    pub fn add_otp(
        &self,
        otp: &str,
        expires_at: Option<chrono::DateTime<chrono::Utc>>,
    ) -> Result<(), rusqlite::Error> {
        self.app
            .store()
            .add_otp(otp, expires_at.map(|t| t.to_rfc3339()).as_deref())
    }

    /// A fresh 6-digit OTP, valid `SimConfig::otp_seconds` (as `POST /admin/otp` mints): what
    /// practice mode hands the user, as the Fatoora portal would.
    pub fn mint_otp(&self) -> Result<Otp, rusqlite::Error> {
        self.app.mint_otp()
    }

    /// Whether `POST /production/csids` also asks for the QR compliance steps (as
    /// `PUT /admin/compliance-steps` does). Only checks passed while it is on pass those steps.
    pub fn set_qr_compliance_steps(&self, on: bool) -> Result<(), rusqlite::Error> {
        self.app.set_qr_compliance_steps(on)
    }

    /// How long production certificates issued from now on are valid (as
    /// `PUT /admin/certificate-validity` does), until the next start.
    pub fn set_certificate_validity(&self, validity: std::time::Duration) {
        let secs = i64::try_from(validity.as_secs()).unwrap_or(i64::MAX).max(1);
        self.app
            .set_certificate_validity(chrono::Duration::seconds(secs));
    }

    pub fn stats(&self) -> Result<Stats, rusqlite::Error> {
        self.app.store().stats()
    }

    /// The documents accepted under `uuid` (reporting or clearance): none or one, for
    /// "accepted exactly once" checks.
    pub fn accepted(&self, uuid: &str) -> Result<Vec<Accepted>, rusqlite::Error> {
        self.app.store().accepted_all_by_uuid(uuid)
    }

    /// The CA certificate (DER) that issues every CSID.
    pub fn ca_certificate_der(&self) -> Vec<u8> {
        self.app.authority().ca_certificate_der()
    }

    /// Stops accepting, finishes what is in flight, and closes the state.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Runs until Ctrl-C.
    pub async fn run_until_ctrl_c(self) {
        let _ = tokio::signal::ctrl_c().await;
        self.stop().await;
    }
}

/// The document without its signature block, QR reference and `cac:Signature`, every other byte
/// untouched: the unsigned document a signed one was made from (the clearance stamp signs this).
pub fn unsigned_of(signed_xml: &[u8]) -> Result<Vec<u8>, String> {
    let facts = document::Facts::read(signed_xml)?;
    Ok(document::strip_signed_parts(
        signed_xml,
        &facts.signed_parts,
    ))
}
