//! ZATCA's compliance steps: what a compliance CSID must pass before `POST /production/csids`
//! issues the production CSID, and the `Missing-ComplianceSteps` answer that lists what is left.

pub use zatca::api::ComplianceStep;

use crate::answer::ApiError;
use crate::codes::MISSING_COMPLIANCE_STEPS;

impl ApiError {
    /// The steps a `Missing-ComplianceSteps` error lists (the bracketed list of its message,
    /// separated by `,` or `, `), in ZATCA's order; `None` for any other error.
    pub fn missing_compliance_steps(&self) -> Option<Vec<ComplianceStep>> {
        if self.code != MISSING_COMPLIANCE_STEPS {
            return None;
        }
        ComplianceStep::listed_in(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
