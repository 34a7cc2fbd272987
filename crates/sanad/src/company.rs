//! The company profile: the seller on every document and the subject of every device's CSR.
//!
//! A profile is checked field by field before it is stored — with ZATCA's own seller rules (the
//! engine's pre-flight rules on the seller of a document) and with what the CSR needs — and every
//! problem comes back at once, each naming its field, in Arabic and English.

pub use ledger::company::Company;
use zatca::error::Problem;
use zatca::model::{Draft, Party};

use crate::books::Books;
use crate::error::{Class, Error};

/// The product name in each device's CSR serial (`1-Sanad|2-<version>|3-<uuid>`).
pub const SOLUTION_NAME: &str = "Sanad";

/// The seller party every document of these books carries.
pub fn seller(c: &Company) -> Party {
    Party {
        name: c.name_ar.clone(),
        vat_number: Some(c.vat_number.clone()),
        id: c.id.clone(),
        address: Some(c.address.clone()),
    }
}

/// Whether the VAT number is a VAT group's (its 11th digit is 1): then each device's
/// organisation unit must be the member's 10-digit TIN.
pub fn is_vat_group(vat_number: &str) -> bool {
    vat_number.as_bytes().get(10) == Some(&b'1')
}

fn field_of(path: &str) -> String {
    match path.strip_prefix("seller.") {
        Some("name") => "company.name_ar".to_owned(),
        Some(rest) => format!("company.{rest}"),
        None => format!("company.{path}"),
    }
}

/// An engine finding about the seller, as an error at the company profile's field, in the
/// rule's own English and Arabic.
fn engine_error(p: &Problem) -> Error {
    Error::field(
        p.code(),
        field_of(&p.path),
        p.message.clone(),
        p.message_ar.clone(),
    )
}

fn probe_draft(c: &Company) -> Draft {
    // A simplified invoice whose seller is the company: the engine's seller rules run on it
    // exactly as they will on every real document.
    let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    crate::onboarding::compliance::draft(
        &zatca::api::ComplianceStep::SimplifiedInvoice,
        &seller(c),
        "PROFILE-1",
        "",
        at,
    )
}

/// Checks a profile; every problem at once.
pub fn check(c: &Company) -> Vec<Error> {
    let mut out: Vec<Error> = zatca::rules::check_draft(&probe_draft(c))
        .iter()
        .filter(|p| p.path.starts_with("seller"))
        .map(engine_error)
        .collect();
    let has = |out: &[Error], f: &str| out.iter().any(|e| e.field.as_deref() == Some(f));
    if !c
        .name_ar
        .chars()
        .any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch))
        && !has(&out, "company.name_ar")
    {
        out.push(Error::field(
            "SANAD-COMPANY-NAME-AR",
            "company.name_ar",
            "the legal name in Arabic is required (as in the commercial registration)",
            "الاسم النظامي بالعربية مطلوب (كما في السجل التجاري)",
        ));
    }
    for (field, value) in [
        ("company.name_ar", Some(c.name_ar.as_str())),
        ("company.name_en", c.name_en.as_deref()),
        (
            "company.business_category",
            Some(c.business_category.as_str()),
        ),
    ] {
        if let Some(v) = value
            && v.len() > zatca::csr::MAX_NAME_BYTES
            && !has(&out, field)
        {
            out.push(Error::field(
                "SANAD-TOO-LONG",
                field,
                format!(
                    "is {} bytes in UTF-8; the device certificate allows {}",
                    v.len(),
                    zatca::csr::MAX_NAME_BYTES
                ),
                format!(
                    "طوله {} بايت، والحد الأقصى في شهادة الجهاز {} بايت",
                    v.len(),
                    zatca::csr::MAX_NAME_BYTES
                ),
            ));
        }
    }
    if c.business_category.trim().is_empty() {
        out.push(Error::field(
            "SANAD-MISSING",
            "company.business_category",
            "the business category is required (it goes into every device's certificate request)",
            "نشاط المنشأة مطلوب (يُدرج في طلب شهادة كل جهاز)",
        ));
    }
    out
}

/// Stores the company profile of the books, after checking it.
pub fn set(books: &Books, c: &Company) -> Result<(), Vec<Error>> {
    let problems = check(c);
    if !problems.is_empty() {
        return Err(problems);
    }
    books
        .ledger()
        .set_company(c)
        .map_err(|e| vec![Error::from(e)])
}

/// The company profile of the books.
pub fn get(books: &Books) -> Result<Company, Error> {
    books.ledger().company()?.ok_or_else(|| {
        Error::new(
            "SANAD-COMPANY-MISSING",
            Class::BadInput,
            "these books have no company profile yet: set it first (sanad-cli company set FILE.json)",
            "لم تُدخل بيانات المنشأة في هذه الدفاتر بعد: أدخلها أولًا",
        )
    })
}

/// The CSR fields of a device of this company.
pub fn csr_fields(
    c: &Company,
    device_name: &str,
    device_uuid: &str,
    title: &str,
    branch: Option<&str>,
) -> Result<zatca::csr::CsrFields, Error> {
    let unit = match branch {
        Some(b) if !b.trim().is_empty() => b.trim().to_owned(),
        _ if is_vat_group(&c.vat_number) => {
            return Err(Error::field(
                "SANAD-VAT-GROUP-TIN",
                "device.branch",
                "the company is a VAT group (11th digit of the VAT number is 1): give the \
                 member's 10-digit TIN as the device's branch",
                "المنشأة مجموعة ضريبية (الرقم الحادي عشر في رقمها الضريبي هو 1): أدخل في خانة الفرع للجهاز الرقم المميز للعضو (10 أرقام)",
            ));
        }
        _ => c.address.city.clone(),
    };
    let a = &c.address;
    let location = [
        a.building_number.as_deref(),
        Some(a.street.as_str()),
        a.district.as_deref(),
        Some(a.city.as_str()),
    ]
    .into_iter()
    .flatten()
    .filter(|s| !s.trim().is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    let fields = zatca::csr::CsrFields {
        common_name: device_name.to_owned(),
        serial_number: format!(
            "1-{SOLUTION_NAME}|2-{}|3-{device_uuid}",
            env!("CARGO_PKG_VERSION")
        ),
        vat_number: c.vat_number.clone(),
        organization_unit: unit,
        organization: c.name_ar.clone(),
        country: a.country.clone(),
        invoice_types: title.to_owned(),
        location_address: location,
        business_category: c.business_category.clone(),
    };
    fields.validate().map_err(csr_error)?;
    Ok(fields)
}

/// A CSR problem as an error at the field the user can change.
pub fn csr_error(e: zatca::csr::CsrError) -> Error {
    use zatca::csr::CsrError as C;
    let field = match &e {
        C::Missing { field } | C::TooLong { field, .. } | C::Invalid { field, .. } => {
            match *field {
                "common name" => "device.name",
                "organization unit name" | "organization unit" => "device.branch",
                "organization name" => "company.name_ar",
                "vat number" | "organization identifier" => "company.vat_number",
                "location address" | "registered address" => "company.address",
                "industry business category" | "business category" => "company.business_category",
                "invoice type" => "device.title",
                "country name" => "company.address.country",
                _ => "device",
            }
        }
        C::Encoding(_) => "device",
    };
    Error::field(
        "SANAD-CSR",
        field,
        e.to_string(),
        "لا يمكن إنشاء طلب شهادة الجهاز (CSR) بهذه القيمة",
    )
}
