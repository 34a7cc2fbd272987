//! `sanad-cli bench soak`: documents (80 % simplified, 20 % standard) through the simulator with
//! about 20 % injected faults of every kind, while the worker — this program, `worker run`, in a
//! child process — is killed with SIGKILL at random moments. Prints the time it took and checks
//! what must hold: every document accepted exactly once by the simulator's own count, no resend
//! with other bytes, ICVs without gaps, every stored document verifying, the audit chain intact.

use std::net::{Ipv4Addr, SocketAddr};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use clap::Args;
use fatoora_sim::{Endpoint, EndpointFaults, Fault, FaultPlan};
use sanad::issuing::{self, IssueInput, Options};
use sanad::secrets::StoreKind;
use sanad::session::Session;
use sanad::{Books, BooksEnv, DataDir, OpenOptions};
use zeroize::Zeroizing;

use super::fail;
use crate::cmd::CliError;
use crate::cmd::ctx::all;

const COMPANY: &str = include_str!("../../../../../examples/company.json");
const SALE: &str = include_str!("../../../../../examples/issue/counter-sale.json");
const B2B: &str = include_str!("../../../../../examples/issue/standard-invoice.json");
const PASSPHRASE: &str = "soak passphrase";

#[derive(Args)]
pub struct SoakBenchArgs {
    #[arg(long, default_value_t = 10_000)]
    pub documents: u32,
    /// Worker processes killed with SIGKILL at random moments.
    #[arg(long, default_value_t = 10)]
    pub kills: u32,
    /// The share of requests that meet an injected fault.
    #[arg(long, default_value_t = 0.2)]
    pub fault_rate: f64,
}

fn plan(rate: f64) -> FaultPlan {
    let kinds = vec![
        Fault::ServerError { status: 500 },
        Fault::ServerError { status: 503 },
        Fault::Unavailable {
            retry_after_secs: 0,
        },
        Fault::Throttle {
            retry_after_secs: 0,
        },
        Fault::DropBefore,
        Fault::DropAfter,
        Fault::Malformed,
        Fault::Latency { ms: 100 },
    ];
    let mut p = FaultPlan::default();
    for ep in [Endpoint::Reporting, Endpoint::Clearance] {
        p.endpoints.insert(
            ep,
            EndpointFaults {
                rate,
                kinds: kinds.clone(),
                ..EndpointFaults::default()
            },
        );
    }
    p
}

fn worker(data: &std::path::Path, url: &str) -> Result<Child, CliError> {
    Command::new(std::env::current_exe().map_err(|e| fail("exe")(e.to_string()))?)
        .arg("--data-dir")
        .arg(data)
        .args(["--env", "simulation", "--fatoora-url", url, "worker", "run"])
        .env("SANAD_PASSPHRASE", PASSPHRASE)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| fail("worker")(e.to_string()))
}

pub fn run(args: SoakBenchArgs) -> Result<(), CliError> {
    let dir = tempfile::tempdir().map_err(|e| fail("temp dir")(e.to_string()))?;
    let data = dir.path().join("data");
    let rt = crate::cmd::ctx::runtime()?;
    rt.block_on(async {
        let cfg = fatoora_sim::SimConfig::new(
            zatca::api::Environment::Simulation,
            dir.path().join("zatca.sqlite"),
        );
        let sim = fatoora_sim::Simulator::start(cfg, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .map_err(|e| fail("simulator")(e.to_string()))?;
        let url = sim.base_url();
        let books = Books::open(
            &DataDir::new(&data),
            BooksEnv::Simulation,
            OpenOptions {
                secrets: Some(StoreKind::Vault),
                passphrase: Some(Zeroizing::new(PASSPHRASE.to_owned())),
                fatoora_url: Some(url.clone()),
                ..OpenOptions::default()
            },
        )?;
        let company = serde_json::from_str(COMPANY).map_err(|e| fail("company")(e.to_string()))?;
        sanad::company::set(&books, &company).map_err(all)?;
        sanad::onboarding::add_device(
            &books,
            &sanad::onboarding::NewDevice {
                name: "till-1".into(),
                title: "1100".into(),
                series_prefix: None,
                branch: None,
            },
        )?;
        let s = Session::connect(books).await?;
        let otp = sim.mint_otp().map_err(|e| fail("otp")(e.to_string()))?.otp;
        let f = s.fatoora.as_ref().ok_or_else(|| CliError::new("not connected"))?;
        sanad::onboarding::onboard(&s.books, f, "till-1", Some(&otp), &mut |_: &_| {}).await?;
        sim.set_faults(plan(args.fault_rate));

        let sale: IssueInput = serde_json::from_str(SALE).map_err(|e| fail("sale")(e.to_string()))?;
        let b2b: IssueInput = serde_json::from_str(B2B).map_err(|e| fail("b2b")(e.to_string()))?;
        let t0 = Instant::now();
        let mut rng = fastrand::Rng::with_seed(2026);
        let every = (args.documents / args.kills.max(1)).max(1);
        let mut w = worker(&data, &url)?;
        let mut kills = 0;
        for i in 0..args.documents {
            let input = if i % 5 == 4 { &b2b } else { &sale };
            issuing::issue(&s, input, &Options::default()).await.map_err(all)?;
            if kills < args.kills && i % every == every / 2 {
                tokio::time::sleep(Duration::from_millis(rng.u64(0..300))).await;
                let _ = w.kill();
                let _ = w.wait();
                kills += 1;
                w = worker(&data, &url)?;
            }
        }
        let issued = t0.elapsed();
        let total = i64::from(args.documents);
        loop {
            let st = sim.stats().map_err(|e| fail("stats")(e.to_string()))?;
            if st.accepted_reporting + st.accepted_clearance >= total {
                break;
            }
            if t0.elapsed() > Duration::from_secs(3600) {
                return Err(CliError::new(format!(
                    "after an hour {} of {total} documents were accepted",
                    st.accepted_reporting + st.accepted_clearance
                )));
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        let _ = w.kill();
        let _ = w.wait();
        let took = t0.elapsed();
        let st = sim.stats().map_err(|e| fail("stats")(e.to_string()))?;
        let faults: i64 = st.faults.values().sum();
        let device = s.books.ledger().device_by_name("till-1").map_err(sanad::Error::from)?;
        let report = s
            .books
            .ledger()
            .verify_chain(device.id, |link| {
                let r = zatca::verify::verify(&link.signed_xml);
                match r.hash {
                    Some(h) if h.to_base64() == link.hash && r.is_valid() => Ok(()),
                    _ => Err(format!("ICV {} does not verify", link.icv)),
                }
            })
            .map_err(|e| fail("chain")(e.to_string()))?;
        let audit = ledger::audit::verify(s.books.ledger().conn())
            .map_err(|e| fail("audit")(e.to_string()))?;
        println!(
            "soak: {total} documents ({} simplified, {} standard) issued in {:.1} s, all accepted in {:.1} s",
            st.accepted_reporting,
            st.accepted_clearance,
            issued.as_secs_f64(),
            took.as_secs_f64()
        );
        println!(
            "  {} requests, {faults} injected faults ({:.1} %), {kills} worker kills",
            st.attempts,
            100.0 * faults as f64 / st.attempts.max(1) as f64
        );
        println!(
            "  accepted twice: {}; resends with other bytes: {}; chain: {} documents to ICV {}, {} problems; audit rows {}, {} problems",
            st.uuids_accepted_twice,
            st.uuids_with_differing_bodies,
            report.documents,
            report.last_icv,
            report.problems.len(),
            audit.rows,
            audit.problems.len()
        );
        s.close().await;
        sim.stop().await;
        if st.uuids_accepted_twice != 0
            || st.uuids_with_differing_bodies != 0
            || !report.problems.is_empty()
            || report.last_icv != total
            || !audit.is_intact()
        {
            return Err(CliError::new("the soak broke an invariant (see above)"));
        }
        Ok::<_, CliError>(())
    })
}
