//! Soak: documents through the simulator with about 20 % injected faults of every kind while
//! the worker (its own process, `sanad-cli worker run`) is killed with SIGKILL at random
//! moments. Every document accepted exactly once by the simulator's own count, no signed bytes
//! changed after issue, ICVs without gaps, the audit chain intact. (The bigger run is
//! `sanad-cli bench soak`.) Run under `scripts/with-keyring.sh`.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_sanad-cli");
const COMPANY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/company.json");
const SALE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/issue/counter-sale.json"
);
const B2B: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/issue/standard-invoice.json"
);

fn faults() -> serde_json::Value {
    let kinds = serde_json::json!([
        { "kind": "server-error", "status": 500 },
        { "kind": "server-error", "status": 502 },
        { "kind": "unavailable", "retry_after_secs": 0 },
        { "kind": "throttle", "retry_after_secs": 0 },
        { "kind": "drop-before" },
        { "kind": "drop-after" },
        { "kind": "malformed" },
        { "kind": "latency", "ms": 150 }
    ]);
    serde_json::json!({ "endpoints": {
        "reporting": { "rate": 0.2, "kinds": kinds },
        "clearance": { "rate": 0.2, "kinds": kinds }
    }})
}

fn run(data: &std::path::Path, url: &str, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(["--env", "simulation", "--fatoora-url", url])
        .args(args)
        .output()
        .expect("sanad-cli")
}

fn ok(data: &std::path::Path, url: &str, args: &[&str]) -> String {
    let o = run(data, url, args);
    assert!(
        o.status.success(),
        "{args:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn worker(data: &std::path::Path, url: &str) -> Child {
    Command::new(BIN)
        .arg("--data-dir")
        .arg(data)
        .args(["--env", "simulation", "--fatoora-url", url, "worker", "run"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("worker")
}

#[test]
fn faults_and_killed_workers_never_duplicate_or_change_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let plan = dir.path().join("faults.json");
    std::fs::write(&plan, faults().to_string()).unwrap();
    let db = dir.path().join("zatca.sqlite");
    let mut sim = Command::new(BIN)
        .args([
            "sim",
            "--env",
            "simulation",
            "--port",
            &port.to_string(),
            "--otp",
            "654321",
        ])
        .arg("--db")
        .arg(&db)
        .arg("--faults")
        .arg(&plan)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let url = format!("http://127.0.0.1:{port}/e-invoicing/simulation");
    let data = dir.path().join("data");
    ok(&data, &url, &["company", "set", COMPANY]);
    ok(&data, &url, &["device", "add", "till-1"]);
    ok(
        &data,
        &url,
        &["device", "onboard", "till-1", "--otp", "654321"],
    );

    let started = Instant::now();
    let (simplified, standard) = (160, 40);
    // Issuing goes on while workers are started and killed at random moments.
    let mut rng = fastrand::Rng::with_seed(17);
    let mut kills = 0;
    let mut w = worker(&data, &url);
    for i in 0..simplified + standard {
        let input = if i % 5 == 4 { B2B } else { SALE };
        ok(&data, &url, &["issue", input]);
        if kills < 10 && rng.u8(0..10) == 0 {
            std::thread::sleep(Duration::from_millis(rng.u64(0..400)));
            w.kill().unwrap(); // SIGKILL
            w.wait().unwrap();
            kills += 1;
            w = worker(&data, &url);
        }
    }
    while kills < 10 {
        std::thread::sleep(Duration::from_millis(rng.u64(100..600)));
        w.kill().unwrap();
        w.wait().unwrap();
        kills += 1;
        w = worker(&data, &url);
    }
    // Let the last worker drain the queue.
    let total = simplified + standard;
    let deadline = Instant::now() + Duration::from_secs(300);
    let final_states = [
        "reported",
        "reported_with_warnings",
        "cleared",
        "cleared_with_warnings",
    ];
    loop {
        let list: serde_json::Value = serde_json::from_str(&ok(
            &data,
            &url,
            &["documents", "list", "--limit", "1000", "--json"],
        ))
        .unwrap();
        let docs = list.as_array().unwrap();
        let done = docs
            .iter()
            .filter(|d| final_states.contains(&d["status"].as_str().unwrap_or("")))
            .count();
        if docs.len() == total && done == total {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{done} of {total} accepted: {docs:?}"
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    w.kill().unwrap();
    w.wait().unwrap();
    let took = started.elapsed();

    // The simulator's own count: each document accepted once, no resend differing in bytes.
    let _ = sim.kill();
    let _ = sim.wait();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let one = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(one("SELECT count(*) FROM documents"), total as i64);
    assert_eq!(
        one("SELECT count(DISTINCT uuid) FROM documents"),
        total as i64
    );
    let differing = one(
        "SELECT count(*) FROM (SELECT uuid FROM attempts WHERE uuid IS NOT NULL
             AND endpoint IN ('reporting', 'clearance')
         GROUP BY uuid HAVING count(DISTINCT body_sha256) > 1)",
    );
    assert_eq!(differing, 0, "a resend carried other bytes");
    let faults = one("SELECT count(*) FROM attempts WHERE fault IS NOT NULL");
    assert!(faults > 0, "faults were injected");

    // The books: the chain verifies link by link with the engine (so no signed byte changed:
    // every stored hash is the hash of the stored bytes), ICVs 1..n without a gap, the audit
    // log intact.
    let books = ledger::Ledger::open(data.join("simulation/books.sqlite")).unwrap();
    let device = &books.devices().unwrap()[0];
    let report = books
        .verify_chain(device.id, |link| {
            let r = zatca::verify::verify(&link.signed_xml);
            match r.hash {
                Some(h) if h.to_base64() == link.hash && r.is_valid() => Ok(()),
                _ => Err(format!("ICV {} does not verify", link.icv)),
            }
        })
        .unwrap();
    assert_eq!(report.documents, total as u64);
    assert_eq!(report.last_icv, total as i64);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(ledger::audit::verify(books.conn()).unwrap().is_intact());
    eprintln!(
        "soak: {total} documents, {faults} faults injected, {kills} worker kills, {:.1} s",
        took.as_secs_f64()
    );
}
