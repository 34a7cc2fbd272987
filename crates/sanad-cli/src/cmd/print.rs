//! `sanad-cli print`: renders the PDF/A-3b of a stored invoice XML (A4 or the 80 mm receipt).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::CliError;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    A4,
    Receipt,
}

#[derive(Args)]
pub struct PrintArgs {
    /// The XML of record: the signed (simplified) or cleared (standard) invoice.
    pub xml: PathBuf,
    /// Where to write the PDF (default: the XML's path with `.pdf`).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    #[arg(short, long, value_enum, default_value = "a4")]
    pub format: Format,
    /// A company logo (PNG or JPEG).
    #[arg(long)]
    pub logo: Option<PathBuf>,
}

pub fn run(args: PrintArgs) -> Result<(), CliError> {
    let xml = std::fs::read(&args.xml)
        .map_err(|e| CliError::new(format!("cannot read {}: {e}", args.xml.display())))?;
    let logo = args
        .logo
        .as_ref()
        .map(|p| {
            std::fs::read(p).map_err(|e| CliError::new(format!("cannot read {}: {e}", p.display())))
        })
        .transpose()?;
    let layout = match args.format {
        Format::A4 => print::Layout::A4,
        Format::Receipt => print::Layout::Receipt,
    };
    let options = print::Options {
        logo,
        attachment_name: None,
        preview: false,
    };
    let pdf = print::render(&xml, layout, &options)
        .map_err(|e| CliError::new(format!("{}: {e}", args.xml.display())))?;
    let output = args
        .output
        .unwrap_or_else(|| args.xml.with_extension("pdf"));
    std::fs::write(&output, &pdf)
        .map_err(|e| CliError::new(format!("cannot write {}: {e}", output.display())))?;
    println!("{} ({} bytes)", output.display(), pdf.len());
    Ok(())
}
