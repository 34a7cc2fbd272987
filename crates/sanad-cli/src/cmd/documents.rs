//! `sanad-cli documents list|show`, `sanad-cli worker run [--once]`.

use std::path::PathBuf;

use clap::Subcommand;
use sanad::issuing::{self, Paper};
use sanad::session::Session;

use super::CliError;
use super::ctx::{self, Global};

#[derive(Debug, Subcommand)]
pub enum DocumentsCommand {
    /// The newest documents (or those in one state).
    List {
        /// queued, in_doubt, held, reported, reported_with_warnings, cleared,
        /// cleared_with_warnings, rejected.
        #[arg(long)]
        state: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// One document: its content, state and every submission attempt.
    Show {
        number: String,
        /// Write the XML of record (ZATCA's cleared XML for a cleared standard document).
        #[arg(long, value_name = "OUT.xml")]
        xml: Option<PathBuf>,
        /// Write its PDF/A-3 (a standard document not yet cleared: a marked preview).
        #[arg(long, value_name = "OUT.pdf")]
        pdf: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorkerCommand {
    /// Send what is due to FATOORA; with --once a single round, else until Ctrl-C.
    Run {
        #[arg(long)]
        once: bool,
    },
}

fn bad_state(s: &str) -> CliError {
    CliError {
        message: format!("--state: {s:?} is not a document state\n  «{s}» ليست حالة مستند معروفة"),
        code: 2,
    }
}

pub fn run(global: &Global, cmd: DocumentsCommand) -> Result<(), CliError> {
    let books = global.books()?;
    match cmd {
        DocumentsCommand::List { state, limit, json } => {
            let state = state
                .map(|s| s.parse().map_err(|_| bad_state(&s)))
                .transpose()?;
            let docs = sanad::documents::list(&books, state, limit)?;
            if json {
                return ctx::json(&docs);
            }
            println!(
                "{:<18} {:<12} {:<11} {:<20} {:>14} STATE",
                "NUMBER", "KIND", "FLOW", "ISSUED (UTC)", "TOTAL"
            );
            for d in &docs {
                println!(
                    "{:<18} {:<12} {:<11} {:<20} {:>10} {} {}",
                    d.number,
                    d.kind.as_str(),
                    d.flow.as_str(),
                    d.issued_at.format("%Y-%m-%d %H:%M:%S"),
                    d.total_incl_vat,
                    d.currency,
                    d.status
                );
            }
            Ok(())
        }
        DocumentsCommand::Show {
            number,
            xml,
            pdf,
            json,
        } => {
            let detail = sanad::documents::show(&books, &number)?;
            if let Some(path) = &xml {
                std::fs::write(path, &detail.xml_of_record)
                    .map_err(|e| CliError::new(format!("{}: {e}", path.display())))?;
            }
            if let Some(path) = &pdf {
                let paper = match detail.summary.flow {
                    zatca::model::Flow::Simplified => Paper::Receipt,
                    zatca::model::Flow::Standard => Paper::A4,
                };
                let p = issuing::pdf(&books, detail.summary.id, paper)?;
                std::fs::write(path, &p.bytes)
                    .map_err(|e| CliError::new(format!("{}: {e}", path.display())))?;
            }
            if json {
                return ctx::json(&detail);
            }
            let d = &detail.summary;
            println!(
                "{} {} ({}, {})",
                d.kind.as_str(),
                d.number,
                d.flow.as_str(),
                d.status
            );
            println!("  uuid   {}", d.uuid);
            println!("  icv    {}", d.icv);
            println!("  hash   {}", detail.hash);
            println!("  total  {} {} with VAT", d.total_incl_vat, d.currency);
            if let Some(o) = &d.original_number {
                println!("  corrects {o}");
            }
            println!(
                "  of record: {}",
                if detail.cleared {
                    "ZATCA's cleared XML"
                } else {
                    "the signed XML"
                }
            );
            for a in &detail.attempts {
                println!(
                    "  attempt {} {} {} {} in {} ms{}",
                    a.attempt,
                    a.started_at.format("%Y-%m-%d %H:%M:%S"),
                    a.route,
                    a.outcome,
                    a.duration_ms,
                    a.http_status
                        .map(|s| format!(" (HTTP {s})"))
                        .unwrap_or_default()
                );
                for m in &a.messages {
                    println!("    {} {}: {}", m.kind, m.code, m.message);
                }
            }
            Ok(())
        }
    }
}

pub fn worker(global: &Global, cmd: WorkerCommand) -> Result<(), CliError> {
    let WorkerCommand::Run { once } = cmd;
    let books = global.books()?;
    ctx::runtime()?.block_on(async {
        let s = Session::connect(books).await?;
        let opts = sanad::worker::Options::default();
        let mut alerts = s.events.subscribe();
        let printer = tokio::spawn(async move {
            while let Ok(e) = alerts.recv().await {
                if let sanad::events::Event::Alert { code, en, ar } = e {
                    eprintln!("alert [{code}] {en}\n  {ar}");
                }
            }
        });
        let result = if once {
            sanad::worker::run_once(&s, &opts).await.map(|r| {
                println!(
                    "sent {}: {} accepted, {} rejected, {} to retry, {} held",
                    r.sent, r.accepted, r.rejected, r.retrying, r.held
                );
            })
        } else {
            eprintln!(
                "sending the {} books' queue to FATOORA; Ctrl-C stops",
                s.books.env()
            );
            sanad::worker::run(&s, &opts, async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
        };
        s.close().await;
        printer.abort();
        result?;
        Ok::<_, CliError>(())
    })
}

/// `sanad-cli kpis [--since DATE] [--json]`.
#[derive(Debug, clap::Args)]
pub struct KpisArgs {
    /// From this day (Saudi date) to now; the last 7 days by default.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<chrono::NaiveDate>,
    #[arg(long)]
    pub json: bool,
}

pub fn kpis(global: &Global, args: KpisArgs) -> Result<(), CliError> {
    let books = global.books()?;
    let now = books.clock().now();
    let from = match args.since {
        Some(d) => d.and_time(chrono::NaiveTime::MIN).and_utc() - chrono::Duration::hours(3),
        None => now - chrono::Duration::days(7),
    };
    let k = sanad::kpis::kpis(&books, from, now + chrono::Duration::seconds(1))?;
    if args.json {
        return ctx::json(&k);
    }
    println!(
        "books: {}; from {} to {} (UTC)",
        books.env(),
        k.from.format("%Y-%m-%d %H:%M"),
        k.to.format("%Y-%m-%d %H:%M")
    );
    match k.success_rate {
        Some(r) => println!(
            "delivery: {} of {} documents accepted ({:.1} %)",
            k.documents_accepted,
            k.documents_sent,
            r * 100.0
        ),
        None => println!("delivery: nothing sent in the period"),
    }
    println!(
        "FATOORA response: average {} ms, p95 {} ms, max {} ms over {} attempts",
        k.response_avg_ms, k.response_p95_ms, k.response_max_ms, k.attempts
    );
    if let Some(r) = k.retries_per_document {
        println!("retries per document: {r:.2}");
    }
    for (outcome, n) in &k.by_outcome {
        println!("  {outcome:<24} {n}");
    }
    for r in &k.rejections {
        let what = r.explanation.map(|e| e.what.en.as_str()).unwrap_or("");
        println!("rejected {}× {}: {what}", r.count, r.code);
    }
    if let Some(d) = &k.oldest_unreported {
        println!(
            "oldest unreported simplified document: {} (issued {})",
            d.number,
            d.issued_at.format("%Y-%m-%d %H:%M")
        );
    }
    for d in &k.devices {
        println!(
            "CSID {}: {} days left{}{}",
            d.device,
            d.days_left.map_or("-".to_owned(), |n| n.to_string()),
            if d.renewal_due {
                " — renewal due"
            } else {
                ""
            },
            d.queue_paused
                .as_ref()
                .map(|r| format!(" — queue paused: {r}"))
                .unwrap_or_default()
        );
    }
    for b in &k.bursts {
        println!(
            "BREACH ALARM: {} failures within a minute on {} from {}",
            b.failures,
            b.device,
            b.from.format("%Y-%m-%d %H:%M:%S")
        );
    }
    Ok(())
}
