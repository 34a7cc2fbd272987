//! ZATCA's compliance steps: what a compliance CSID must pass before `POST /production/csids`
//! issues the production CSID, and the `Missing-ComplianceSteps` answer that lists what is left.

use std::fmt;

use crate::answer::ApiError;
use crate::codes::MISSING_COMPLIANCE_STEPS;

/// One compliance step, as ZATCA names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// The document a step asks for: its flow and its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepDocument {
    /// A standard (clearance) document, else simplified (reporting).
    pub standard: bool,
    /// `InvoiceTypeCode`: 388 invoice, 381 credit note, 383 debit note.
    pub type_code: u16,
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

    /// The document step a document passes: `standard` or simplified, by its `InvoiceTypeCode`
    /// (381 credit note, 383 debit note, any other an invoice).
    pub fn of_document(standard: bool, type_code: u16) -> Self {
        match (standard, type_code) {
            (true, 381) => Self::StandardCreditNote,
            (true, 383) => Self::StandardDebitNote,
            (true, _) => Self::StandardInvoice,
            (false, 381) => Self::SimplifiedCreditNote,
            (false, 383) => Self::SimplifiedDebitNote,
            (false, _) => Self::SimplifiedInvoice,
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

    /// The document that passes this step: for a document step its own kind; for the buyer's QR
    /// a standard invoice, for the seller's QR a simplified invoice. `None` for an unknown step.
    pub fn document(&self) -> Option<StepDocument> {
        let doc = |standard, type_code| {
            Some(StepDocument {
                standard,
                type_code,
            })
        };
        match self {
            Self::StandardInvoice | Self::BuyerQrCode => doc(true, 388),
            Self::StandardCreditNote => doc(true, 381),
            Self::StandardDebitNote => doc(true, 383),
            Self::SimplifiedInvoice | Self::SellerQrCode => doc(false, 388),
            Self::SimplifiedCreditNote => doc(false, 381),
            Self::SimplifiedDebitNote => doc(false, 383),
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
}

impl fmt::Display for ComplianceStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl ApiError {
    /// The steps a `Missing-ComplianceSteps` error lists (the bracketed list of its message,
    /// separated by `,` or `, `), in ZATCA's order; `None` for any other error.
    pub fn missing_compliance_steps(&self) -> Option<Vec<ComplianceStep>> {
        if self.code != MISSING_COMPLIANCE_STEPS {
            return None;
        }
        let open = self.message.find('[')?;
        let close = open + self.message[open..].find(']')?;
        Some(
            self.message[open + 1..close]
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(ComplianceStep::parse)
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_titles_promise_documents() {
        for step in ComplianceStep::DOCUMENTS
            .into_iter()
            .chain(ComplianceStep::QR_CODES)
        {
            assert_eq!(ComplianceStep::parse(step.as_str()), step);
        }
        assert_eq!(
            ComplianceStep::parse("new-step"),
            ComplianceStep::Other("new-step".into())
        );
        assert_eq!(ComplianceStep::promised_by("1100").len(), 6);
        assert_eq!(
            ComplianceStep::promised_by("1000"),
            ComplianceStep::DOCUMENTS[..3]
        );
        assert_eq!(
            ComplianceStep::promised_by("0100"),
            ComplianceStep::DOCUMENTS[3..]
        );
        assert_eq!(
            ComplianceStep::of_document(false, 381),
            ComplianceStep::SimplifiedCreditNote
        );
        assert_eq!(
            ComplianceStep::of_document(true, 386),
            ComplianceStep::StandardInvoice
        );
        for step in ComplianceStep::DOCUMENTS {
            let d = step.document().expect("a document");
            assert_eq!(ComplianceStep::of_document(d.standard, d.type_code), step);
        }
    }

    #[test]
    fn reads_the_missing_list_with_either_separator() {
        let e = ApiError {
            code: MISSING_COMPLIANCE_STEPS.into(),
            message: ComplianceStep::missing_message(&ComplianceStep::QR_CODES),
        };
        assert_eq!(
            e.missing_compliance_steps(),
            Some(ComplianceStep::QR_CODES.to_vec())
        );
        let spaced = ApiError {
            code: MISSING_COMPLIANCE_STEPS.into(),
            message: "… steps yet [standard-compliant, seller-qr-code-compliant]".into(),
        };
        assert_eq!(
            spaced.missing_compliance_steps(),
            Some(vec![
                ComplianceStep::StandardInvoice,
                ComplianceStep::SellerQrCode
            ])
        );
        let other = ApiError {
            code: "Invalid-OTP".into(),
            message: "[x]".into(),
        };
        assert_eq!(other.missing_compliance_steps(), None);
    }
}
