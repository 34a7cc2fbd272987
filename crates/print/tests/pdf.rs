//! The printed PDFs, checked with the tools a reader or an auditor would use: poppler
//! (`pdfdetach`, `pdftoppm`, `pdftotext`, `pdfinfo`), `zbarimg` and `qpdf`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{CREDIT, SIMPLIFIED, STANDARD, USD, draft, sample, signed, with_lines};
use print::{Layout, Options, PrintError, render};

/// Runs a tool; returns whether it succeeded and its stdout followed by its stderr.
fn run(program: &str, args: &[&str]) -> (bool, String) {
    let (ok, mut out, err) = run_split(program, args);
    out.push_str(&err);
    (ok, out)
}

fn run_split(program: &str, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{program} is needed for these tests (apt: poppler-utils, zbar-tools, qpdf): {e}"
            )
        });
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn write_pdf(dir: &Path, name: &str, xml: &[u8], layout: Layout) -> PathBuf {
    let pdf = render(xml, layout, &Options::default()).expect("renders");
    let path = dir.join(name);
    std::fs::write(&path, pdf).expect("write pdf");
    path
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

fn cases() -> Vec<(&'static str, Vec<u8>, Layout)> {
    vec![
        ("simplified-a4", sample(SIMPLIFIED), Layout::A4),
        ("simplified-receipt", sample(SIMPLIFIED), Layout::Receipt),
        ("standard", sample(STANDARD), Layout::A4),
        ("credit", sample(CREDIT), Layout::A4),
        ("usd", sample(USD), Layout::A4),
        (
            "sanad-receipt",
            signed(&draft("receipt-3")),
            Layout::Receipt,
        ),
        (
            "sanad-arabic-customer",
            signed(&draft("arabic-customer")),
            Layout::A4,
        ),
        (
            "sanad-receipt-discount",
            signed(&draft("receipt-discount")),
            Layout::Receipt,
        ),
    ]
}

/// The PDF's text layer (poppler's `pdftotext`, `-layout` keeps each printed row on one line).
fn text_of(dir: &Path, name: &str, xml: &[u8], layout: Layout, args: &[&str]) -> String {
    let pdf = write_pdf(dir, &format!("{name}.pdf"), xml, layout);
    let out = dir.join(format!("{name}.txt"));
    let mut all = vec!["-enc", "UTF-8"];
    all.extend_from_slice(args);
    all.extend([s(&pdf), s(&out)]);
    let (ok, msg) = run("pdftotext", &all);
    assert!(ok, "{msg}");
    std::fs::read_to_string(&out).expect("text")
}

/// Text without whitespace, the bidi controls poppler puts around direction changes (it may
/// move a space across one) and Arabic marks (it may set a tanween apart from its letter).
fn squeeze(t: &str) -> String {
    t.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(*c as u32,
                    0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069 | 0x064B..=0x065F | 0x0670)
        })
        .collect()
}

#[test]
fn the_arabic_address_line_keeps_building_number_and_postal_code() {
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        // (Arabic words, the number their line keeps, the Latin words of the other line)
        (
            "a4",
            sample(STANDARD),
            Layout::A4,
            [
                ("الامير سلطان", "2322", "Prince"),
                ("الرياض", "23333", "Riyadh"),
            ],
        ),
        (
            "receipt",
            signed(&draft("receipt-discount")),
            Layout::Receipt,
            [("التحلية", "4120", "Tahlia"), ("الرياض", "12245", "Riyadh")],
        ),
    ];
    for (name, xml, layout, pairs) in cases {
        let text = text_of(dir.path(), name, &xml, layout, &["-layout"]);
        for (words, number, latin) in pairs {
            let row = text
                .lines()
                .find(|l| l.contains(words))
                .unwrap_or_else(|| panic!("{name}: no row with {words}:\n{text}"));
            assert!(
                row.contains(number),
                "{name}: the Arabic line lost {number}: {row}"
            );
            assert!(
                !row.contains(latin),
                "{name}: the Arabic line mixes in {latin}: {row}"
            );
        }
    }
}

#[test]
fn embedded_xml_is_the_input_byte_for_byte() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, xml, layout) in cases() {
        let pdf = write_pdf(dir.path(), &format!("{name}.pdf"), &xml, layout);
        let (ok, list) = run("pdfdetach", &["-list", s(&pdf)]);
        assert!(ok && list.contains("1 embedded files"), "{name}: {list}");
        let out = dir.path().join(format!("{name}-attachment.xml"));
        let (ok, msg) = run("pdfdetach", &["-save", "1", "-o", s(&out), s(&pdf)]);
        assert!(ok, "{name}: {msg}");
        let extracted = std::fs::read(&out).expect("extracted file");
        assert!(
            extracted == xml,
            "{name}: the attachment differs from the XML of record"
        );
    }
}

#[test]
fn qr_scans_to_the_xml_qr() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, xml, layout) in cases() {
        let expected = zatca::read::read(&xml)
            .expect("reads")
            .qr
            .expect("signed sample has a QR");
        let pdf = write_pdf(dir.path(), &format!("{name}.pdf"), &xml, layout);
        let prefix = dir.path().join(name);
        let (ok, msg) = run(
            "pdftoppm",
            &[
                "-r",
                "150",
                "-f",
                "1",
                "-l",
                "1",
                "-png",
                s(&pdf),
                s(&prefix),
            ],
        );
        assert!(ok, "{name}: {msg}");
        let png = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .find(|p| {
                p.extension().is_some_and(|e| e == "png")
                    && p.file_name()
                        .is_some_and(|f| f.to_string_lossy().starts_with(&format!("{name}-")))
            })
            .expect("page image");
        let (ok, scanned, err) = run_split("zbarimg", &["--raw", "-q", s(&png)]);
        assert!(ok, "{name}: zbarimg found no code: {err}");
        assert_eq!(scanned.trim_end(), expected, "{name}");
    }
}

#[test]
fn qpdf_finds_no_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, xml, layout) in cases() {
        let pdf = write_pdf(dir.path(), &format!("{name}.pdf"), &xml, layout);
        let (ok, report) = run("qpdf", &["--check", s(&pdf)]);
        assert!(ok, "{name}: {report}");
        assert!(
            report.contains("No syntax or stream encoding errors found"),
            "{name}: {report}"
        );
        assert!(
            !report.to_lowercase().contains("warning"),
            "{name}: {report}"
        );
    }
}

#[test]
fn pdfa3b_metadata_output_intent_and_associated_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_pdf(dir.path(), "a.pdf", &sample(SIMPLIFIED), Layout::A4);
    let qdf = dir.path().join("a.qdf");
    let (ok, msg) = run(
        "qpdf",
        &["--qdf", "--object-streams=disable", s(&pdf), s(&qdf)],
    );
    assert!(ok, "{msg}");
    let text = String::from_utf8_lossy(&std::fs::read(&qdf).expect("qdf")).into_owned();
    let xmp_part =
        text.contains("<pdfaid:part>3</pdfaid:part>") || text.contains("pdfaid:part=\"3\"");
    let xmp_conf = text.contains("<pdfaid:conformance>B</pdfaid:conformance>")
        || text.contains("pdfaid:conformance=\"B\"");
    assert!(xmp_part && xmp_conf, "XMP must declare PDF/A-3B");
    for needle in [
        "/Type /Metadata",
        "/OutputIntents",
        "/S /GTS_PDFA1",
        "/DestOutputProfile",
        "/AF [",
        "/AFRelationship /Alternative",
        "/Subtype /text#2fxml",
        "/EmbeddedFiles",
        "/FontFile2",
    ] {
        assert!(text.contains(needle), "missing {needle}");
    }
}

#[test]
fn text_layer_has_the_arabic_title_and_the_totals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut prepayment = draft("receipt-3");
    prepayment["kind"] = "prepayment".into();
    let checks: [(&str, Vec<u8>, Layout, &[&str]); 9] = [
        (
            "sanad-receipt",
            signed(&draft("receipt-3")),
            Layout::Receipt,
            &["فاتورة ضريبية مبسطة", "60.38", "7.88", "قهوة عربية"],
        ),
        (
            "arabic-customer",
            signed(&draft("arabic-customer")),
            Layout::A4,
            &[
                "مؤسسة الواحة للمقاولات",
                "9,789.38",
                "1,276.88",
                "حديد تسليح ١٢ مم",
            ],
        ),
        (
            "simplified",
            sample(SIMPLIFIED),
            Layout::A4,
            &[
                "فاتورة ضريبية مبسطة",
                "Simplified Tax Invoice",
                "231.15",
                "30.15",
                "201.00",
                "SME00010",
            ],
        ),
        (
            "receipt",
            sample(SIMPLIFIED),
            Layout::Receipt,
            &["فاتورة ضريبية مبسطة", "231.15", "30.15", "399999999900003"],
        ),
        (
            "credit",
            sample(CREDIT),
            Layout::A4,
            &["إشعار دائن", "Credit Note", "SME00002", "4.60"],
        ),
        (
            "usd",
            sample(USD),
            Layout::A4,
            &["فاتورة ضريبية", "1,035.00 USD", "1,068.75 SAR", "285.00"],
        ),
        (
            "simplified-prepayment",
            signed(&prepayment),
            Layout::A4,
            &[
                "فاتورة ضريبية مبسطة لدفعة مقدمة",
                "Simplified Prepayment Tax Invoice",
            ],
        ),
        // Codes in words on the Arabic side (and English), the XML keeping the codes: the
        // scheme of the seller's ID, the unit, the country, the currency after the amount.
        (
            "codes",
            sample(STANDARD),
            Layout::A4,
            &[
                "رقم السجل التجاري",
                "registration number",
                "حبة · piece",
                "السعودية",
                "Saudi Arabia",
                "المبلغ المستحق",
                "ر.س",
            ],
        ),
        // A receipt line adds up for the reader: quantity × price − its discount = its net.
        (
            "receipt-discount",
            signed(&draft("receipt-discount")),
            Layout::Receipt,
            &[
                "407.78 0.333 × 1,234.5678 - 3.33 · 15%",
                "30.00 1 × 25.00 + 5.00 · 15%",
            ],
        ),
    ];
    for (name, xml, layout, needles) in checks {
        let text = text_of(dir.path(), name, &xml, layout, &[]);
        let flat = squeeze(&text);
        for needle in needles {
            assert!(
                flat.contains(&squeeze(needle)),
                "{name}: `{needle}` not in\n{text}"
            );
        }
        // Codes stay in the XML: never a unit code or a bare country code on paper.
        for code in [" PCE", " KGM", " BG"] {
            assert!(
                !text.contains(code),
                "{name}: `{code}` printed untranslated"
            );
        }
    }
}

/// Each total on paper sits on the row of the amount its glossary term labels (`ubl` in
/// `assets/glossary.json`, the same binding the screen is held to), in both languages.
#[test]
fn each_total_sits_beside_the_amount_its_glossary_term_labels() {
    let glossary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("assets/glossary.json")).expect("glossary"),
    )
    .expect("glossary JSON");
    let dir = tempfile::tempdir().expect("tempdir");
    let cases = [
        ("usd", sample(USD), Layout::A4, "USD"),
        ("credit", sample(CREDIT), Layout::A4, "SAR"),
        (
            "receipt-discount",
            signed(&draft("receipt-discount")),
            Layout::Receipt,
            "SAR",
        ),
    ];
    for (name, xml, layout, currency) in cases {
        let doc = zatca::read::read(&xml).expect("reads");
        let is_note = matches!(
            doc.kind,
            zatca::model::DocumentKind::CreditNote | zatca::model::DocumentKind::DebitNote
        );
        let xml_text = String::from_utf8(xml.clone()).expect("UTF-8");
        let text = text_of(dir.path(), name, &xml, layout, &["-layout"]);
        let rows: Vec<String> = text.lines().map(squeeze).collect();
        let mut checked = 0;
        for (key, term) in glossary["terms"].as_object().expect("terms") {
            let Some(ubl) = term["ubl"].as_str() else {
                continue;
            };
            if key.as_str()
                == if is_note {
                    "total.payable"
                } else {
                    "total.payableNote"
                }
            {
                continue;
            }
            let Some(value) = amount_in(&xml_text, ubl, currency) else {
                continue;
            };
            let shown = print_money(&value);
            let words = |lang: &str| squeeze(term[lang].as_str().expect("term"));
            // The rows with the Arabic words; one of them has the amount, and the English words
            // are on it or next to it (the receipt puts them beneath).
            let ar_rows: Vec<usize> = (0..rows.len())
                .filter(|&i| rows[i].contains(&words("ar")))
                .collect();
            if ar_rows.is_empty() {
                // Optional totals that are zero are left out; the receipt shows fewer rows.
                assert!(
                    value.is_zero() || layout == Layout::Receipt,
                    "{name}: {key} ({value}) is not printed"
                );
                continue;
            }
            let with_amount: Vec<usize> = ar_rows
                .into_iter()
                .filter(|&i| rows[i].contains(&squeeze(&shown)))
                .collect();
            assert!(
                !with_amount.is_empty(),
                "{name}: `{}` is not on the row of {ubl} = {shown}",
                term["ar"]
            );
            let en = with_amount.iter().any(|&row| {
                let near = &rows[row.saturating_sub(1)..(row + 2).min(rows.len())];
                near.iter().any(|r| r.contains(&words("en")))
            });
            assert!(en, "{name}: `{}` is not beside {shown}", term["en"]);
            checked += 1;
        }
        assert!(checked >= 4, "{name}: only {checked} totals checked");
    }
}

/// The value of `parent/child` in `currency`, as the XML states it.
fn amount_in(xml: &str, ubl: &str, currency: &str) -> Option<rust_decimal::Decimal> {
    let (parent, child) = ubl.split_once('/').expect("parent/child");
    let open = format!("<{child} currencyID=\"{currency}\">");
    xml.split(&format!("<{parent}>")).skip(1).find_map(|block| {
        let block = block.split(&format!("</{parent}>")).next()?;
        let start = block.find(&open)? + open.len();
        block[start..].split('<').next()?.trim().parse().ok()
    })
}

/// An amount as the paper writes it: thousands separators, at least two decimals.
fn print_money(v: &rust_decimal::Decimal) -> String {
    let mut v = v.normalize();
    if v.scale() < 2 {
        v.rescale(2);
    }
    let text = v.to_string();
    let (int, frac) = text.split_once('.').expect("two decimals");
    let digits: Vec<char> = int.chars().collect();
    let mut out = String::new();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(*c);
    }
    format!("{out}.{frac}")
}

#[test]
fn long_invoices_continue_over_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let pdf = write_pdf(
        dir.path(),
        "long.pdf",
        &signed(&with_lines("arabic-customer", 200)),
        Layout::A4,
    );
    let (ok, info) = run("pdfinfo", &[s(&pdf)]);
    assert!(ok, "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count");
    assert!(pages >= 5, "200 lines on {pages} pages");
    let out = dir.path().join("long.txt");
    let (ok, msg) = run("pdftotext", &["-enc", "UTF-8", s(&pdf), s(&out)]);
    assert!(ok, "{msg}");
    let text = std::fs::read_to_string(&out).expect("text");
    assert!(text.contains(&format!("Page {pages} of {pages}")));
    // Every line is printed once: nothing lost or repeated at a page break.
    for i in 1..=200 {
        assert_eq!(text.matches(&format!("L{i:03}")).count(), 1, "line {i}");
    }
    // The line table runs over every page but the last (which may hold only the totals).
    let pages_text: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages_text.len(), pages);
    for page in &pages_text[..pages - 1] {
        assert!(
            page.contains("Description"),
            "the table header repeats on every page"
        );
    }
    let (ok, msg) = run("qpdf", &["--check", s(&pdf)]);
    assert!(ok, "{msg}");
}

#[test]
fn refusals_are_typed() {
    let xml = String::from_utf8(sample(SIMPLIFIED)).expect("UTF-8");
    let qr_start = xml
        .find("<cac:AdditionalDocumentReference>\n        <cbc:ID>QR</cbc:ID>")
        .expect("QR block");
    let qr_end = qr_start
        + xml[qr_start..]
            .find("</cac:AdditionalDocumentReference>")
            .expect("end")
        + "</cac:AdditionalDocumentReference>".len();
    let unsigned = format!("{}{}", &xml[..qr_start], &xml[qr_end..]);
    assert!(matches!(
        render(unsigned.as_bytes(), Layout::A4, &Options::default()),
        Err(PrintError::Unsigned)
    ));
    assert!(matches!(
        render(&sample(STANDARD), Layout::Receipt, &Options::default()),
        Err(PrintError::ReceiptForStandard)
    ));
    assert!(matches!(
        render(b"<x/>", Layout::A4, &Options::default()),
        Err(PrintError::Read(_))
    ));
    let bad_logo = Options {
        logo: Some(b"GIF89a".to_vec()),
        ..Options::default()
    };
    assert!(matches!(
        render(&sample(SIMPLIFIED), Layout::A4, &bad_logo),
        Err(PrintError::Logo(_))
    ));
    let broken_png = Options {
        logo: Some(b"\x89PNG\r\n\x1a\nbroken".to_vec()),
        ..Options::default()
    };
    assert!(matches!(
        render(&sample(SIMPLIFIED), Layout::A4, &broken_png),
        Err(PrintError::Logo(_))
    ));
}

#[test]
fn logo_is_drawn() {
    let dir = tempfile::tempdir().expect("tempdir");
    // A real PNG: the first page of a receipt, rendered by poppler.
    let pdf = write_pdf(dir.path(), "r.pdf", &sample(SIMPLIFIED), Layout::Receipt);
    let prefix = dir.path().join("logo");
    let (ok, msg) = run(
        "pdftoppm",
        &["-r", "20", "-singlefile", "-png", s(&pdf), s(&prefix)],
    );
    assert!(ok, "{msg}");
    let logo = std::fs::read(dir.path().join("logo.png")).expect("png");
    let options = Options {
        logo: Some(logo),
        ..Options::default()
    };
    for layout in [Layout::A4, Layout::Receipt] {
        let with = render(&sample(SIMPLIFIED), layout, &options).expect("renders with a logo");
        let path = dir.path().join("with-logo.pdf");
        std::fs::write(&path, &with).expect("write");
        let (ok, list) = run("pdfimages", &["-list", s(&path)]);
        assert!(ok, "{list}");
        assert!(list.lines().count() > 2, "an image in the PDF: {list}");
    }
}

#[test]
fn same_xml_same_pdf() {
    let xml = sample(SIMPLIFIED);
    for layout in [Layout::A4, Layout::Receipt] {
        let a = render(&xml, layout, &Options::default()).expect("renders");
        let b = render(&xml, layout, &Options::default()).expect("renders");
        assert!(
            a == b,
            "rendering is deterministic (no clock, no randomness)"
        );
    }
}
