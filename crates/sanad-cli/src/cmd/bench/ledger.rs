//! `sanad-cli bench ledger`: fills a ledger with real signed documents through the chain
//! allocator, then measures what a shop feels: file size per document, open time, the newest
//! page, searches by customer name and by number, and insert rates.
//!
//! Document bodies: the engine's own drafts (the `simplified-invoice` and `standard-invoice`
//! scenarios), each document with its number, UUID, issue time, ICV, PIH and quantity, prepared
//! and signed for real with the SDK test certificate, as the shop's till signs them. Signing
//! costs about 0.06 ms a document (`sanad-cli bench engine`), a few per cent of an insert.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, TimeZone, Utc};
use clap::Args;
use ledger::customers::CustomerFields;
use ledger::devices::{DeviceState, NewDevice};
use ledger::search::{DocumentQuery, PageCursor};
use ledger::{ChainSlot, IssueRequest, Ledger, SignedDocument};
use rust_decimal::Decimal;
use zatca::api::Environment;
use zatca::csr::CsrFields;
use zatca::model::{DocumentKind, Flow};
use zatca::stamp::Signer;
use zatca::{ChainFields, Draft};

use crate::cmd::CliError;

#[derive(Args)]
pub struct LedgerBench {
    /// Documents to store.
    #[arg(long, default_value_t = 1_000_000)]
    documents: u64,
    /// Customers the standard documents are spread over.
    #[arg(long, default_value_t = 10_000)]
    customers: u64,
    /// Documents per transaction while filling (the bulk path, `issue_many`).
    #[arg(long, default_value_t = 1_000)]
    batch: u64,
    /// Documents issued one transaction (and one flush) each, to time the counter path.
    #[arg(long, default_value_t = 300)]
    single: u64,
    /// Directory for the database (default: a new directory under the system temp dir).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Keep the database afterwards.
    #[arg(long)]
    keep: bool,
    /// Train the body dictionary on Sanad's own signed documents, write it to this file and
    /// stop (the ledger ships it as `crates/ledger/dict/v1.zstd-dict`).
    #[arg(long, value_name = "OUT")]
    train_dictionary: Option<PathBuf>,
}

fn fail(what: &str) -> impl FnOnce(ledger::LedgerError) -> CliError + '_ {
    move |e| CliError::new(format!("{what}: {e}"))
}

const SIMPLIFIED: &[u8] =
    include_bytes!("../../../../zatca/tests/scenarios/simplified-invoice/draft.json");
const STANDARD: &[u8] =
    include_bytes!("../../../../zatca/tests/scenarios/standard-invoice/draft.json");
const KEY: &[u8] =
    include_bytes!("../../../../../vendor/zatca-sdk/Data/Certificates/ec-secp256k1-priv-key.pem");
const CERT: &[u8] = include_bytes!("../../../../../vendor/zatca-sdk/Data/Certificates/cert.pem");

/// Saudi time (Asia/Riyadh, UTC+03:00, no daylight saving): what every document carries.
fn saudi() -> FixedOffset {
    FixedOffset::east_opt(3 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
}

/// The till: the engine's drafts, and a key with its certificate.
struct Till {
    signer: Signer,
    simplified: Draft,
    standard: Draft,
    /// Signed bytes made so far.
    body_bytes: std::cell::Cell<u64>,
}

impl Till {
    fn new() -> Result<Self, CliError> {
        let draft = |json: &[u8]| {
            Draft::from_json(json).map_err(|e| CliError::new(format!("bench draft: {e}")))
        };
        Ok(Self {
            signer: Signer::from_any(KEY, CERT)
                .map_err(|e| CliError::new(format!("bench signer: {e}")))?,
            simplified: draft(SIMPLIFIED)?,
            standard: draft(STANDARD)?,
            body_bytes: std::cell::Cell::new(0),
        })
    }

    /// Prepares the document of `slot` from the draft of its flow and signs it.
    fn sign(&self, slot: &ChainSlot, flow: Flow) -> Result<SignedDocument, CliError> {
        let mut draft = match flow {
            Flow::Standard => self.standard.clone(),
            Flow::Simplified => self.simplified.clone(),
        };
        let icv = slot.icv as u64;
        draft.number = slot.number.clone();
        draft.uuid = format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            icv >> 16,
            icv & 0xffff,
            icv % 0xfff,
            icv % 0x7ff,
            icv
        );
        let local = slot.issued_at.with_timezone(&saudi());
        draft.issue_date = local.date_naive();
        draft.issue_time = local.time();
        if let Some(line) = draft.lines.first_mut() {
            line.quantity = Decimal::from(1 + icv % 20);
        }
        let chain = ChainFields {
            icv,
            pih: slot.pih.clone(),
        };
        let prepared = zatca::prepare(&draft, &chain)
            .map_err(|e| CliError::new(format!("prepare {}: {e}", slot.number)))?;
        let signed = zatca::stamp::sign(&prepared.xml, &self.signer, local.naive_local())
            .map_err(|e| CliError::new(format!("sign {}: {e}", slot.number)))?;
        self.body_bytes
            .set(self.body_bytes.get() + signed.xml.len() as u64);
        Ok(SignedDocument {
            xml: signed.xml,
            hash: signed.hash.to_base64(),
            qr: signed.qr,
            uuid: draft.uuid,
            currency: draft.currency,
            totals: prepared.totals,
        })
    }
}

const FIRST_AR: [&str; 20] = [
    "محمد",
    "أحمد",
    "عبدالله",
    "خالد",
    "فهد",
    "سعد",
    "عمر",
    "يوسف",
    "ناصر",
    "سلمان",
    "فيصل",
    "تركي",
    "سارة",
    "نورة",
    "هند",
    "ريم",
    "لطيفة",
    "منيرة",
    "عائشة",
    "مها",
];
const FIRST_EN: [&str; 20] = [
    "Mohammed", "Ahmed", "Abdullah", "Khalid", "Fahad", "Saad", "Omar", "Yousef", "Nasser",
    "Salman", "Faisal", "Turki", "Sarah", "Noura", "Hind", "Reem", "Latifa", "Munira", "Aisha",
    "Maha",
];
const FAMILY_AR: [&str; 25] = [
    "الشهري",
    "القحطاني",
    "العتيبي",
    "الدوسري",
    "الغامدي",
    "الزهراني",
    "الحربي",
    "المطيري",
    "الشمري",
    "العنزي",
    "السبيعي",
    "البقمي",
    "المالكي",
    "العمري",
    "الأحمدي",
    "الجهني",
    "الرشيدي",
    "السهلي",
    "الخالدي",
    "التميمي",
    "الفيفي",
    "اليامي",
    "الكثيري",
    "الهاجري",
    "النعيمي",
];
const FAMILY_EN: [&str; 25] = [
    "Alshehri",
    "Alqahtani",
    "Alotaibi",
    "Aldosari",
    "Alghamdi",
    "Alzahrani",
    "Alharbi",
    "Almutairi",
    "Alshammari",
    "Alanazi",
    "Alsubaie",
    "Albuqami",
    "Almalki",
    "Alomari",
    "Alahmadi",
    "Aljuhani",
    "Alrashidi",
    "Alsahli",
    "Alkhaldi",
    "Altamimi",
    "Alfaifi",
    "Alyami",
    "Alkathiri",
    "Alhajri",
    "Alnuaimi",
];
const TRADE_AR: [&str; 8] = [
    "للتجارة",
    "للمقاولات",
    "للأغذية",
    "للسيارات",
    "للإلكترونيات",
    "للعطور",
    "للأثاث",
    "للخدمات",
];
const TRADE_EN: [&str; 8] = [
    "Trading",
    "Contracting",
    "Foods",
    "Motors",
    "Electronics",
    "Perfumes",
    "Furniture",
    "Services",
];

fn customer(i: u64) -> CustomerFields {
    let (f, s, t) = (
        (i % 20) as usize,
        ((i / 20) % 25) as usize,
        ((i / 500) % 8) as usize,
    );
    CustomerFields {
        name_ar: format!("مؤسسة {} {} {} {i}", FIRST_AR[f], FAMILY_AR[s], TRADE_AR[t]),
        name_en: Some(format!(
            "{} {} {} Est. {i}",
            FIRST_EN[f], FAMILY_EN[s], TRADE_EN[t]
        )),
        vat_number: Some(format!("3{:013}3", 1_000_000_000 + i)),
        crn: Some(format!("{}", 1_010_000_000 + i)),
        city: Some("الرياض".to_owned()),
        country_code: "SA".to_owned(),
        ..CustomerFields::default()
    }
}

struct Timing(Vec<Duration>);

impl Timing {
    fn measure<T>(
        runs: usize,
        mut f: impl FnMut(usize) -> Result<T, CliError>,
    ) -> Result<Self, CliError> {
        let mut v = Vec::with_capacity(runs);
        for i in 0..runs {
            let t = Instant::now();
            f(i)?;
            v.push(t.elapsed());
        }
        Ok(Self(v))
    }

    fn line(&self, what: &str, target_ms: Option<f64>) {
        let mut v = self.0.clone();
        v.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let p = |q: f64| ms(v[((v.len() - 1) as f64 * q).round() as usize]);
        let target = target_ms.map_or(String::new(), |t| {
            format!(
                "  (target ≤ {t} ms: {})",
                if p(0.95) <= t {
                    "met at p95"
                } else {
                    "MISSED at p95"
                }
            )
        });
        println!(
            "{what:<44} first {:>8.3} ms  median {:>8.3} ms  p95 {:>8.3} ms  max {:>8.3} ms{target}",
            ms(self.0[0]),
            p(0.5),
            p(0.95),
            ms(*v.last().unwrap_or(&Duration::ZERO))
        );
    }
}

fn dir_size(db: &Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", db.display())).ok())
        .map(|m| m.len())
        .sum()
}

/// The engine's test data, read where the repository has it (the trainer is a tool of the
/// repository, not of an installed Sanad).
const ZATCA_TESTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../zatca/tests");

/// Variants of each scenario the dictionary is trained on.
const TRAIN_VARIANTS: u64 = 60;

/// The dictionary's size: 64 KiB, stored once per signing certificate in the books.
const DICTIONARY_SIZE: usize = 64 * 1024;

fn read_dir_sorted(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, CliError> {
    let mut out = Vec::new();
    let entries =
        std::fs::read_dir(dir).map_err(|e| CliError::new(format!("{}: {e}", dir.display())))?;
    for e in entries {
        let p = e
            .map_err(|e| CliError::new(format!("{}: {e}", dir.display())))?
            .path();
        if p.extension().is_some_and(|x| x == ext) || (ext.is_empty() && p.is_dir()) {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

fn read(p: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(p).map_err(|e| CliError::new(format!("{}: {e}", p.display())))
}

/// Trains the body dictionary, reproducibly: the engine's signed goldens, and every engine
/// scenario in [`TRAIN_VARIANTS`] variants (number, UUID, time, quantity, ICV, PIH chained),
/// signed by the goldens' device (its certificate `tests/signed/device.pem`, its fixed test key)
/// at fixed times. Not the SDK certificate the ledger bench signs with: the bench then measures
/// a device whose certificate the shipped dictionary does not know, as every shop's is.
fn train(out: &Path) -> Result<(), CliError> {
    use sha2::Digest as _;
    let tests = Path::new(ZATCA_TESTS);
    let key = k256::ecdsa::SigningKey::from_slice(&sha2::Sha256::digest(b"sanad test device"))
        .map_err(|e| CliError::new(format!("trainer key: {e}")))?;
    let cert = zatca::stamp::Certificate::from_any(&read(&tests.join("signed/device.pem"))?)
        .map_err(|e| CliError::new(format!("trainer certificate: {e}")))?;
    let signer =
        Signer::new(key, cert).map_err(|e| CliError::new(format!("trainer signer: {e}")))?;
    let mut samples: Vec<Vec<u8>> = Vec::new();
    for p in read_dir_sorted(&tests.join("signed"), "xml")? {
        samples.push(read(&p)?);
    }
    let goldens = samples.len();
    let start = Utc
        .with_ymd_and_hms(2026, 1, 1, 5, 0, 0)
        .single()
        .unwrap_or_default();
    for dir in read_dir_sorted(&tests.join("scenarios"), "")? {
        let json = dir.join("draft.json");
        if !json.exists() {
            continue;
        }
        let draft = Draft::from_json(&read(&json)?)
            .map_err(|e| CliError::new(format!("{}: {e}", json.display())))?;
        let mut pih = ledger::GENESIS_PIH.to_owned();
        for v in 0..TRAIN_VARIANTS {
            let mut d = draft.clone();
            let prefix: String = d.number.chars().take(4).collect();
            d.number = format!("{prefix}{:06}", 1 + v * 37);
            d.uuid = format!(
                "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                v.wrapping_mul(2_654_435_761) & 0xffff_ffff,
                v & 0xffff,
                (v * 7) % 0xfff,
                (v * 13) % 0xfff,
                v.wrapping_mul(0x9e37_79b9_7f4a) & 0xffff_ffff_ffff
            );
            let when =
                (start + chrono::Duration::seconds((v * 5_003) as i64)).with_timezone(&saudi());
            d.issue_date = when.date_naive();
            d.issue_time = when.time();
            if let Some(line) = d.lines.first_mut() {
                line.quantity = Decimal::from(1 + v % 20);
            }
            let chain = ChainFields { icv: v + 1, pih };
            let prepared = zatca::prepare(&d, &chain)
                .map_err(|e| CliError::new(format!("{}: {e}", json.display())))?;
            let signed = zatca::stamp::sign(&prepared.xml, &signer, when.naive_local())
                .map_err(|e| CliError::new(format!("{}: {e}", json.display())))?;
            pih = signed.hash.to_base64();
            samples.push(signed.xml);
        }
    }
    let bytes: usize = samples.iter().map(Vec::len).sum();
    let dictionary = zstd::dict::from_samples(&samples, DICTIONARY_SIZE)
        .map_err(|e| CliError::new(format!("training: {e}")))?;
    std::fs::write(out, &dictionary)
        .map_err(|e| CliError::new(format!("{}: {e}", out.display())))?;
    println!(
        "body dictionary: {} bytes from {} signed documents ({goldens} goldens, {} generated; {bytes} bytes) written to {}",
        dictionary.len(),
        samples.len(),
        samples.len() - goldens,
        out.display()
    );
    Ok(())
}

pub fn run(args: LedgerBench) -> Result<(), CliError> {
    if let Some(out) = &args.train_dictionary {
        return train(out);
    }
    if args.documents == 0 || args.batch == 0 || args.customers == 0 {
        return Err(CliError::new(
            "--documents, --batch and --customers must be at least 1",
        ));
    }
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => std::env::temp_dir().join(format!("sanad-bench-ledger-{}", std::process::id())),
    };
    std::fs::create_dir_all(&dir).map_err(|e| CliError::new(format!("{}: {e}", dir.display())))?;
    let db = dir.join("bench.sanad");
    if db.exists() {
        return Err(CliError::new(format!(
            "{} exists; choose an empty --dir",
            db.display()
        )));
    }
    let result = bench(&args, &db);
    if !args.keep {
        for s in [
            "",
            "-wal",
            "-shm",
            ".chain-guard",
            ".chain-guard-wal",
            ".chain-guard-shm",
        ] {
            let _ = std::fs::remove_file(format!("{}{s}", db.display()));
        }
        if args.dir.is_none() {
            let _ = std::fs::remove_dir(&dir);
        }
    }
    result
}

fn bench(args: &LedgerBench, db: &Path) -> Result<(), CliError> {
    let till = Till::new()?;
    println!(
        "sanad-cli bench ledger: {} documents, {} customers, database {}",
        args.documents,
        args.customers,
        db.display()
    );
    println!(
        "document bodies: the engine's simplified-invoice and standard-invoice drafts, each with its own number, UUID, issue time, ICV, PIH and quantity, prepared and signed with the SDK test certificate"
    );

    let mut ledger = Ledger::open(db).map_err(fail("open"))?;
    ledger
        .add_series("INV", "INV-", 7)
        .map_err(fail("series"))?;
    let device = ledger
        .add_device(&NewDevice {
            uuid: None,
            series_prefix: None,
            name: "bench-till".to_owned(),
            environment: Environment::Simulation,
            csr: CsrFields {
                common_name: "EGS-bench".to_owned(),
                serial_number: "1-Sanad|2-Bench|3-0001".to_owned(),
                organization_unit: "Riyadh".to_owned(),
                vat_number: "399999999900003".to_owned(),
                organization: "Sanad Bench".to_owned(),
                country: "SA".to_owned(),
                invoice_types: "1100".to_owned(),
                location_address: "Riyadh".to_owned(),
                business_category: "Retail".to_owned(),
            },
        })
        .map_err(fail("device"))?;
    let not_after = Utc
        .with_ymd_and_hms(2031, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    ledger
        .set_device_certificate(
            device.id,
            DeviceState::Production,
            "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
            not_after,
        )
        .map_err(fail("certificate"))?;

    let t = Instant::now();
    let mut customer_ids = Vec::with_capacity(args.customers as usize);
    for i in 0..args.customers {
        customer_ids.push(
            ledger
                .add_customer(&customer(i))
                .map_err(fail("customer"))?
                .id,
        );
    }
    println!(
        "customers: {} added in {:.1?} (one transaction each)",
        args.customers,
        t.elapsed()
    );

    // Six years of trading, oldest first.
    let start = Utc
        .with_ymd_and_hms(2020, 1, 1, 8, 0, 0)
        .single()
        .unwrap_or_default();
    let step = (6 * 365 * 24 * 3600) as f64 / args.documents as f64;
    let request = |n: u64| IssueRequest {
        device_id: device.id,
        series: "INV".to_owned(),
        kind: DocumentKind::Invoice,
        flow: if n % 5 < 2 {
            Flow::Standard
        } else {
            Flow::Simplified
        },
        issued_at: start + chrono::Duration::seconds((n as f64 * step) as i64),
        customer_id: (n % 5 < 2)
            .then(|| customer_ids[(n.wrapping_mul(2_654_435_761) % args.customers) as usize]),
        original_number: None,
        draft_id: None,
    };

    let bulk = args.documents.saturating_sub(args.single);
    let t = Instant::now();
    let mut n = 0;
    let mut last_report = Instant::now();
    while n < bulk {
        let size = args.batch.min(bulk - n);
        let reqs: Vec<IssueRequest> = (n..n + size).map(request).collect();
        let batch: Vec<(&IssueRequest, _)> = reqs
            .iter()
            .map(|r| (r, |slot: &ChainSlot| till.sign(slot, r.flow)))
            .collect();
        ledger
            .issue_many(device.id, batch)
            .map_err(|e| CliError::new(format!("issue: {e}")))?;
        n += size;
        if last_report.elapsed() > Duration::from_secs(15) {
            eprintln!(
                "  … {n} documents, {:.0} per second",
                n as f64 / t.elapsed().as_secs_f64()
            );
            last_report = Instant::now();
        }
    }
    let bulk_time = t.elapsed();

    let t = Instant::now();
    for i in bulk..args.documents {
        let req = request(i);
        ledger
            .issue(&req, |slot| till.sign(slot, req.flow))
            .map_err(|e| CliError::new(format!("issue: {e}")))?;
    }
    let single_time = t.elapsed();
    drop(ledger);

    let size = dir_size(db);
    println!();
    println!(
        "insert, bulk ({} per transaction): {bulk} documents in {bulk_time:.1?} = {:.0} documents/s",
        args.batch,
        bulk as f64 / bulk_time.as_secs_f64()
    );
    if args.single > 0 {
        let single = args.documents - bulk;
        println!(
            "insert, one transaction each (counter path, synchronous=FULL): {single} documents in {single_time:.1?} = {:.0} documents/s, {:.2} ms each",
            single as f64 / single_time.as_secs_f64(),
            single_time.as_secs_f64() * 1e3 / single as f64
        );
    }
    let body_bytes = till.body_bytes.get();
    println!(
        "database: {size} bytes = {:.0} bytes per document (signed body {:.0} bytes on average)",
        size as f64 / args.documents as f64,
        body_bytes as f64 / args.documents as f64
    );

    let t = Instant::now();
    let ledger = Ledger::open(db).map_err(fail("reopen"))?;
    println!("open: {:.3} ms", t.elapsed().as_secs_f64() * 1e3);
    let (stored, dictionaries): (f64, i64) = ledger
        .conn()
        .query_row(
            "SELECT (SELECT avg(length(signed_xml)) FROM document_bodies),
                 (SELECT count(*) FROM body_dictionaries)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(|e| CliError::new(format!("bodies: {e}")))?;
    println!(
        "stored bodies: {stored:.0} bytes on average, compressed with {dictionaries} dictionaries"
    );

    let runs = 200;
    Timing::measure(runs, |_| {
        ledger.newest_documents(None, 50).map_err(fail("newest"))
    })?
    .line("newest 50 documents", Some(10.0));
    let page = ledger.newest_documents(None, 50).map_err(fail("newest"))?;
    let cursor = page.last().map(PageCursor::of);
    Timing::measure(runs, |_| {
        ledger
            .newest_documents(cursor.clone(), 50)
            .map_err(fail("page 2"))
    })?
    .line("next 50 (keyset page 2)", Some(10.0));

    let pick = |i: usize| (i as u64).wrapping_mul(7_919) % args.customers;
    let by_name = |name: String| DocumentQuery {
        customer_name: Some(name),
        ..DocumentQuery::default()
    };
    Timing::measure(runs, |i| {
        let c = customer(pick(i));
        ledger
            .search_documents(&by_name(c.name_ar), 50)
            .map_err(fail("search"))
    })?
    .line("search by customer name (full Arabic name)", Some(20.0));
    Timing::measure(runs, |i| {
        ledger
            .search_documents(&by_name(FAMILY_AR[i % 25].to_owned()), 50)
            .map_err(fail("search"))
    })?
    .line("search by customer name (Arabic family name)", Some(20.0));
    Timing::measure(runs, |i| {
        let f = (pick(i) % 20) as usize;
        let s = ((pick(i) / 20) % 25) as usize;
        ledger
            .search_documents(&by_name(format!("{} {}", FIRST_EN[f], FAMILY_EN[s])), 50)
            .map_err(fail("search"))
    })?
    .line("search by customer name (English, partial)", Some(20.0));
    Timing::measure(runs, |i| {
        let number = format!(
            "INV-{:07}",
            1 + (i as u64).wrapping_mul(104_729) % args.documents
        );
        let q = DocumentQuery {
            number: Some(number),
            ..DocumentQuery::default()
        };
        let found = ledger.search_documents(&q, 50).map_err(fail("search"))?;
        if found.len() == 1 {
            Ok(())
        } else {
            Err(CliError::new(format!(
                "number search found {}",
                found.len()
            )))
        }
    })?
    .line("search by number (exact)", Some(20.0));
    Timing::measure(runs, |i| {
        let prefix = format!(
            "INV-{:05}",
            (i as u64).wrapping_mul(31) % (args.documents / 100).max(1)
        );
        let q = DocumentQuery {
            number: Some(prefix),
            ..DocumentQuery::default()
        };
        ledger.search_documents(&q, 50).map_err(fail("search"))
    })?
    .line("search by number prefix (100 matches)", Some(20.0));
    Timing::measure(runs, |i| {
        let c = customer(pick(i));
        let q = DocumentQuery {
            vat_number: c.vat_number,
            ..DocumentQuery::default()
        };
        ledger.search_documents(&q, 50).map_err(fail("search"))
    })?
    .line("search by customer VAT number", None);
    Timing::measure(runs, |i| {
        let from = start + chrono::Duration::days((i as i64 * 11) % 2000);
        let q = DocumentQuery {
            from: Some(from),
            to: Some(from + chrono::Duration::days(7)),
            min_total: Some(Decimal::new(100_000, 2)),
            max_total: Some(Decimal::new(200_000, 2)),
            ..DocumentQuery::default()
        };
        ledger.search_documents(&q, 50).map_err(fail("search"))
    })?
    .line("search by week + amount 1000..2000 SAR", None);
    drop(ledger);
    queue(db)
}

/// What the submission worker costs the ledger: claim a round of documents, record one accepted
/// attempt for each in one transaction, against recording attempts one transaction each.
fn queue(db: &Path) -> Result<(), CliError> {
    use ledger::submissions::{Attempt, Outcome};
    let mut ledger = Ledger::open(db).map_err(fail("reopen"))?;
    let attempt = |c: &ledger::queue::Claimed, worker: Option<&str>| Attempt {
        worker: worker.map(str::to_owned),
        route: c.route(),
        endpoint: c.route().path().to_owned(),
        started_at: Utc::now(),
        duration_ms: 90,
        http_status: Some(200),
        outcome: Outcome::Accepted,
        messages: Vec::new(),
        cleared_xml: (c.route() == zatca::api::Route::Clearance).then(|| c.signed_xml.clone()),
        retry_at: None,
    };
    let (rounds, per_round) = (20, 50);
    let t = Instant::now();
    let mut sent = 0;
    for _ in 0..rounds {
        let now = Utc::now();
        let claimed = ledger
            .claim_next("bench", now, now + chrono::Duration::seconds(60), per_round)
            .map_err(fail("claim"))?;
        let attempts: Vec<_> = claimed
            .iter()
            .map(|c| (c.summary.id, attempt(c, Some("bench"))))
            .collect();
        ledger.record_attempts(&attempts).map_err(fail("record"))?;
        sent += claimed.len();
    }
    let batched = t.elapsed();
    println!(
        "queue, claim_next + record_attempts ({per_round} per round): {sent} documents in {batched:.1?} = {:.0} documents/s",
        sent as f64 / batched.as_secs_f64()
    );
    let now = Utc::now();
    let claimed = ledger
        .claim_next("bench", now, now + chrono::Duration::seconds(60), 100)
        .map_err(fail("claim"))?;
    let t = Instant::now();
    for c in &claimed {
        ledger
            .record_attempt(c.summary.id, &attempt(c, Some("bench")))
            .map_err(fail("record"))?;
    }
    let single = t.elapsed();
    println!(
        "queue, record_attempt one transaction each: {} documents in {single:.1?} = {:.0} documents/s",
        claimed.len(),
        claimed.len() as f64 / single.as_secs_f64()
    );
    Ok(())
}
