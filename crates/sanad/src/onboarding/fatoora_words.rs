//! FATOORA's refusals during onboarding and renewal, as plain sentences that say who must act,
//! with ZATCA's own code and message kept.

use fatoora::Outcome;

use crate::error::{Class, Error, ZatcaWords};

fn words<T>(outcome: &Outcome<T>) -> ZatcaWords {
    let mut messages = Vec::new();
    let status = match outcome {
        Outcome::BadRequest { errors, .. } => {
            messages.extend(errors.iter().map(|e| (e.code.clone(), e.message.clone())));
            Some(400)
        }
        Outcome::Unauthorized { status, errors } => {
            messages.extend(errors.iter().map(|e| (e.code.clone(), e.message.clone())));
            Some(*status)
        }
        Outcome::Rejected { validation } => {
            messages.extend(
                validation
                    .error_messages
                    .iter()
                    .chain(&validation.warning_messages)
                    .map(|m| (m.code.clone(), m.message.clone())),
            );
            Some(400)
        }
        Outcome::CsrRefused { status, errors, .. } => {
            messages.extend(errors.iter().map(|e| (e.code.clone(), e.message.clone())));
            Some(*status)
        }
        Outcome::ClearanceOff { errors } => {
            messages.extend(errors.iter().map(|e| (e.code.clone(), e.message.clone())));
            Some(303)
        }
        Outcome::ServerError { status, .. } => Some(*status),
        Outcome::Malformed { status, .. } | Outcome::UnexpectedStatus { status, .. } => {
            Some(*status)
        }
        Outcome::TooLarge => Some(413),
        Outcome::Throttled { .. } => Some(429),
        Outcome::Accepted(_)
        | Outcome::AcceptedWithWarnings { .. }
        | Outcome::Duplicate { .. }
        | Outcome::Unknown { .. }
        | Outcome::NotSent { .. } => None,
    };
    ZatcaWords { status, messages }
}

/// The error for an answer of `endpoint` that did not give what onboarding needs.
pub fn refusal<T>(endpoint: &str, outcome: &Outcome<T>) -> Error {
    let zatca = words(outcome);
    let has = |code: &str| {
        zatca
            .messages
            .iter()
            .any(|(c, _)| c.eq_ignore_ascii_case(code))
    };
    let any_text = |needle: &str| {
        zatca
            .messages
            .iter()
            .any(|(_, m)| m.to_ascii_lowercase().contains(needle))
    };
    let e = match outcome {
        Outcome::NotSent { reason } | Outcome::Unknown { reason } => Error::new(
            "SANAD-FATOORA-UNREACHABLE",
            Class::Unreachable,
            format!(
                "FATOORA could not be reached ({endpoint}); nothing was decided. Check the \
                 internet connection and try again"
            ),
            "تعذّر الوصول إلى منصة فاتورة ولم يُتخذ أي إجراء. تحقق من الاتصال بالإنترنت ثم أعد المحاولة",
        )
        .with_detail(reason.clone()),
        Outcome::ServerError { .. } | Outcome::Throttled { .. } => Error::new(
            "SANAD-FATOORA-BUSY",
            Class::Unreachable,
            format!("FATOORA is busy or in trouble ({endpoint}); try again in a few minutes"),
            "منصة فاتورة مشغولة أو تواجه عطلًا؛ أعد المحاولة بعد دقائق",
        ),
        _ if has("Invalid-OTP") || any_text("otp") => Error::new(
            "Invalid-OTP",
            Class::Refused,
            "ZATCA refused the OTP: it is wrong, already used or expired (OTPs last about an \
             hour). The accountant generates a new one in the Fatoora portal and onboards again",
            "رفضت الهيئة رمز التحقق (OTP): الرمز خاطئ أو سبق استخدامه أو انتهت صلاحيته (صلاحيته نحو ساعة). \
             يُنشئ المحاسب رمزًا جديدًا من بوابة فاتورة ثم يعيد التسجيل",
        ),
        _ if has("Missing-ComplianceSteps") => Error::new(
            "Missing-ComplianceSteps",
            Class::Refused,
            "ZATCA has not seen every compliance document this device's type promises; Sanad \
             sends them again when you resume onboarding",
            "لم تستلم الهيئة جميع مستندات فحص الامتثال التي يتطلبها نوع المستندات المسجَّل لهذا الجهاز؛ يعيد سند إرسالها عند استئناف التسجيل",
        ),
        _ if has("certificate-permissions") => Error::new(
            "certificate-permissions",
            Class::Refused,
            "the certificate does not cover this document (its VAT number or its type of \
             documents differs): onboard the device with the right VAT number and type",
            "الشهادة لا تغطي هذا المستند (رقمها الضريبي أو نوع المستندات مختلف): سجّل الجهاز بالرقم الضريبي والنوع الصحيحين",
        ),
        Outcome::CsrRefused { .. } => Error::new(
            "Invalid-CSR",
            Class::Refused,
            "ZATCA found the certificate request (CSR) not compliant: check the company \
             profile (name, VAT number, branch, address, business category) and the \
             environment, then onboard again with a new OTP",
            "رأت الهيئة أن طلب الشهادة (CSR) غير مطابق: راجع بيانات المنشأة (الاسم والرقم الضريبي والفرع والعنوان والنشاط) والبيئة، ثم أعد التسجيل برمز تحقق جديد",
        ),
        _ if has("Invalid-CSR") || any_text("csr") =>
        {
            Error::new(
                "Invalid-CSR",
                Class::Refused,
                "ZATCA found the certificate request (CSR) not compliant: check the company \
                 profile (name, VAT number, branch, address, business category) and the \
                 environment, then onboard again",
                "رأت الهيئة أن طلب الشهادة (CSR) غير مطابق: راجع بيانات المنشأة (الاسم والرقم الضريبي والفرع والعنوان والنشاط) والبيئة، ثم أعد التسجيل",
            )
        }
        Outcome::Unauthorized { .. } => Error::new(
            "SANAD-FATOORA-UNAUTHORIZED",
            Class::Refused,
            "FATOORA refused the device's credentials (expired, revoked or for another \
             environment): renew the CSID or onboard the device again",
            "رفضت منصة فاتورة بيانات اعتماد الجهاز (منتهية أو ملغاة أو لبيئة أخرى): جدّد الشهادة أو أعد تسجيل الجهاز",
        ),
        Outcome::Rejected { .. } => Error::new(
            "SANAD-COMPLIANCE-REJECTED",
            Class::Refused,
            format!(
                "ZATCA rejected a compliance document ({endpoint}); its messages follow. Sanad \
                 support must look at this"
            ),
            "رفضت الهيئة أحد مستندات فحص الامتثال؛ رسائلها أدناه. يلزم تدخل دعم سند",
        ),
        _ => Error::new(
            "SANAD-FATOORA-REFUSED",
            Class::Refused,
            format!("FATOORA refused the request ({endpoint}); its answer follows"),
            "رفضت منصة فاتورة الطلب؛ ردها أدناه",
        ),
    };
    e.with_zatca(zatca)
}
