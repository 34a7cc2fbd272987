//! The words of ZATCA's FATOORA API, shared by the client, the simulator and the ledger:
//! environments, submission routes and validation messages. Pure data; no IO.

use serde::{Deserialize, Serialize};

use crate::model::{DocumentKind, Flow};

/// The host of every ZATCA environment.
pub const ZATCA_HOST: &str = "https://gw-fatoora.zatca.gov.sa";

crate::words! {
    /// One of ZATCA's environments; each has its own base path and certificate template.
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    pub enum Environment ("environment") {
        /// The developer portal: fixed test OTP, ZATCA's test VAT numbers only (the SDK calls it
        /// "nonproduction").
        Sandbox = "sandbox" | "nonproduction" | "developer-portal",
        /// The simulation environment (OTP from the Fatoora simulation portal).
        Simulation = "simulation",
        /// The production environment (OTP from the Fatoora portal).
        Production = "production" | "core",
    }
}

impl Environment {
    /// The `certificateTemplateName` a CSR for this environment carries.
    pub fn template_name(self) -> &'static str {
        match self {
            Environment::Sandbox => "TSTZATCA-Code-Signing",
            Environment::Simulation => "PREZATCA-Code-Signing",
            Environment::Production => "ZATCA-Code-Signing",
        }
    }

    /// The environment a certificate template belongs to.
    pub fn from_template_name(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|e| e.template_name() == name)
    }

    /// The path of the API below the host, without a trailing slash.
    pub fn base_path(self) -> &'static str {
        match self {
            Environment::Sandbox => "/e-invoicing/developer-portal",
            Environment::Simulation => "/e-invoicing/simulation",
            Environment::Production => "/e-invoicing/core",
        }
    }

    /// ZATCA's base URL of this environment.
    pub fn base_url(self) -> String {
        format!("{ZATCA_HOST}{}", self.base_path())
    }
}

crate::words! {
    /// Where a signed document is sent. By default its flow's
    /// ([`Flow::route`](crate::model::Flow::route)); a standard document goes to reporting when
    /// ZATCA answers clearance with 303 (clearance switched off), so each attempt records its own.
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    pub enum Route ("route") {
        /// `POST /invoices/clearance/single`, `Clearance-Status: 1`.
        Clearance = "clearance",
        /// `POST /invoices/reporting/single`, `Clearance-Status: 0`.
        Reporting = "reporting",
    }
}

impl Route {
    /// The endpoint below the environment's base path.
    pub fn path(self) -> &'static str {
        match self {
            Route::Clearance => "/invoices/clearance/single",
            Route::Reporting => "/invoices/reporting/single",
        }
    }

    /// The `Clearance-Status` header sent with it.
    pub fn clearance_status(self) -> &'static str {
        match self {
            Route::Clearance => "1",
            Route::Reporting => "0",
        }
    }
}

crate::words! {
    /// The `type` of a validation message.
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    pub enum MessageKind ("message type") {
        Info = "INFO",
        Warning = "WARNING",
        Error = "ERROR",
    }
}

impl MessageKind {
    /// The `status` ZATCA gives a message of this type (`PASS` for information).
    pub fn status(self) -> &'static str {
        match self {
            MessageKind::Info => "PASS",
            MessageKind::Warning => "WARNING",
            MessageKind::Error => "ERROR",
        }
    }
}

/// One validation message (`validationResults.*Messages[]`), as ZATCA words it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Message {
    /// `INFO`, `WARNING` or `ERROR` (stored as `kind` by earlier versions of the ledger).
    #[serde(rename = "type", alias = "kind")]
    pub kind: MessageKind,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub message: String,
    /// `PASS`, `WARNING` or `ERROR`, as sent.
    #[serde(default)]
    pub status: String,
}

impl Message {
    /// A message with the status ZATCA gives its type.
    pub fn new(
        kind: MessageKind,
        code: impl Into<String>,
        category: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            code: code.into(),
            category: category.into(),
            message: message.into(),
            status: kind.status().to_owned(),
        }
    }
}

crate::words! {
    /// A compliance step: what ZATCA wants to have seen, signed with the compliance CSID, before
    /// it issues the production CSID. The six document steps follow from the CSR's `title`;
    /// ZATCA's simulation environment has also asked for the two QR steps.
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    pub enum ComplianceStep ("compliance step") {
        StandardInvoice = "standard-compliant",
        StandardCreditNote = "standard-credit-note-compliant",
        StandardDebitNote = "standard-debit-note-compliant",
        SimplifiedInvoice = "simplified-compliant",
        SimplifiedCreditNote = "simplified-credit-note-compliant",
        SimplifiedDebitNote = "simplified-debit-note-compliant",
        /// The seller's QR of a simplified invoice reads and verifies (`qrSellertStatus`).
        SellerQr = "seller-qr-code-compliant",
        /// The QR a buyer scans from a standard invoice reads and verifies (`qrBuyertStatus`).
        BuyerQr = "buyer-qr-code-compliant",
    }
}

impl ComplianceStep {
    /// The document steps a CSR `title` promises: `1000` standard, `0100` simplified, `1100`
    /// both (three each: invoice, credit note, debit note).
    pub fn for_title(title: &str) -> Vec<ComplianceStep> {
        let b = title.as_bytes();
        let mut out = Vec::new();
        if b.first() == Some(&b'1') {
            out.extend([
                Self::StandardInvoice,
                Self::StandardCreditNote,
                Self::StandardDebitNote,
            ]);
        }
        if b.get(1) == Some(&b'1') {
            out.extend([
                Self::SimplifiedInvoice,
                Self::SimplifiedCreditNote,
                Self::SimplifiedDebitNote,
            ]);
        }
        out
    }

    /// The step a compliance document of this flow and kind passes (a prepayment invoice counts
    /// as an invoice).
    pub fn of_document(flow: Flow, kind: DocumentKind) -> ComplianceStep {
        match (flow, kind) {
            (Flow::Standard, DocumentKind::CreditNote) => Self::StandardCreditNote,
            (Flow::Standard, DocumentKind::DebitNote) => Self::StandardDebitNote,
            (Flow::Standard, _) => Self::StandardInvoice,
            (Flow::Simplified, DocumentKind::CreditNote) => Self::SimplifiedCreditNote,
            (Flow::Simplified, DocumentKind::DebitNote) => Self::SimplifiedDebitNote,
            (Flow::Simplified, _) => Self::SimplifiedInvoice,
        }
    }

    /// The document that passes this step: its flow and kind. The seller's QR is a simplified
    /// invoice's, the buyer's a standard invoice's.
    pub fn document(self) -> (Flow, DocumentKind) {
        match self {
            Self::StandardInvoice | Self::BuyerQr => (Flow::Standard, DocumentKind::Invoice),
            Self::StandardCreditNote => (Flow::Standard, DocumentKind::CreditNote),
            Self::StandardDebitNote => (Flow::Standard, DocumentKind::DebitNote),
            Self::SimplifiedInvoice | Self::SellerQr => (Flow::Simplified, DocumentKind::Invoice),
            Self::SimplifiedCreditNote => (Flow::Simplified, DocumentKind::CreditNote),
            Self::SimplifiedDebitNote => (Flow::Simplified, DocumentKind::DebitNote),
        }
    }

    /// The steps named in a `Missing-ComplianceSteps` message ("… steps yet [a,b]" or
    /// "[a, b]"): the known ones, and the words Sanad does not know, as written.
    pub fn listed_in(message: &str) -> (Vec<ComplianceStep>, Vec<String>) {
        let inner = match (message.rfind('['), message.rfind(']')) {
            (Some(a), Some(b)) if a < b => &message[a + 1..b],
            _ => return (Vec::new(), Vec::new()),
        };
        let mut known = Vec::new();
        let mut unknown = Vec::new();
        for word in inner.split(',').map(str::trim).filter(|w| !w.is_empty()) {
            match Self::parse(word) {
                Some(step) if !known.contains(&step) => known.push(step),
                Some(_) => {}
                None => unknown.push(word.to_owned()),
            }
        }
        (known, unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environments_follow_zatca_paths_and_templates() {
        assert_eq!(
            Environment::Sandbox.base_url(),
            "https://gw-fatoora.zatca.gov.sa/e-invoicing/developer-portal"
        );
        assert_eq!(
            Environment::Simulation.base_url(),
            "https://gw-fatoora.zatca.gov.sa/e-invoicing/simulation"
        );
        assert_eq!(
            Environment::Production.base_url(),
            "https://gw-fatoora.zatca.gov.sa/e-invoicing/core"
        );
        for env in Environment::ALL {
            assert_eq!(
                Environment::from_template_name(env.template_name()),
                Some(*env)
            );
        }
        assert_eq!("core".parse::<Environment>(), Ok(Environment::Production));
        assert_eq!(
            "nonproduction".parse::<Environment>(),
            Ok(Environment::Sandbox)
        );
        assert!("staging".parse::<Environment>().is_err());
    }

    #[test]
    fn compliance_steps_follow_the_title_and_zatca_lists() {
        assert_eq!(ComplianceStep::for_title("1100").len(), 6);
        assert_eq!(
            ComplianceStep::for_title("0100"),
            vec![
                ComplianceStep::SimplifiedInvoice,
                ComplianceStep::SimplifiedCreditNote,
                ComplianceStep::SimplifiedDebitNote
            ]
        );
        for step in ComplianceStep::for_title("1100") {
            let (flow, kind) = step.document();
            assert_eq!(ComplianceStep::of_document(flow, kind), step);
        }
        let (known, unknown) = ComplianceStep::listed_in(
            "The compliance certificate is not done with the following compliance steps yet \
             [buyer-qr-code-compliant,seller-qr-code-compliant, new-step]",
        );
        assert_eq!(
            known,
            vec![ComplianceStep::BuyerQr, ComplianceStep::SellerQr]
        );
        assert_eq!(unknown, vec!["new-step".to_owned()]);
        assert_eq!(ComplianceStep::listed_in("no list"), (vec![], vec![]));
    }

    #[test]
    fn flows_route_to_their_endpoint() {
        assert_eq!(Flow::Standard.route().path(), "/invoices/clearance/single");
        assert_eq!(Flow::Simplified.route().clearance_status(), "0");
    }

    #[test]
    fn messages_read_zatca_and_earlier_ledger_shapes() {
        let zatca: Message = serde_json::from_str(
            r#"{"type":"WARNING","code":"BR-KSA-98","category":"KSA","message":"m","status":"WARNING"}"#,
        )
        .unwrap();
        assert_eq!(
            zatca,
            Message::new(MessageKind::Warning, "BR-KSA-98", "KSA", "m")
        );
        let stored: Message = serde_json::from_str(
            r#"{"kind":"ERROR","code":"BR-01","category":"EN","message":"x"}"#,
        )
        .unwrap();
        assert_eq!(stored.kind, MessageKind::Error);
        assert!(
            serde_json::to_string(&zatca)
                .unwrap()
                .starts_with(r#"{"type":"WARNING""#)
        );
        assert_eq!(
            Message::new(MessageKind::Info, "c", "k", "m").status,
            "PASS"
        );
    }
}
