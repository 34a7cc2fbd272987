//! Customers and items on real books: found with the ledger's folding search, stored only once
//! the engine's rules pass, every problem at its field in both languages.

mod support;

use ledger::customers::{CustomerFields, CustomerKind};
use ledger::items::ItemFields;
use rust_decimal::Decimal;
use sanad::catalog;
use zatca::model::VatCategory;

fn business() -> CustomerFields {
    CustomerFields {
        kind: CustomerKind::Business,
        name_ar: "شركة النخيل للتجارة".into(),
        name_en: Some("Palm Trading".into()),
        vat_number: Some("311111111100003".into()),
        crn: Some("1010101010".into()),
        id_scheme: Some("CRN".into()),
        street: Some("طريق الملك فهد".into()),
        building: Some("1234".into()),
        additional_number: Some("5678".into()),
        district: Some("العليا".into()),
        city: Some("الرياض".into()),
        postal_code: Some("12211".into()),
        region: Some("منطقة الرياض".into()),
        country_code: "SA".into(),
        ..CustomerFields::default()
    }
}

fn item() -> ItemFields {
    ItemFields {
        name_ar: "قهوة عربية".into(),
        name_en: Some("Arabic coffee".into()),
        unit_code: "PCE".into(),
        price: Decimal::new(400, 2),
        vat_category: VatCategory::S,
        vat_rate: Decimal::new(15, 0),
        exemption_code: None,
        exemption_reason: None,
        barcode: Some("6281000000017".into()),
        sku: Some("COF-1".into()),
    }
}

#[test]
fn a_customer_carries_the_full_national_address_the_engine_buyer_needs() {
    let dir = tempfile::tempdir().unwrap();
    let books = support::practice(dir.path());
    let saved = catalog::save_customer(&books, None, &business()).unwrap();
    let party = sanad::issuing::customer_party(&saved);
    let address = party.address.expect("address");
    assert_eq!(address.additional_number.as_deref(), Some("5678"));
    assert_eq!(address.region.as_deref(), Some("منطقة الرياض"));
    assert_eq!(address.postal_zone.as_deref(), Some("12211"));
    assert_eq!(
        party.id.map(|i| (i.scheme, i.value)),
        Some(("CRN".into(), "1010101010".into()))
    );
    // Found in either language, with the Arabic letter forms folded, and by VAT number.
    for q in ["النخيل", "palm", "3111"] {
        let found = catalog::customers(&books, q).unwrap();
        assert_eq!(
            found.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![saved.id],
            "{q}"
        );
    }
    assert_eq!(catalog::customers(&books, "").unwrap().len(), 1);
    // Changed: the list shows the new details; the kind is kept.
    let mut gov = business();
    gov.kind = CustomerKind::Government;
    gov.name_ar = "وزارة التجربة".into();
    let changed = catalog::save_customer(&books, Some(saved.id), &gov).unwrap();
    assert_eq!(changed.fields.kind, CustomerKind::Government);
    assert_eq!(
        catalog::customers(&books, "التجربة").unwrap()[0].id,
        saved.id
    );
}

#[test]
fn a_bad_customer_is_refused_with_every_problem_at_its_field() {
    let dir = tempfile::tempdir().unwrap();
    let books = support::practice(dir.path());
    let mut bad = business();
    bad.name_ar = "Palm".into();
    bad.vat_number = Some("12345".into());
    bad.postal_code = Some("12".into());
    let errors = catalog::save_customer(&books, None, &bad).unwrap_err();
    let fields: Vec<_> = errors.iter().filter_map(|e| e.field.as_deref()).collect();
    for f in [
        "customer.name_ar",
        "customer.vat_number",
        "customer.postal_code",
    ] {
        assert!(fields.contains(&f), "{f} not in {fields:?}");
    }
    assert!(
        errors
            .iter()
            .all(|e| !e.en.is_empty()
                && e.ar.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)))
    );
    assert!(
        catalog::customers(&books, "").unwrap().is_empty(),
        "nothing stored"
    );
    // A consumer needs no VAT number or address.
    let consumer = CustomerFields {
        kind: CustomerKind::Consumer,
        name_ar: "محمد".into(),
        country_code: "SA".into(),
        ..CustomerFields::default()
    };
    assert_eq!(catalog::check_customer(&consumer), vec![]);
}

#[test]
fn items_are_found_by_name_or_code_and_checked_for_their_vat_treatment() {
    let dir = tempfile::tempdir().unwrap();
    let books = support::practice(dir.path());
    let saved = catalog::save_item(&books, None, &item()).unwrap();
    for q in ["قهوه", "coffee", "6281000000017", "COF-1"] {
        assert_eq!(catalog::items(&books, q).unwrap()[0].id, saved.id, "{q}");
    }
    // The same barcode on another item is refused at the barcode.
    let mut twin = item();
    twin.name_ar = "شاي".into();
    twin.sku = None;
    let e = catalog::save_item(&books, None, &twin).unwrap_err();
    assert_eq!(e[0].field.as_deref(), Some("item.barcode"));
    // Changing the item itself keeps its own barcode.
    let mut dearer = item();
    dearer.price = Decimal::new(450, 2);
    let changed = catalog::save_item(&books, Some(saved.id), &dearer).unwrap();
    assert_eq!(changed.fields.price, Decimal::new(450, 2));
    // Zero-rated: rate 0 and one of ZATCA's reason codes.
    let mut zero = item();
    zero.barcode = None;
    zero.sku = None;
    zero.vat_category = VatCategory::Z;
    let e = catalog::save_item(&books, None, &zero).unwrap_err();
    let fields: Vec<_> = e.iter().filter_map(|e| e.field.as_deref()).collect();
    assert_eq!(fields, vec!["item.vat_rate", "item.exemption_code"]);
    zero.vat_rate = Decimal::ZERO;
    zero.exemption_code = Some("VATEX-SA-29".into());
    let e = catalog::save_item(&books, None, &zero).unwrap_err();
    assert_eq!(
        e[0].field.as_deref(),
        Some("item.exemption_code"),
        "an exempt code on a zero-rated item"
    );
    zero.exemption_code = Some("vatex-sa-32".into());
    let ok = catalog::save_item(&books, None, &zero).unwrap();
    assert_eq!(ok.fields.exemption_code.as_deref(), Some("VATEX-SA-32"));
}
