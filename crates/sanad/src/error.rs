//! The application core's error: a stable code (explained in the catalogue), the field it is
//! about, a sentence in English and in Arabic, and what kind of failure it is (the CLI's exit
//! code follows from that). ZATCA's own code and message are kept when FATOORA refused.

use std::fmt;

use serde::Serialize;

/// What kind of failure: who has to act first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ErrorClass"))]
#[serde(rename_all = "snake_case")]
pub enum Class {
    /// The input is wrong (a field, a file, an option): fix it and try again.
    BadInput,
    /// FATOORA answered and refused.
    Refused,
    /// FATOORA could not be reached (nothing was decided).
    Unreachable,
    /// Something on this machine failed (disk, keychain, a damaged file).
    Local,
}

/// ZATCA's own words, kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ZatcaWords {
    /// HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// ZATCA's codes and messages (`Invalid-OTP`: "…"; a CSR refusal's plain strings).
    pub messages: Vec<(String, String)>,
}

/// An error of a Sanad service (boxed: errors travel far and are rare; results stay small).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "SanadError"))]
#[serde(transparent)]
pub struct Error(Box<ErrorBody>);

/// What an [`Error`] says; reached through the error (`e.code`, `e.en`, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ErrorBody {
    /// Stable code: ZATCA's (`Invalid-OTP`), the engine's (`BR-KSA-17`) or Sanad's (`SANAD-…`).
    pub code: String,
    pub class: Class,
    /// The field the error is about (`company.vat_number`), when there is one.
    pub field: Option<String>,
    pub en: String,
    pub ar: String,
    /// Technical detail (English), for support.
    pub detail: Option<String>,
    /// FATOORA's answer, when it refused.
    pub zatca: Option<ZatcaWords>,
}

impl std::ops::Deref for Error {
    type Target = ErrorBody;

    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

impl Error {
    pub fn new(
        code: impl Into<String>,
        class: Class,
        en: impl Into<String>,
        ar: impl Into<String>,
    ) -> Self {
        Self(Box::new(ErrorBody {
            code: code.into(),
            class,
            field: None,
            en: en.into(),
            ar: ar.into(),
            detail: None,
            zatca: None,
        }))
    }

    /// Bad input at `field`.
    pub fn field(
        code: impl Into<String>,
        field: impl Into<String>,
        en: impl Into<String>,
        ar: impl Into<String>,
    ) -> Self {
        let mut e = Self::new(code, Class::BadInput, en, ar);
        e.0.field = Some(field.into());
        e
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.0.detail = Some(detail.into());
        self
    }

    pub fn with_zatca(mut self, zatca: ZatcaWords) -> Self {
        self.0.zatca = Some(zatca);
        self
    }

    /// The CLI's exit code: 2 bad input, 3 refused by FATOORA, 4 FATOORA not reached, 1 other.
    pub fn exit_code(&self) -> u8 {
        match self.class {
            Class::BadInput => 2,
            Class::Refused => 3,
            Class::Unreachable => 4,
            Class::Local => 1,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}]", self.code)?;
        if let Some(field) = &self.field {
            write!(f, " {field}:")?;
        }
        write!(f, " {}", self.en)?;
        if let Some(z) = &self.zatca {
            for (code, message) in &z.messages {
                match (code.is_empty(), message.is_empty()) {
                    (false, false) => write!(f, "\n  ZATCA {code}: {message}")?,
                    (false, true) => write!(f, "\n  ZATCA {code}")?,
                    (true, _) => write!(f, "\n  ZATCA: {message}")?,
                }
            }
        }
        if let Some(d) = &self.detail {
            write!(f, "\n  ({d})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<ledger::LedgerError> for Error {
    fn from(e: ledger::LedgerError) -> Self {
        match &e {
            ledger::LedgerError::Invalid { field, reason } => Error::field(
                "SANAD-INVALID",
                *field,
                reason.to_string(),
                "القيمة غير مقبولة",
            )
            .with_detail(reason.to_string()),
            ledger::LedgerError::NotFound { entity, key } => Error::new(
                "SANAD-NOT-FOUND",
                Class::BadInput,
                format!("no {entity} {key} in these books"),
                format!("لا يوجد {} «{key}» في هذه الدفاتر", entity_ar(entity)),
            ),
            _ => Error::new(
                "SANAD-LEDGER",
                Class::Local,
                "the books could not be read or written",
                "تعذّرت قراءة الدفاتر أو الكتابة فيها",
            )
            .with_detail(e.to_string()),
        }
    }
}

fn entity_ar(entity: &str) -> &'static str {
    match entity {
        "document" => "مستند",
        "device" => "جهاز",
        "customer" => "عميل",
        "item" => "صنف",
        "series" => "تسلسل ترقيم",
        "draft" => "مسودة",
        _ => "سجل",
    }
}

impl From<crate::secrets::SecretError> for Error {
    fn from(e: crate::secrets::SecretError) -> Self {
        use crate::secrets::{SealError, SecretError as S};
        let (code, class, ar) = match &e {
            S::Unavailable { .. } => (
                "SANAD-KEYCHAIN-UNAVAILABLE",
                Class::Local,
                "لا تتوفر سلسلة مفاتيح في نظام التشغيل. شغّل خدمة الأسرار (GNOME Keyring أو KDE Wallet أو KeePassXC) وافتح قفلها، أو اختر خزنة محمية بعبارة مرور",
            ),
            S::Locked { .. } => (
                "SANAD-KEYCHAIN-LOCKED",
                Class::Local,
                "رفضت سلسلة المفاتيح الوصول؛ افتح قفلها ثم أعد المحاولة",
            ),
            S::NotFound { .. } => (
                "SANAD-SECRET-MISSING",
                Class::Local,
                "السر المطلوب غير موجود في مخزن الأسرار؛ استعد نسخة الجهاز الاحتياطية أو أعد تسجيله",
            ),
            S::Damaged { .. } => (
                "SANAD-SECRET-DAMAGED",
                Class::Local,
                "السر المخزّن تالف؛ استعد نسخة الجهاز الاحتياطية",
            ),
            S::Sealed(SealError::WrongPassphraseOrDamaged { .. }) => (
                "SANAD-WRONG-PASSPHRASE",
                Class::BadInput,
                "عبارة المرور غير صحيحة، أو أن الملف تالف",
            ),
            S::Sealed(SealError::PassphraseTooShort) => (
                "SANAD-PASSPHRASE-SHORT",
                Class::BadInput,
                "عبارة المرور قصيرة جدًا: 8 أحرف على الأقل",
            ),
            S::Sealed(_) => (
                "SANAD-NOT-A-BACKUP",
                Class::BadInput,
                "الملف ليس ملفًا محميًا من سند، أو أنه تالف أو من إصدار أحدث",
            ),
            S::Io { .. } => (
                "SANAD-VAULT-IO",
                Class::Local,
                "تعذّرت قراءة ملف الخزنة أو كتابته",
            ),
        };
        Error::new(code, class, e.to_string(), ar)
    }
}
