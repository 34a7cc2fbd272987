//! `sanad-cli company set FILE.json | show [--json]`: the company profile of the books.

use std::path::PathBuf;

use clap::Subcommand;
use sanad::company::Company;

use super::CliError;
use super::ctx::{self, Global};

#[derive(Debug, Subcommand)]
pub enum CompanyCommand {
    /// Set the company profile from a JSON file (see examples/company.json).
    Set {
        /// The profile, as JSON.
        file: PathBuf,
    },
    /// Show the company profile.
    Show {
        /// As JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(global: &Global, cmd: CompanyCommand) -> Result<(), CliError> {
    let books = global.books()?;
    match cmd {
        CompanyCommand::Set { file } => {
            let bytes = std::fs::read(&file).map_err(|e| CliError {
                message: format!("{}: {e}", file.display()),
                code: 2,
            })?;
            let company: Company = serde_json::from_slice(&bytes).map_err(|e| CliError {
                message: format!(
                    "{}: not a company profile: {e}\n  الملف ليس ملف منشأة صالحًا",
                    file.display()
                ),
                code: 2,
            })?;
            sanad::company::set(&books, &company).map_err(ctx::all)?;
            println!(
                "company set for the {} books: {} ({})",
                books.env(),
                company.name_ar,
                company.vat_number
            );
            Ok(())
        }
        CompanyCommand::Show { json } => {
            let company = sanad::company::get(&books)?;
            if json {
                return ctx::json(&company);
            }
            println!("books:        {} — {}", books.env(), books.env().label().0);
            println!("name (ar):    {}", company.name_ar);
            if let Some(en) = &company.name_en {
                println!("name (en):    {en}");
            }
            println!("VAT number:   {}", company.vat_number);
            if sanad::company::is_vat_group(&company.vat_number) {
                println!("              (a VAT group)");
            }
            if let Some(id) = &company.id {
                println!("ID:           {} {}", id.scheme, id.value);
            }
            let a = &company.address;
            println!(
                "address:      {} {}, {}, {} {}, {}",
                a.building_number.as_deref().unwrap_or(""),
                a.street,
                a.district.as_deref().unwrap_or(""),
                a.city,
                a.postal_zone.as_deref().unwrap_or(""),
                a.country
            );
            println!("category:     {}", company.business_category);
            Ok(())
        }
    }
}
