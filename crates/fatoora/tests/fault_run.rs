//! The fault run: 2,000 signed documents sent while 20 % of the requests meet an injected fault
//! of every kind. Each document is accepted exactly once by the server, and every attempt for a
//! document carries the very same bytes (the client never re-signs).

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fatoora::RetryPolicy;
use fatoora_sim::{Endpoint, EndpointFaults, Fault, FaultPlan};
use support::*;
use zatca::api::Environment;

const DOCUMENTS: u64 = 2_000;
const STANDARD_EVERY: u64 = 5; // one in five is a standard invoice (clearance)

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_thousand_documents_through_twenty_percent_faults() {
    let started = Instant::now();
    let h = Harness::start(Environment::Sandbox).await;
    let dev = onboard(
        &h.client(policy()),
        "csr-en-individual-nonproduction",
        "123345",
    )
    .await;

    // Signed once, up front, on both cores; from here on only these bytes travel.
    let halves: Vec<_> = [0, 1]
        .into_iter()
        .map(|half| {
            let signer = dev.signer.clone();
            tokio::task::spawn_blocking(move || {
                (0..DOCUMENTS)
                    .filter(|i| i % 2 == half)
                    .map(|i| {
                        let sample = if i % STANDARD_EVERY == 0 {
                            STANDARD
                        } else {
                            SIMPLIFIED
                        };
                        (i, signed(sample, &new_uuid(10_000 + i), &signer))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut docs: Vec<(u64, Doc)> = Vec::new();
    for half in halves {
        docs.extend(half.await.expect("signing"));
    }
    docs.sort_by_key(|(i, _)| *i);
    let signing = started.elapsed();

    let kinds = vec![
        Fault::Latency { ms: 3 },
        Fault::Latency { ms: 1_500 }, // longer than the request timeout: unknown after sending
        Fault::ServerError { status: 500 },
        Fault::ServerError { status: 503 },
        Fault::ServerError { status: 504 },
        Fault::Unavailable {
            retry_after_secs: 0,
        },
        Fault::Throttle {
            retry_after_secs: 1,
        },
        Fault::DropBefore,
        Fault::DropAfter,
        Fault::Malformed,
    ];
    let mut plan = FaultPlan::default();
    for ep in [Endpoint::Reporting, Endpoint::Clearance] {
        plan.endpoints.insert(
            ep,
            EndpointFaults {
                rate: 0.2,
                kinds: kinds.clone(),
                ..EndpointFaults::default()
            },
        );
    }
    h.sim.set_faults(plan);

    let client = Arc::new(h.client(RetryPolicy {
        max_attempts: 12,
        base_delay: Duration::from_millis(5),
        max_delay: Duration::from_millis(100),
        request_timeout: Duration::from_millis(1_000),
        connect_timeout: Duration::from_millis(500),
        total_budget: Duration::from_secs(60),
    }));
    let creds = Arc::new(dev.production.clone());
    let permits = Arc::new(tokio::sync::Semaphore::new(32));
    let sending = Instant::now();
    let mut tasks = Vec::new();
    for (i, doc) in docs {
        let (client, creds, permits) = (client.clone(), creds.clone(), permits.clone());
        tasks.push(tokio::spawn(async move {
            let _permit = permits.acquire_owned().await.expect("semaphore");
            if i % STANDARD_EVERY == 0 {
                let x = client.clear(&creds, &doc.submission).await;
                (x.outcome.label(), x.outcome.is_accepted(), x.attempts.len())
            } else {
                let x = client.report(&creds, &doc.submission).await;
                (x.outcome.label(), x.outcome.is_accepted(), x.attempts.len())
            }
        }));
    }
    let mut finals: BTreeMap<&str, u64> = BTreeMap::new();
    let mut client_attempts = 0;
    let mut not_accepted = 0;
    for t in tasks {
        let (label, accepted, attempts) = t.await.expect("task");
        *finals.entry(label).or_default() += 1;
        client_attempts += attempts;
        if !accepted {
            not_accepted += 1;
        }
    }
    let sending = sending.elapsed();
    let stats = h.sim.stats().expect("stats");
    let injected: i64 = stats.faults.values().sum();
    let sent_requests = stats.attempts;
    eprintln!(
        "fault run: {DOCUMENTS} documents ({} reporting, {} clearance); signing {signing:.1?}, \
         sending {sending:.1?}; client attempts {client_attempts}; server saw {sent_requests} \
         requests, {injected} faults injected ({:.1} %): {:?}; final outcomes {finals:?}; \
         accepted by the server: {} reporting + {} clearance; accepted twice: {}; \
         documents whose attempts differed in bytes: {}",
        stats.accepted_reporting,
        stats.accepted_clearance,
        100.0 * injected as f64 / sent_requests as f64,
        stats.faults,
        stats.accepted_reporting,
        stats.accepted_clearance,
        stats.uuids_accepted_twice,
        stats.uuids_with_differing_bodies,
    );
    assert_eq!(not_accepted, 0, "every document ends accepted: {finals:?}");
    assert_eq!(
        (stats.accepted_reporting + stats.accepted_clearance) as u64,
        DOCUMENTS,
        "each document accepted exactly once"
    );
    assert_eq!(stats.accepted_clearance as u64, DOCUMENTS / STANDARD_EVERY);
    assert_eq!(stats.uuids_accepted_twice, 0);
    assert_eq!(
        stats.uuids_with_differing_bodies, 0,
        "identical bytes on every resend"
    );
    for kind in [
        "latency",
        "server-error",
        "throttle",
        "drop-before",
        "drop-after",
        "malformed",
    ] {
        assert!(
            stats.faults.get(kind).copied().unwrap_or(0) > 0,
            "{kind} was injected"
        );
    }
    assert!(
        finals.get("duplicate").copied().unwrap_or(0) > 0,
        "answers lost after processing come back as duplicates"
    );
    assert!(
        (0.15..0.25).contains(&(injected as f64 / sent_requests as f64)),
        "about 20 % of the requests met a fault"
    );
}
