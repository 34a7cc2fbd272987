//! Search: customers, items and documents by name (Arabic or English), number, VAT, dates, amount.

mod support;

use chrono::Duration;
use ledger::customers::CustomerFields;
use ledger::items::ItemFields;
use ledger::search::{DocumentQuery, PageCursor};
use rust_decimal::Decimal;
use support::{at, request, setup, shaped_signer};

fn customer(ar: &str, en: &str, vat: Option<&str>) -> CustomerFields {
    CustomerFields {
        name_ar: ar.to_owned(),
        name_en: Some(en.to_owned()),
        vat_number: vat.map(str::to_owned),
        country_code: "SA".to_owned(),
        city: Some("الرياض".to_owned()),
        ..CustomerFields::default()
    }
}

#[test]
fn customers_by_arabic_or_english_name_and_by_vat() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, _) = setup(&dir.path().join("books.sanad"));
    let a = ledger
        .add_customer(&customer(
            "شركة النخيل للتجارة",
            "Palm Trading Co",
            Some("311111111100003"),
        ))
        .unwrap();
    let b = ledger
        .add_customer(&customer(
            "مؤسسة الواحة",
            "Oasis Est",
            Some("322222222200003"),
        ))
        .unwrap();
    let ids = |v: Vec<ledger::customers::Customer>| v.into_iter().map(|c| c.id).collect::<Vec<_>>();
    assert_eq!(
        ids(ledger.search_customers("النخيل", 10).unwrap()),
        vec![a.id]
    );
    assert_eq!(
        ids(ledger.search_customers("palm", 10).unwrap()),
        vec![a.id],
        "case-insensitive"
    );
    assert_eq!(
        ids(ledger.search_customers("Oasis", 10).unwrap()),
        vec![b.id]
    );
    assert_eq!(
        ids(ledger.search_customers("3222", 10).unwrap()),
        vec![b.id]
    );
    assert_eq!(
        ids(ledger.search_customers("Es", 10).unwrap()),
        vec![b.id],
        "short text scans"
    );
    assert!(
        ledger
            .search_customers("\"; DROP TABLE customers; --", 10)
            .unwrap()
            .is_empty()
    );
    // Renaming updates the index.
    let mut renamed = b.fields.clone();
    renamed.name_en = Some("Desert Rose".to_owned());
    ledger.update_customer(b.id, &renamed).unwrap();
    assert!(ledger.search_customers("Oasis", 10).unwrap().is_empty());
    assert_eq!(
        ids(ledger.search_customers("desert", 10).unwrap()),
        vec![b.id]
    );
    let bad = ledger
        .add_customer(&customer("x", "x", Some("12345")))
        .unwrap_err();
    assert!(bad.to_string().contains("customer.vat_number"), "{bad}");
}

#[test]
fn items_by_name_barcode_and_sku() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, _) = setup(&dir.path().join("books.sanad"));
    let item = |ar: &str, en: &str, barcode: &str, cat: &str| ItemFields {
        name_ar: ar.to_owned(),
        name_en: Some(en.to_owned()),
        unit_code: "PCE".to_owned(),
        price: Decimal::new(1250, 2),
        vat_category: cat.parse().unwrap(),
        vat_rate: if cat == "S" {
            Decimal::new(15, 0)
        } else {
            Decimal::ZERO
        },
        exemption_code: (cat != "S").then(|| "VATEX-SA-29".to_owned()),
        exemption_reason: None,
        barcode: Some(barcode.to_owned()),
        sku: None,
    };
    let coffee = ledger
        .add_item(&item("قهوة عربية", "Arabic Coffee", "6281000000017", "S"))
        .unwrap();
    let dates = ledger
        .add_item(&item("تمر سكري", "Sukkari Dates", "6281000000024", "S"))
        .unwrap();
    assert_eq!(ledger.search_items("قهوة", 5).unwrap()[0].id, coffee.id);
    assert_eq!(ledger.search_items("dates", 5).unwrap()[0].id, dates.id);
    assert_eq!(
        ledger.search_items("6281000000024", 5).unwrap()[0].id,
        dates.id
    );
    assert_eq!(
        ledger.item(coffee.id).unwrap().fields.price,
        Decimal::new(1250, 2)
    );
    let mut exempt = item("تعليم", "Tuition", "1", "E");
    exempt.exemption_code = None;
    let err = ledger.add_item(&exempt).unwrap_err();
    assert!(err.to_string().contains("item.exemption_code"), "{err}");
}

#[test]
fn documents_by_number_customer_vat_dates_and_amount_newest_first_with_paging() {
    let dir = tempfile::tempdir().unwrap();
    let (mut ledger, device) = setup(&dir.path().join("books.sanad"));
    let palm = ledger
        .add_customer(&customer(
            "شركة النخيل",
            "Palm Trading",
            Some("311111111100003"),
        ))
        .unwrap();
    let oasis = ledger
        .add_customer(&customer("مؤسسة الواحة", "Oasis Est", None))
        .unwrap();
    let mut issued = Vec::new();
    for i in 0..12 {
        let mut req = request(device, at(8, 0) + Duration::minutes(i * 10));
        req.customer_id = Some(if i % 3 == 0 { palm.id } else { oasis.id });
        issued.push(ledger.issue(&req, shaped_signer).unwrap());
    }
    let numbers = |v: Vec<ledger::documents::DocumentSummary>| {
        v.into_iter().map(|d| d.number).collect::<Vec<_>>()
    };

    let page1 = ledger.newest_documents(None, 5).unwrap();
    assert_eq!(
        numbers(page1.clone()),
        vec![
            "INV-000012",
            "INV-000011",
            "INV-000010",
            "INV-000009",
            "INV-000008"
        ]
    );
    let page2 = ledger
        .newest_documents(Some(PageCursor::of(page1.last().unwrap())), 5)
        .unwrap();
    assert_eq!(page2[0].number, "INV-000007");

    let q = |f: fn(&mut DocumentQuery)| {
        let mut q = DocumentQuery::default();
        f(&mut q);
        q
    };
    assert_eq!(
        numbers(
            ledger
                .search_documents(&q(|q| q.number = Some("INV-00001".into())), 50)
                .unwrap()
        ),
        vec!["INV-000012", "INV-000011", "INV-000010"]
    );
    assert_eq!(
        numbers(
            ledger
                .search_documents(&q(|q| q.customer_name = Some("النخيل".into())), 50)
                .unwrap()
        ),
        vec!["INV-000010", "INV-000007", "INV-000004", "INV-000001"]
    );
    assert_eq!(
        ledger
            .search_documents(&q(|q| q.customer_name = Some("palm".into())), 50)
            .unwrap()
            .len(),
        4
    );
    assert_eq!(
        ledger
            .search_documents(&q(|q| q.vat_number = Some("311111111100003".into())), 50)
            .unwrap()
            .len(),
        4
    );
    assert!(
        ledger
            .search_documents(&q(|q| q.customer_name = Some("nobody".into())), 50)
            .unwrap()
            .is_empty()
    );
    let window = q(|q| {
        q.from = Some(at(8, 30));
        q.to = Some(at(9, 0));
    });
    assert_eq!(
        numbers(ledger.search_documents(&window, 50).unwrap()),
        vec!["INV-000006", "INV-000005", "INV-000004"]
    );
    // The shaped signer's totals are 115.00 + ICV/100: 115.03 .. 115.05 picks ICV 3..5.
    let amount = q(|q| {
        q.min_total = Some(Decimal::new(11503, 2));
        q.max_total = Some(Decimal::new(11505, 2));
    });
    assert_eq!(
        numbers(ledger.search_documents(&amount, 50).unwrap()),
        vec!["INV-000005", "INV-000004", "INV-000003"]
    );
    assert_eq!(
        numbers(
            ledger
                .search_documents(&q(|q| q.number = Some("INV-*".into())), 50)
                .unwrap()
        ),
        Vec::<String>::new(),
        "glob characters are literal"
    );
}
