//! The PDF/A-3b container: pages, metadata (XMP with pdfaid part 3, conformance B, written by
//! krilla), the sRGB output intent, and the XML of record as an associated file.

use chrono::{Datelike, NaiveTime};
use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::image::Image;
use krilla::metadata::{DateTime, Metadata};
use krilla::page::PageSettings;
use krilla::{Document as PdfDocument, SerializeSettings};
use zatca::read::Document;

use crate::canvas::Page;
use crate::{Options, PrintError, labels};

/// Decodes a PNG or JPEG logo (without interpolation, which PDF/A forbids).
pub(crate) fn logo(bytes: &[u8]) -> Result<Image, PrintError> {
    let data = bytes.to_vec().into();
    if bytes.starts_with(b"\x89PNG") {
        Image::from_png(data, false).map_err(PrintError::Logo)
    } else if bytes.starts_with(&[0xff, 0xd8]) {
        Image::from_jpeg(data, false).map_err(PrintError::Logo)
    } else {
        Err(PrintError::Logo("unknown image format".into()))
    }
}

/// The document's own moment of issue, so the same XML always gives the same PDF dates.
fn issue_moment(doc: &Document) -> DateTime {
    let d = doc.issue_date;
    let mut dt = DateTime::new(d.year().clamp(0, 9999) as u16)
        .month(d.month() as u8)
        .day(d.day() as u8);
    let time = doc
        .issue_time
        .get(..8)
        .and_then(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").ok());
    if let Some(t) = time {
        use chrono::Timelike;
        dt = dt
            .hour(t.hour() as u8)
            .minute(t.minute() as u8)
            .second(t.second() as u8);
        if doc.issue_time.ends_with('Z') {
            dt = dt.utc_offset_hour(0).utc_offset_minute(0);
        }
    }
    dt
}

/// A file name made of the document number's safe characters.
fn attachment_name(doc: &Document) -> String {
    let safe: String = doc
        .number
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.xml")
}

pub(crate) fn write(
    doc: &Document,
    xml: &[u8],
    pages: &[Page],
    options: &Options,
) -> Result<Vec<u8>, PrintError> {
    let configuration = ConfigurationBuilder::new()
        .with_archival_validator(Archival::A3_B)
        .finish()
        .map_err(|e| PrintError::Pdf(format!("{e:?}")))?;
    let settings = SerializeSettings {
        configuration,
        ..SerializeSettings::default()
    };
    let mut pdf = PdfDocument::new_with(settings);
    let title = labels::title(doc);
    let moment = issue_moment(doc);
    pdf.set_metadata(
        Metadata::new()
            .title(format!("{} {} | {}", title.en, doc.number, title.ar))
            .description(format!("UUID {}", doc.uuid))
            .language("ar-SA".into())
            .creator("Sanad".into())
            .creation_date(moment),
    );
    pdf.embed_file(EmbeddedFile {
        path: options
            .attachment_name
            .clone()
            .unwrap_or_else(|| attachment_name(doc)),
        mime_type: MimeType::new("text/xml"),
        description: Some(format!("{} {} (XML of record)", title.en, doc.number)),
        association_kind: AssociationKind::Alternative,
        data: xml.to_vec().into(),
        modification_date: Some(moment),
        compress: None,
        location: None,
    })
    .ok_or_else(|| PrintError::Pdf("the attachment name is used twice".into()))?;
    for p in pages {
        let settings = PageSettings::from_wh(p.width, p.height)
            .ok_or_else(|| PrintError::Pdf(format!("bad page size {}x{}", p.width, p.height)))?;
        let mut page = pdf.start_page_with(settings);
        let mut surface = page.surface();
        p.draw(&mut surface);
        surface.finish();
        page.finish();
    }
    pdf.finish().map_err(|e| PrintError::Pdf(format!("{e:?}")))
}
