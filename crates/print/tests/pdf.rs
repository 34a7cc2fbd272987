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
    ]
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
    let checks: [(&str, Vec<u8>, Layout, &[&str]); 6] = [
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
    ];
    for (name, xml, layout, needles) in checks {
        let pdf = write_pdf(dir.path(), &format!("{name}.pdf"), &xml, layout);
        let out = dir.path().join(format!("{name}.txt"));
        let (ok, msg) = run("pdftotext", &["-enc", "UTF-8", s(&pdf), s(&out)]);
        assert!(ok, "{msg}");
        // poppler marks direction changes with bidi controls and may move a space across one:
        // compare without either.
        let plain = |t: &str| -> String {
            t.chars()
                .filter(|c| {
                    !c.is_whitespace()
                        && !matches!(*c as u32, 0x200E | 0x200F | 0x202A..=0x202E | 0x2066..=0x2069)
                })
                .collect()
        };
        let text = plain(&std::fs::read_to_string(&out).expect("text"));
        for needle in needles {
            assert!(
                text.contains(&plain(needle)),
                "{name}: `{needle}` not in\n{text}"
            );
        }
    }
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
