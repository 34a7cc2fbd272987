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

/// One compliance step, as ZATCA names it: what a compliance CSID must pass before
/// `POST /production/csids` issues the production CSID. The six document steps follow from the
/// CSR's `title`; ZATCA's simulation environment has also asked for the two QR steps.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub enum ComplianceStep {
    /// `standard-compliant`: a standard tax invoice passed.
    StandardInvoice,
    /// `standard-credit-note-compliant`.
    StandardCreditNote,
    /// `standard-debit-note-compliant`.
    StandardDebitNote,
    /// `simplified-compliant`: a simplified tax invoice passed.
    SimplifiedInvoice,
    /// `simplified-credit-note-compliant`.
    SimplifiedCreditNote,
    /// `simplified-debit-note-compliant`.
    SimplifiedDebitNote,
    /// `buyer-qr-code-compliant` (seen in ZATCA's simulation environment after the six document
    /// steps): the QR of a standard document, the one its buyer reads.
    BuyerQrCode,
    /// `seller-qr-code-compliant` (seen with the above): the QR of a simplified document, the one
    /// the seller prints.
    SellerQrCode,
    /// A step ZATCA named that Sanad does not know yet, kept as sent.
    Other(String),
}

impl ComplianceStep {
    /// The six document steps, in ZATCA's order.
    pub const DOCUMENTS: [ComplianceStep; 6] = [
        Self::StandardInvoice,
        Self::StandardCreditNote,
        Self::StandardDebitNote,
        Self::SimplifiedInvoice,
        Self::SimplifiedCreditNote,
        Self::SimplifiedDebitNote,
    ];

    /// The two QR steps, in ZATCA's order.
    pub const QR_CODES: [ComplianceStep; 2] = [Self::BuyerQrCode, Self::SellerQrCode];

    /// ZATCA's name of the step.
    pub fn as_str(&self) -> &str {
        match self {
            Self::StandardInvoice => "standard-compliant",
            Self::StandardCreditNote => "standard-credit-note-compliant",
            Self::StandardDebitNote => "standard-debit-note-compliant",
            Self::SimplifiedInvoice => "simplified-compliant",
            Self::SimplifiedCreditNote => "simplified-credit-note-compliant",
            Self::SimplifiedDebitNote => "simplified-debit-note-compliant",
            Self::BuyerQrCode => "buyer-qr-code-compliant",
            Self::SellerQrCode => "seller-qr-code-compliant",
            Self::Other(name) => name,
        }
    }

    /// The step ZATCA names `name` (an unknown name is kept as [`ComplianceStep::Other`]).
    pub fn parse(name: &str) -> Self {
        let name = name.trim();
        Self::DOCUMENTS
            .into_iter()
            .chain(Self::QR_CODES)
            .find(|s| s.as_str() == name)
            .unwrap_or_else(|| Self::Other(name.to_owned()))
    }

    /// The document step a document of this flow and kind passes (a prepayment invoice passes
    /// the invoice step).
    pub fn of_document(flow: Flow, kind: DocumentKind) -> Self {
        use DocumentKind::*;
        match (flow, kind) {
            (Flow::Standard, CreditNote) => Self::StandardCreditNote,
            (Flow::Standard, DebitNote) => Self::StandardDebitNote,
            (Flow::Standard, Invoice | Prepayment) => Self::StandardInvoice,
            (Flow::Simplified, CreditNote) => Self::SimplifiedCreditNote,
            (Flow::Simplified, DebitNote) => Self::SimplifiedDebitNote,
            (Flow::Simplified, Invoice | Prepayment) => Self::SimplifiedInvoice,
        }
    }

    /// The document steps a certificate's `title` promises: `1000` the three standard ones,
    /// `0100` the three simplified ones, `1100` all six.
    pub fn promised_by(title: &str) -> Vec<Self> {
        let b = title.as_bytes();
        let mut out = Vec::new();
        if b.first() == Some(&b'1') {
            out.extend(Self::DOCUMENTS[..3].iter().cloned());
        }
        if b.get(1) == Some(&b'1') {
            out.extend(Self::DOCUMENTS[3..].iter().cloned());
        }
        out
    }

    /// The document that passes this step: for a document step its own flow and kind; for the
    /// buyer's QR a standard invoice, for the seller's QR a simplified invoice. `None` for an
    /// unknown step.
    pub fn document(&self) -> Option<(Flow, DocumentKind)> {
        use DocumentKind::*;
        match self {
            Self::StandardInvoice | Self::BuyerQrCode => Some((Flow::Standard, Invoice)),
            Self::StandardCreditNote => Some((Flow::Standard, CreditNote)),
            Self::StandardDebitNote => Some((Flow::Standard, DebitNote)),
            Self::SimplifiedInvoice | Self::SellerQrCode => Some((Flow::Simplified, Invoice)),
            Self::SimplifiedCreditNote => Some((Flow::Simplified, CreditNote)),
            Self::SimplifiedDebitNote => Some((Flow::Simplified, DebitNote)),
            Self::Other(_) => None,
        }
    }

    /// ZATCA's message of `Missing-ComplianceSteps` for these steps.
    pub fn missing_message(steps: &[ComplianceStep]) -> String {
        let names: Vec<&str> = steps.iter().map(ComplianceStep::as_str).collect();
        format!(
            "The compliance certificate is not done with the following compliance steps yet [{}]",
            names.join(",")
        )
    }

    /// The steps a `Missing-ComplianceSteps` message lists (its bracketed list, separated by `,`
    /// or `, `), in ZATCA's order; `None` when the message has no list.
    pub fn listed_in(message: &str) -> Option<Vec<Self>> {
        let open = message.find('[')?;
        let close = open + message[open..].find(']')?;
        Some(
            message[open + 1..close]
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(Self::parse)
                .collect(),
        )
    }
}

impl std::fmt::Display for ComplianceStep {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<String> for ComplianceStep {
    fn from(s: String) -> Self {
        Self::parse(&s)
    }
}

impl From<ComplianceStep> for String {
    fn from(s: ComplianceStep) -> Self {
        s.as_str().to_owned()
    }
}

/// ZATCA's `validationResults` block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ValidationResults {
    #[serde(default)]
    pub info_messages: Vec<Message>,
    #[serde(default)]
    pub warning_messages: Vec<Message>,
    #[serde(default)]
    pub error_messages: Vec<Message>,
    /// `PASS`, `WARNING` or `ERROR`.
    #[serde(default)]
    pub status: String,
}

impl ValidationResults {
    /// Adds a message to the list of its type.
    pub fn push(&mut self, m: Message) {
        match m.kind {
            MessageKind::Info => self.info_messages.push(m),
            MessageKind::Warning => self.warning_messages.push(m),
            MessageKind::Error => self.error_messages.push(m),
        }
    }

    pub fn error(&mut self, code: &str, category: &str, message: impl Into<String>) {
        self.push(Message::new(MessageKind::Error, code, category, message));
    }

    pub fn warning(&mut self, code: &str, category: &str, message: impl Into<String>) {
        self.push(Message::new(MessageKind::Warning, code, category, message));
    }

    pub fn info(&mut self, code: &str, category: &str, message: impl Into<String>) {
        self.push(Message::new(MessageKind::Info, code, category, message));
    }

    pub fn has_errors(&self) -> bool {
        !self.error_messages.is_empty()
    }

    /// Every message: errors, then warnings, then information.
    pub fn messages(&self) -> impl Iterator<Item = &Message> {
        self.error_messages
            .iter()
            .chain(&self.warning_messages)
            .chain(&self.info_messages)
    }

    /// Sets `status` as ZATCA does and returns the HTTP status it answers with: 200 `PASS`,
    /// 202 `WARNING`, 400 `ERROR`.
    pub fn finish(&mut self) -> u16 {
        let (status, http) = if self.has_errors() {
            (MessageKind::Error, 400)
        } else if !self.warning_messages.is_empty() {
            (MessageKind::Warning, 202)
        } else {
            (MessageKind::Info, 200)
        };
        status.status().clone_into(&mut self.status);
        http
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
    fn compliance_steps_round_trip_and_follow_the_title() {
        for step in ComplianceStep::DOCUMENTS
            .into_iter()
            .chain(ComplianceStep::QR_CODES)
        {
            assert_eq!(ComplianceStep::parse(step.as_str()), step);
            let json = serde_json::to_string(&step).unwrap();
            assert_eq!(json, format!("\"{}\"", step.as_str()));
            assert_eq!(serde_json::from_str::<ComplianceStep>(&json).unwrap(), step);
        }
        assert_eq!(
            ComplianceStep::parse("new-step"),
            ComplianceStep::Other("new-step".into())
        );
        assert_eq!(ComplianceStep::promised_by("1100").len(), 6);
        assert_eq!(
            ComplianceStep::promised_by("0100"),
            ComplianceStep::DOCUMENTS[3..]
        );
        for step in ComplianceStep::DOCUMENTS {
            let (flow, kind) = step.document().expect("a document");
            assert_eq!(ComplianceStep::of_document(flow, kind), step);
        }
        assert_eq!(
            ComplianceStep::listed_in(&ComplianceStep::missing_message(&ComplianceStep::QR_CODES)),
            Some(ComplianceStep::QR_CODES.to_vec())
        );
        assert_eq!(
            ComplianceStep::listed_in("… yet [standard-compliant, seller-qr-code-compliant]"),
            Some(vec![
                ComplianceStep::StandardInvoice,
                ComplianceStep::SellerQrCode
            ])
        );
        assert_eq!(ComplianceStep::listed_in("no list"), None);
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
