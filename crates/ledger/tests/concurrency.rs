//! Four threads, each with its own connection, issue 1,000 documents each on ONE device:
//! ICVs are exactly 1..=4000 and the chain holds together.

mod support;

use std::collections::BTreeSet;

use chrono::Duration;
use ledger::Ledger;
use support::{at, request, scratch, setup};

const THREADS: i64 = 4;
const PER_THREAD: i64 = 1_000;

#[test]
fn four_threads_times_a_thousand_issues_give_icv_1_to_4000() {
    let dir = scratch();
    let path = dir.path().join("books.sanad");
    let (ledger, device) = setup(&path);
    drop(ledger);
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut ledger = Ledger::open(&path).expect("open");
                let mut icvs = Vec::with_capacity(PER_THREAD as usize);
                for i in 0..PER_THREAD {
                    let when = at(8, 0) + Duration::seconds(t * PER_THREAD + i);
                    let issued = ledger
                        .issue(&request(device, when), support::sign)
                        .expect("issue");
                    icvs.push(issued.icv);
                }
                icvs
            })
        })
        .collect();
    let mut all = Vec::new();
    for h in handles {
        let icvs = h.join().expect("thread");
        assert!(
            icvs.windows(2).all(|w| w[0] < w[1]),
            "each thread sees its ICVs rise"
        );
        all.extend(icvs);
    }
    let distinct: BTreeSet<i64> = all.iter().copied().collect();
    assert_eq!(all.len(), 4000, "every issue returned");
    assert_eq!(distinct.len(), 4000, "no duplicate ICV");
    assert_eq!(
        distinct.iter().copied().collect::<Vec<_>>(),
        (1..=4000).collect::<Vec<_>>(),
        "no gap"
    );

    let ledger = Ledger::open(&path).unwrap();
    let report = ledger.verify_chain(device, support::check).unwrap();
    assert_eq!((report.documents, report.last_icv), (4000, 4000));
    assert!(
        report.problems.is_empty(),
        "{:?}",
        &report.problems[..report.problems.len().min(5)]
    );
    assert_eq!(
        ledger.series("INV").unwrap().next_seq,
        4001,
        "numbers 1..4000 taken once each"
    );
}
