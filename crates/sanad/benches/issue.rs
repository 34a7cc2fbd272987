//! A counter sale from what the cashier entered to the receipt's PDF bytes, through the real
//! services: pre-flight rules, one fsync'd ledger transaction with the device key, the PDF/A-3
//! from the stored bytes. Practice books in a temporary folder; secrets in a passphrase vault.

use criterion::{Criterion, criterion_group, criterion_main};
use sanad::issuing::{self, IssueInput, Options, Paper};
use sanad::secrets::StoreKind;
use sanad::session::Session;
use sanad::{Books, BooksEnv, DataDir, OpenOptions};
use zeroize::Zeroizing;

const COMPANY: &str = include_str!("../../../examples/company.json");
const SALE: &str = include_str!("../../../examples/issue/counter-sale.json");

fn counter_sale(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let s = rt.block_on(async {
        let books = Books::open(
            &DataDir::new(dir.path()),
            BooksEnv::Practice,
            OpenOptions {
                secrets: Some(StoreKind::Vault),
                passphrase: Some(Zeroizing::new("bench passphrase".to_owned())),
                ..OpenOptions::default()
            },
        )
        .expect("books");
        sanad::company::set(&books, &serde_json::from_str(COMPANY).expect("company"))
            .expect("profile");
        sanad::onboarding::add_device(
            &books,
            &sanad::onboarding::NewDevice {
                name: "till-1".into(),
                title: "1100".into(),
                series_prefix: None,
                branch: None,
            },
        )
        .expect("device");
        let s = Session::connect(books).await.expect("session");
        let f = s.fatoora.as_ref().expect("practice");
        sanad::onboarding::onboard(&s.books, f, "till-1", None, &mut |_: &_| {})
            .await
            .expect("onboarded");
        s
    });
    let sale: IssueInput = serde_json::from_str(SALE).expect("sale");
    let opts = Options {
        paper: Some(Paper::Receipt),
        ..Options::default()
    };
    c.bench_function("counter_sale_to_receipt_pdf", |b| {
        b.iter(|| {
            rt.block_on(issuing::issue(&s, &sale, &opts))
                .expect("issued")
        })
    });
    rt.block_on(s.close());
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = counter_sale
}
criterion_main!(benches);
