//! Customers and items: listed, found with the ledger's folding search (Arabic letter forms,
//! digits), and stored only once checked — a customer with the engine's own buyer rules (the
//! buyer of a document to them), an item with the engine's VAT rules — every problem at once,
//! each at its field, in Arabic and English.

use ledger::customers::{Customer, CustomerFields, CustomerKind};
use ledger::items::{Item, ItemFields};
use rust_decimal::Decimal;
use zatca::api::ComplianceStep;
use zatca::model::VatCategory;

use crate::books::Books;
use crate::error::Error;

/// How many a list shows (the newest, or the best matches).
pub const LIST: u32 = 50;

/// The customers matching `text` (name in either language, VAT number, identifier), or the
/// newest when `text` is empty.
pub fn customers(books: &Books, text: &str) -> Result<Vec<Customer>, Error> {
    let ledger = books.ledger();
    Ok(if text.trim().is_empty() {
        ledger.recent_customers(LIST)?
    } else {
        ledger.search_customers(text, LIST)?
    })
}

/// The items matching `text` (name in either language, or exactly a barcode or SKU), or the
/// newest when `text` is empty.
pub fn items(books: &Books, text: &str) -> Result<Vec<Item>, Error> {
    let ledger = books.ledger();
    Ok(if text.trim().is_empty() {
        ledger.recent_items(LIST)?
    } else {
        ledger.search_items(text, LIST)?
    })
}

/// The customer form's field for an engine path about the buyer.
fn customer_field(path: &str) -> String {
    let rest = path.strip_prefix("buyer").unwrap_or(path);
    let field = match rest.trim_start_matches('.') {
        "" => "",
        "name" => "name_ar",
        "vat_number" => "vat_number",
        "id" | "id.value" => "crn",
        "id.scheme" => "id_scheme",
        "address" => "street",
        "address.street" => "street",
        "address.additional_street" => "additional_street",
        "address.building_number" => "building",
        "address.additional_number" => "additional_number",
        "address.district" => "district",
        "address.city" => "city",
        "address.postal_zone" => "postal_code",
        "address.region" => "region",
        "address.country" => "country_code",
        other => other,
    };
    if field.is_empty() {
        "customer".to_owned()
    } else {
        format!("customer.{field}")
    }
}

/// Empty text is no value.
fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// A customer's fields as stored: text trimmed, empty values absent, codes in capitals.
pub fn tidy_customer(c: &CustomerFields) -> CustomerFields {
    CustomerFields {
        kind: c.kind,
        name_ar: c.name_ar.trim().to_owned(),
        name_en: trimmed(&c.name_en),
        vat_number: trimmed(&c.vat_number),
        crn: trimmed(&c.crn),
        id_scheme: trimmed(&c.crn).and(trimmed(&c.id_scheme).map(|s| s.to_uppercase())),
        street: trimmed(&c.street),
        additional_street: trimmed(&c.additional_street),
        building: trimmed(&c.building),
        additional_number: trimmed(&c.additional_number),
        district: trimmed(&c.district),
        city: trimmed(&c.city),
        postal_code: trimmed(&c.postal_code),
        region: trimmed(&c.region),
        country_code: c.country_code.trim().to_uppercase(),
    }
}

/// Every problem of a customer, each at its field: the engine's rules on the buyer of a
/// standard invoice (business, government) or a simplified one (consumer) to them.
pub fn check_customer(c: &CustomerFields) -> Vec<Error> {
    let c = tidy_customer(c);
    let mut out = Vec::new();
    if !c
        .name_ar
        .chars()
        .any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch))
    {
        out.push(Error::field(
            "SANAD-CUSTOMER-NAME-AR",
            "customer.name_ar",
            "the customer's name in Arabic is required",
            "اسم العميل بالعربية مطلوب",
        ));
    }
    if c.country_code.len() != 2 || !c.country_code.bytes().all(|b| b.is_ascii_uppercase()) {
        out.push(Error::field(
            "SANAD-COUNTRY",
            "customer.country_code",
            format!(
                "{:?} is not a two-letter country code (SA, AE, …)",
                c.country_code
            ),
            format!("«{}» ليس رمز دولة من حرفين (مثل SA)", c.country_code),
        ));
    }
    let step = match c.kind {
        CustomerKind::Consumer => ComplianceStep::SimplifiedInvoice,
        CustomerKind::Business | CustomerKind::Government => ComplianceStep::StandardInvoice,
    };
    let seller = crate::company::seller(&crate::practice::sample_company());
    let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let mut draft = crate::onboarding::compliance::draft(&step, &seller, "CUSTOMER-1", "", at);
    let stored = Customer {
        id: 0,
        fields: c.clone(),
    };
    draft.buyer = Some(crate::issuing::customer_party(&stored));
    for p in zatca::rules::check_draft(&draft) {
        if !p.path.starts_with("buyer") {
            continue;
        }
        let field = customer_field(&p.path);
        if out
            .iter()
            .any(|e: &Error| e.field.as_deref() == Some(field.as_str()))
        {
            continue;
        }
        out.push(Error::field(
            p.code(),
            field,
            p.message.clone(),
            p.message_ar.clone(),
        ));
    }
    out
}

/// Stores a new customer (`id` `None`) or changes one, after checking it.
pub fn save_customer(
    books: &Books,
    id: Option<i64>,
    c: &CustomerFields,
) -> Result<Customer, Vec<Error>> {
    let problems = check_customer(c);
    if !problems.is_empty() {
        return Err(problems);
    }
    let c = tidy_customer(c);
    let mut ledger = books.ledger();
    let saved = match id {
        Some(id) => ledger
            .update_customer(id, &c)
            .and_then(|()| ledger.customer(id)),
        None => ledger.add_customer(&c),
    };
    saved.map_err(|e| vec![Error::from(e)])
}

/// An item's fields as stored: text trimmed, empty values absent.
pub fn tidy_item(i: &ItemFields) -> ItemFields {
    ItemFields {
        name_ar: i.name_ar.trim().to_owned(),
        name_en: trimmed(&i.name_en),
        unit_code: i.unit_code.trim().to_uppercase(),
        price: i.price,
        vat_category: i.vat_category,
        vat_rate: i.vat_rate,
        exemption_code: trimmed(&i.exemption_code).map(|s| s.to_uppercase()),
        exemption_reason: trimmed(&i.exemption_reason),
        barcode: trimmed(&i.barcode),
        sku: trimmed(&i.sku),
    }
}

/// The exemption reason codes ZATCA accepts for a VAT category (none for standard rate).
pub fn exemption_codes(category: VatCategory) -> &'static [&'static str] {
    match category {
        VatCategory::S => &[],
        VatCategory::Z => zatca::rules::ZERO_RATED_CODES,
        VatCategory::E => zatca::rules::EXEMPT_CODES,
        VatCategory::O => zatca::rules::OUT_OF_SCOPE_CODES,
    }
}

/// Every problem of an item, each at its field (`id`: the item being changed, whose own barcode
/// is no clash).
pub fn check_item(books: &Books, id: Option<i64>, i: &ItemFields) -> Result<Vec<Error>, Error> {
    let i = tidy_item(i);
    let mut out = Vec::new();
    if !i
        .name_ar
        .chars()
        .any(|ch| ('\u{0600}'..='\u{06FF}').contains(&ch))
    {
        out.push(Error::field(
            "SANAD-ITEM-NAME-AR",
            "item.name_ar",
            "the item's name in Arabic is required",
            "اسم الصنف بالعربية مطلوب",
        ));
    }
    if i.unit_code.is_empty() {
        out.push(Error::field(
            "SANAD-MISSING",
            "item.unit_code",
            "the unit is required (PCE for a piece, KGM for a kilogram, …)",
            "وحدة القياس مطلوبة (حبة، كيلوغرام، …)",
        ));
    }
    if i.price.is_sign_negative() {
        out.push(Error::field(
            "SANAD-PRICE",
            "item.price",
            "the price must not be negative",
            "يجب ألا يكون السعر سالبًا",
        ));
    }
    let standard = i.vat_category == VatCategory::S;
    if standard && i.vat_rate <= Decimal::ZERO {
        out.push(Error::field(
            "SANAD-VAT-RATE",
            "item.vat_rate",
            "a standard-rated item has a VAT rate above zero (15%)",
            "نسبة الضريبة للصنف الخاضع للنسبة الأساسية أكبر من الصفر (15%)",
        ));
    }
    if !standard && !i.vat_rate.is_zero() {
        out.push(Error::field(
            "SANAD-VAT-RATE",
            "item.vat_rate",
            "a zero-rated, exempt or out-of-scope item has a VAT rate of 0%",
            "نسبة الضريبة للصنف الخاضع لنسبة الصفر أو المعفى من الضريبة أو الخارج عن نطاق الضريبة هي 0%",
        ));
    }
    let codes = exemption_codes(i.vat_category);
    match &i.exemption_code {
        None if !standard => out.push(Error::field(
            "SANAD-EXEMPTION-CODE",
            "item.exemption_code",
            format!(
                "this VAT category needs ZATCA's exemption reason code: one of {}",
                codes.join(", ")
            ),
            "تتطلب هذه الفئة الضريبية رمز سبب الإعفاء المعتمد من الهيئة",
        )),
        Some(code) if !codes.contains(&code.as_str()) => out.push(Error::field(
            "SANAD-EXEMPTION-CODE",
            "item.exemption_code",
            if standard {
                "a standard-rated item has no exemption reason code".to_owned()
            } else {
                format!(
                    "{code} is not a reason code for this VAT category: one of {}",
                    codes.join(", ")
                )
            },
            if standard {
                "لا يحمل الصنف الخاضع للنسبة الأساسية رمز سبب إعفاء".to_owned()
            } else {
                format!("الرمز {code} ليس من رموز سبب الإعفاء لهذه الفئة الضريبية")
            },
        )),
        _ => {}
    }
    for (field, value) in [("item.barcode", &i.barcode), ("item.sku", &i.sku)] {
        let Some(code) = value else { continue };
        let clash = books
            .ledger()
            .search_items(code, 2)?
            .into_iter()
            .find(|other| {
                Some(other.id) != id
                    && (other.fields.barcode.as_ref() == Some(code)
                        || other.fields.sku.as_ref() == Some(code))
            });
        if let Some(other) = clash {
            out.push(Error::field(
                "SANAD-CODE-TAKEN",
                field,
                format!("{code} is already the code of {}", other.fields.name_ar),
                format!("الرمز {code} مستخدم للصنف «{}»", other.fields.name_ar),
            ));
        }
    }
    Ok(out)
}

/// Stores a new item (`id` `None`) or changes one, after checking it.
pub fn save_item(books: &Books, id: Option<i64>, i: &ItemFields) -> Result<Item, Vec<Error>> {
    let problems = check_item(books, id, i).map_err(|e| vec![e])?;
    if !problems.is_empty() {
        return Err(problems);
    }
    let i = tidy_item(i);
    let mut ledger = books.ledger();
    let saved = match id {
        Some(id) => ledger.update_item(id, &i).and_then(|()| ledger.item(id)),
        None => ledger.add_item(&i),
    };
    saved.map_err(|e| vec![Error::from(e)])
}
