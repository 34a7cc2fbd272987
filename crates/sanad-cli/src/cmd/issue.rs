//! `sanad-cli issue INPUT.json`, `sanad-cli note --of NUMBER …`: issuing documents.

use std::path::PathBuf;

use rust_decimal::Decimal;
use sanad::issuing::notes::{NoteInput, NoteLine};
use sanad::issuing::{self, IssueInput, Issued, Paper};
use sanad::session::Session;

use super::CliError;
use super::ctx::{self, Global};

/// Issue a document from a JSON input (docs/issuing.md).
#[derive(Debug, clap::Args)]
pub struct IssueArgs {
    /// The input: customer, lines, payment… (see examples/issue/).
    pub input: PathBuf,
    /// The device (may be left out when the books have one active device).
    #[arg(long)]
    pub device: Option<String>,
    /// Write the PDF/A-3 here (a standard document: A4, a preview until it is cleared).
    #[arg(long, value_name = "OUT.pdf")]
    pub pdf: Option<PathBuf>,
    /// The paper of a simplified document's PDF.
    #[arg(long, value_enum, default_value = "receipt")]
    pub paper: PaperArg,
    /// Print the result as JSON (number, uuid, icv, hash, state, …).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum PaperArg {
    Receipt,
    A4,
}

impl From<PaperArg> for Paper {
    fn from(p: PaperArg) -> Self {
        match p {
            PaperArg::Receipt => Paper::Receipt,
            PaperArg::A4 => Paper::A4,
        }
    }
}

/// Issue a credit or debit note against an invoice.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["credit", "debit"])))]
#[command(group(clap::ArgGroup::new("what").required(true).args(["line", "amount"])))]
pub struct NoteArgs {
    /// The number of the invoice the note corrects.
    #[arg(long)]
    pub of: String,
    /// Its date, for an invoice made before Sanad (not in these books).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub of_date: Option<chrono::NaiveDate>,
    #[arg(long)]
    pub credit: bool,
    #[arg(long)]
    pub debit: bool,
    /// Why the note is issued.
    #[arg(long)]
    pub reason: String,
    /// A line of the original and the quantity: `2:1.5` (repeatable).
    #[arg(long, value_name = "N:QTY")]
    pub line: Vec<String>,
    /// An amount without VAT, in the original's currency.
    #[arg(long)]
    pub amount: Option<Decimal>,
    /// For an invoice made before Sanad: it was a standard (B2B) one, to this customer.
    #[arg(long)]
    pub standard: bool,
    #[arg(long)]
    pub customer: Option<i64>,
    #[arg(long)]
    pub device: Option<String>,
    #[arg(long, value_name = "OUT.pdf")]
    pub pdf: Option<PathBuf>,
    #[arg(long)]
    pub json: bool,
}

fn report(issued: &Issued, pdf: Option<&PathBuf>, json: bool) -> Result<(), CliError> {
    if let (Some(path), Some(p)) = (pdf, &issued.pdf) {
        std::fs::write(path, &p.bytes)
            .map_err(|e| CliError::new(format!("{}: {e}", path.display())))?;
    }
    if json {
        return ctx::json(issued);
    }
    println!(
        "{} {} issued on {}: ICV {}, {} {} with VAT",
        kind_word(issued),
        issued.number,
        issued.device,
        issued.icv,
        issued.total_incl_vat,
        issued.currency
    );
    println!("  uuid  {}", issued.uuid);
    println!("  hash  {}", issued.hash);
    println!("  state {}", issued.state);
    if let Some(c) = &issued.clearance {
        for m in &c.messages {
            println!("  ZATCA {} {}: {}", m.kind, m.code, m.message);
        }
    }
    if let (Some(path), Some(p)) = (pdf, &issued.pdf) {
        let note = if p.preview {
            " (a preview: not valid until cleared by ZATCA)"
        } else {
            ""
        };
        println!("  pdf   {}{note}", path.display());
    }
    Ok(())
}

fn kind_word(i: &Issued) -> &'static str {
    use zatca::model::{DocumentKind as K, Flow as F};
    match (i.kind, i.flow) {
        (K::Invoice, F::Standard) => "tax invoice",
        (K::Invoice, F::Simplified) => "simplified tax invoice",
        (K::CreditNote, _) => "credit note",
        (K::DebitNote, _) => "debit note",
        (K::Prepayment, _) => "prepayment invoice",
    }
}

async fn session(global: &Global) -> Result<Session, CliError> {
    let books = global.books()?;
    Ok(Session::connect(books).await?)
}

pub fn issue(global: &Global, args: IssueArgs) -> Result<(), CliError> {
    let bytes = std::fs::read(&args.input).map_err(|e| CliError {
        message: format!("{}: {e}", args.input.display()),
        code: 2,
    })?;
    let input: IssueInput = serde_json::from_slice(&bytes).map_err(|e| CliError {
        message: format!(
            "{}: not an issue input: {e}\n  الملف ليس مدخلات مستند صالحة",
            args.input.display()
        ),
        code: 2,
    })?;
    ctx::runtime()?.block_on(async {
        let s = session(global).await?;
        let opts = issuing::Options {
            device: args.device.clone(),
            paper: args.pdf.as_ref().map(|_| args.paper.into()),
            clear_now: true,
        };
        let result = issuing::issue(&s, &input, &opts).await;
        s.close().await;
        report(&result.map_err(ctx::all)?, args.pdf.as_ref(), args.json)
    })
}

fn parse_line(s: &str) -> Result<NoteLine, CliError> {
    let bad = || CliError {
        message: format!(
            "--line {s:?}: write N:QTY, the original's line number and a quantity (2:1.5)\n  \
             اكتب رقم السطر والكمية بالشكل N:QTY"
        ),
        code: 2,
    };
    let (n, q) = s.split_once(':').ok_or_else(bad)?;
    Ok(NoteLine {
        line: n.trim().parse().map_err(|_| bad())?,
        quantity: q.trim().parse().map_err(|_| bad())?,
    })
}

pub fn note(global: &Global, args: NoteArgs) -> Result<(), CliError> {
    let lines = args
        .line
        .iter()
        .map(|l| parse_line(l))
        .collect::<Result<Vec<_>, _>>()?;
    let input = NoteInput {
        of: args.of.clone(),
        of_date: args.of_date,
        credit: args.credit,
        reason: args.reason.clone(),
        lines,
        amount: args.amount,
        flow: args.standard.then_some(zatca::model::Flow::Standard),
        customer_id: args.customer,
        vat: None,
    };
    ctx::runtime()?.block_on(async {
        let s = session(global).await?;
        let opts = issuing::Options {
            device: args.device.clone(),
            paper: args.pdf.as_ref().map(|_| Paper::A4),
            clear_now: true,
        };
        let result = issuing::notes::note(&s, &input, &opts).await;
        s.close().await;
        report(&result.map_err(ctx::all)?, args.pdf.as_ref(), args.json)
    })
}
