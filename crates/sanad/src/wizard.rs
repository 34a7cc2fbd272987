//! The onboarding wizard's service: where a books' onboarding stands (the ledger's onboarding
//! record is the truth, so a wizard closed in the middle reopens at the same step), the company
//! and device it starts with, and onboarding that tells the events channel as it moves.

use serde::{Deserialize, Serialize};

use crate::books::Books;
use crate::company::{self, Company};
use crate::connect::Fatoora;
use crate::error::Error;
use crate::events::{Event, Events};
use crate::onboarding::{self, DeviceView, NewDevice};
use ledger::devices::DeviceState;
use ledger::onboarding::Step;

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum WizardStep {
    /// The company profile, checked field by field.
    Company,
    /// The device: name, branch, which documents it issues.
    Device,
    /// Practice, simulation or production.
    Environment,
    /// The OTP from the Fatoora portal (60 minutes).
    Otp,
    /// Key, CSR, compliance CSID, compliance documents, production CSID.
    Progress,
    /// The device issues.
    Active,
}

/// Where onboarding stands in a books.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct WizardState {
    /// The step to show: `company` when no device is being onboarded.
    pub step: WizardStep,
    pub company: Option<Company>,
    /// The device being onboarded (the first one not yet active), if any.
    pub device: Option<DeviceView>,
}

/// The wizard's step for a device that is being onboarded.
pub fn step_of(device: &DeviceView) -> WizardStep {
    match device.next_step {
        // Key and CSR need no OTP, but they run with the step that does, in one go.
        Step::Key | Step::Csr | Step::ComplianceCsid => WizardStep::Otp,
        Step::ComplianceChecks | Step::ProductionCsid => WizardStep::Progress,
        Step::Active => WizardStep::Active,
    }
}

/// Where onboarding stands in `books`.
pub fn state(books: &Books) -> Result<WizardState, Error> {
    let company = books.ledger().company()?;
    let device = onboarding::list(books)?.into_iter().find(|d| {
        d.state != DeviceState::Retired
            && d.state != DeviceState::Production
            && d.next_step != Step::Active
    });
    let step = match (&company, &device) {
        (_, Some(d)) => step_of(d),
        _ => WizardStep::Company,
    };
    Ok(WizardState {
        step,
        company,
        device,
    })
}

/// What the wizard asked for a device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DeviceRequest {
    /// Unique in the books; also the certificate's common name.
    pub name: String,
    /// The branch (for a VAT group: the member's 10-digit TIN); the company's city when empty.
    pub branch: Option<String>,
    /// Whether it issues standard (B2B) documents.
    pub standard: bool,
    /// Whether it issues simplified (B2C) documents.
    pub simplified: bool,
}

impl DeviceRequest {
    /// The CSR's title: `1000` standard, `0100` simplified, `1100` both.
    pub fn title(&self) -> String {
        format!("{}{}00", u8::from(self.standard), u8::from(self.simplified))
    }
}

/// Stores the company profile in `books` and adds the device (nothing is sent yet). A device of
/// that name that is still being onboarded is taken as it is (the wizard was reopened).
pub fn begin(
    books: &Books,
    profile: &Company,
    device: &DeviceRequest,
) -> Result<DeviceView, Vec<Error>> {
    let mut problems = company::check(profile);
    if !device.standard && !device.simplified {
        problems.push(Error::field(
            "SANAD-DEVICE-TITLE",
            "device.title",
            "choose which documents the device issues: standard, simplified or both",
            "اختر المستندات التي يصدرها الجهاز: القياسية أو المبسطة أو كلتيهما",
        ));
    }
    if device.name.trim().is_empty() {
        problems.push(Error::field(
            "SANAD-MISSING",
            "device.name",
            "the device needs a name (e.g. till-1)",
            "يلزم اسم للجهاز (مثل: till-1)",
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    company::set(books, profile)?;
    if let Ok(existing) = onboarding::show(books, device.name.trim())
        && existing.next_step != Step::Active
        && existing.state != DeviceState::Retired
    {
        return Ok(existing);
    }
    onboarding::add_device(
        books,
        &NewDevice {
            name: device.name.trim().to_owned(),
            title: device.title(),
            series_prefix: None,
            branch: device.branch.clone().filter(|b| !b.trim().is_empty()),
        },
    )
    .map_err(|e| vec![e])
}

/// Onboards `name` up to active (resuming from its recorded step), telling `events` after every
/// step: the device's next step, which the device list then shows with each compliance
/// document that passed.
pub async fn onboard(
    books: &Books,
    fatoora: &Fatoora,
    events: &Events,
    name: &str,
    otp: Option<&str>,
) -> Result<DeviceView, Error> {
    let mut progress = |p: &onboarding::Progress| {
        if let Ok(view) = onboarding::show(books, &p.device) {
            events.send(Event::Device {
                device: view.name,
                next_step: view.next_step,
            });
        }
    };
    let result = onboarding::onboard(books, fatoora, name, otp, &mut progress).await;
    if let Err(e) = &result {
        events.send(Event::Alert {
            code: e.code.clone(),
            en: e.en.clone(),
            ar: e.ar.clone(),
        });
    }
    result
}
