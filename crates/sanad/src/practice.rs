//! Practice mode: books on the built-in simulator (nothing goes to ZATCA) with a sample company
//! and a device onboarded, so that a first sale can be made in the first minute.

use crate::books::{Books, BooksEnv};
use crate::company::{self, Company};
use crate::connect::Fatoora;
use crate::error::{Class, Error};
use crate::events::Events;
use crate::onboarding::{self, DeviceView};
use crate::wizard::{self, DeviceRequest};
use ledger::onboarding::Step;

/// The practice device's name.
pub const DEVICE: &str = "practice-1";

/// The sample company (the one in `examples/company.json`).
pub fn sample_company() -> Company {
    serde_json::from_str(include_str!("../../../examples/company.json"))
        .unwrap_or_else(|e| panic!("examples/company.json is not a company profile: {e}"))
}

/// Makes practice books ready: the sample company when they have none, and a device that
/// issues both kinds of document, onboarded with the simulator's own OTP (about 1.5 s the first
/// time; nothing the second). Returns the practice device.
pub async fn prepare(
    books: &Books,
    fatoora: &Fatoora,
    events: &Events,
) -> Result<DeviceView, Error> {
    if books.env() != BooksEnv::Practice {
        return Err(Error::new(
            "SANAD-NOT-PRACTICE",
            Class::BadInput,
            format!(
                "these are {} books: only practice books get the sample company",
                books.env()
            ),
            "هذه ليست دفاتر التدريب: لا تُضاف المنشأة التجريبية إلا إلى دفاتر التدريب",
        ));
    }
    // (The ledger's guard must not outlive this statement: `company::set` takes it again.)
    let stored = books.ledger().company()?;
    let profile = match stored {
        Some(c) => c,
        None => {
            let c = sample_company();
            company::set(books, &c).map_err(first)?;
            c
        }
    };
    let device = match onboarding::show(books, DEVICE) {
        Ok(d) => d,
        Err(_) => wizard::begin(
            books,
            &profile,
            &DeviceRequest {
                name: DEVICE.to_owned(),
                branch: None,
                standard: true,
                simplified: true,
            },
        )
        .map_err(first)?,
    };
    if device.next_step == Step::Active {
        return Ok(device);
    }
    wizard::onboard(books, fatoora, events, DEVICE, None).await
}

/// The first of a profile's problems (the sample profile has none; a stored one was checked).
fn first(errors: Vec<Error>) -> Error {
    errors.into_iter().next().unwrap_or_else(|| {
        Error::new(
            "SANAD-INTERNAL",
            Class::Local,
            "practice could not be prepared",
            "تعذّر تجهيز بيئة التدريب",
        )
    })
}
