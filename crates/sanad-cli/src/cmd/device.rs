//! `sanad-cli device add|onboard|list|renew|backup|restore`: the books' devices (EGS units).

use std::path::PathBuf;

use clap::Subcommand;
use sanad::connect::Fatoora;
use sanad::onboarding::{self, DeviceView, NewDevice};

use super::CliError;
use super::ctx::{self, Global};

#[derive(Debug, Subcommand)]
pub enum DeviceCommand {
    /// Add a device (nothing is sent to ZATCA yet).
    Add {
        name: String,
        /// Which documents it issues: 1000 standard, 0100 simplified, 1100 both.
        #[arg(long, default_value = "1100")]
        title: String,
        /// Its own number series prefix (default: made from the name, e.g. TILL1-).
        #[arg(long)]
        prefix: Option<String>,
        /// The branch (the CSR's organisation unit); for a VAT group, the member's 10-digit TIN.
        #[arg(long)]
        branch: Option<String>,
    },
    /// Onboard a device up to active (resumes where it stopped).
    Onboard {
        name: String,
        /// The OTP from the Fatoora portal (practice books take one from their simulator).
        #[arg(long)]
        otp: Option<String>,
    },
    /// List the devices: state, next step, CSID expiry, days left, last ICV.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Renew a device's production CSID (new CSR, new OTP).
    Renew {
        name: String,
        #[arg(long)]
        otp: Option<String>,
    },
    /// Write an encrypted backup of a device's key and CSIDs (SANAD_PASSPHRASE or a prompt).
    Backup {
        name: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a device backup into these books and this machine's keychain.
    Restore { file: PathBuf },
}

fn line(d: &DeviceView) -> String {
    let expiry = d
        .csid_expires
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "-".to_owned());
    let days = d.days_left.map_or("-".to_owned(), |n| n.to_string());
    let mut s = format!(
        "{:<14} {:<11} {:<18} {:<11} {:>5} {:>8}",
        d.name,
        d.state.as_str(),
        d.next_step.as_str(),
        expiry,
        days,
        d.last_icv
    );
    if d.renewal_due {
        s.push_str("  renewal due");
    }
    if let Some(reason) = &d.suspended {
        s.push_str(&format!("\n  suspended: {reason}"));
    }
    if let Some(e) = &d.last_error {
        s.push_str(&format!("\n  last failure: {e}"));
    }
    s
}

pub fn run(global: &Global, cmd: DeviceCommand) -> Result<(), CliError> {
    let books = global.books()?;
    match cmd {
        DeviceCommand::Add {
            name,
            title,
            prefix,
            branch,
        } => {
            let d = onboarding::add_device(
                &books,
                &NewDevice {
                    name,
                    title,
                    series_prefix: prefix,
                    branch,
                },
            )?;
            println!(
                "device {} added to the {} books (title {}, numbers {}…); next: sanad-cli device onboard {}",
                d.name,
                books.env(),
                d.title,
                d.series_prefix.as_deref().unwrap_or(""),
                d.name
            );
            Ok(())
        }
        DeviceCommand::Onboard { name, otp } => {
            let rt = ctx::runtime()?;
            rt.block_on(async {
                let fatoora = Fatoora::connect(&books).await?;
                let mut progress = |p: &onboarding::Progress| match &p.compliance_step {
                    Some(step) => eprintln!("  compliance document passed: {step}"),
                    None => eprintln!("  done: {}", p.done),
                };
                let result =
                    onboarding::onboard(&books, &fatoora, &name, otp.as_deref(), &mut progress)
                        .await;
                fatoora.close().await;
                let d = result?;
                println!(
                    "device {} is {} in the {} books",
                    d.name,
                    d.next_step,
                    books.env()
                );
                Ok::<_, CliError>(())
            })
        }
        DeviceCommand::List { json } => {
            let devices = onboarding::list(&books)?;
            if json {
                return ctx::json(&devices);
            }
            println!("books: {} — {}", books.env(), books.env().label().0);
            println!(
                "{:<14} {:<11} {:<18} {:<11} {:>5} {:>8}",
                "NAME", "STATE", "NEXT STEP", "CSID EXPIRY", "DAYS", "LAST ICV"
            );
            for d in &devices {
                println!("{}", line(d));
            }
            Ok(())
        }
        DeviceCommand::Renew { name, otp } => {
            let rt = ctx::runtime()?;
            rt.block_on(async {
                let fatoora = Fatoora::connect(&books).await?;
                let result = onboarding::renew(&books, &fatoora, &name, otp.as_deref()).await;
                fatoora.close().await;
                let d = result?;
                println!(
                    "device {} renewed: its CSID is valid until {}",
                    d.name,
                    d.csid_expires
                        .map(|t| t.format("%Y-%m-%d").to_string())
                        .unwrap_or_default()
                );
                Ok::<_, CliError>(())
            })
        }
        DeviceCommand::Backup { name, out } => {
            let pass = ctx::passphrase("Passphrase for the backup: ")?;
            let info = sanad::secrets::backup::backup(&books, &name, &out, &pass)?;
            println!(
                "backup of {} written to {} (chain head ICV {})",
                info.device,
                out.display(),
                info.last_icv
            );
            Ok(())
        }
        DeviceCommand::Restore { file } => {
            let pass = ctx::passphrase("Passphrase of the backup: ")?;
            let info = sanad::secrets::backup::restore(&books, &file, &pass)?;
            match &info.suspended {
                None => println!(
                    "device {} restored; it issues from ICV {}",
                    info.device,
                    info.books_icv + 1
                ),
                Some(reason) => println!("device {} restored but suspended: {reason}", info.device),
            }
            Ok(())
        }
    }
}
