//! Finding the invoice XML inside a PDF/A-3: the associated files (`/AF`) of the catalog and the
//! `/EmbeddedFiles` name tree.

use lopdf::{Dictionary, Document, Object};

use super::CheckError;

/// An XML file found inside a PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedXml {
    /// The attachment's file name as the PDF states it.
    pub name: String,
    /// Its bytes, exactly as embedded.
    pub bytes: Vec<u8>,
}

/// The PDF name tree is walked at most this deep (guards against reference loops).
const MAX_DEPTH: usize = 16;

/// Returns the embedded invoice XML of a PDF.
pub fn extract_xml(bytes: &[u8]) -> Result<EmbeddedXml, CheckError> {
    let doc = Document::load_mem(bytes).map_err(|e| CheckError::PdfUnreadable {
        detail: e.to_string(),
    })?;
    let catalog = doc.catalog().map_err(|e| CheckError::PdfUnreadable {
        detail: format!("no document catalog: {e}"),
    })?;

    let mut specs: Vec<&Dictionary> = Vec::new();
    if let Ok(af) = catalog.get(b"AF")
        && let Ok(array) = resolve(&doc, af).and_then(Object::as_array)
    {
        specs.extend(array.iter().filter_map(|o| dict(&doc, o)));
    }
    if let Ok(names) = catalog.get(b"Names")
        && let Some(names) = dict(&doc, names)
        && let Ok(tree) = names.get(b"EmbeddedFiles")
        && let Some(tree) = dict(&doc, tree)
    {
        collect_name_tree(&doc, tree, 0, &mut specs);
    }

    let mut attachments = Vec::new();
    for spec in specs {
        if let Some(found) = read_spec(&doc, spec)? {
            attachments.push(found);
        }
    }
    let count = attachments.len();
    attachments
        .into_iter()
        .find(looks_like_xml)
        .ok_or(CheckError::PdfWithoutXml { attachments: count })
}

fn looks_like_xml(a: &EmbeddedXml) -> bool {
    let head: Vec<u8> = a
        .bytes
        .iter()
        .copied()
        .skip_while(|b| b.is_ascii_whitespace() || *b == 0xEF || *b == 0xBB || *b == 0xBF)
        .take(5)
        .collect();
    a.name.to_ascii_lowercase().ends_with(".xml") || head.starts_with(b"<")
}

fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> lopdf::Result<&'a Object> {
    doc.dereference(obj).map(|(_, o)| o)
}

fn dict<'a>(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
    resolve(doc, obj).ok().and_then(|o| o.as_dict().ok())
}

fn collect_name_tree<'a>(
    doc: &'a Document,
    node: &'a Dictionary,
    depth: usize,
    out: &mut Vec<&'a Dictionary>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    if let Ok(names) = node.get(b"Names").and_then(|o| resolve(doc, o))
        && let Ok(names) = names.as_array()
    {
        // [key1 value1 key2 value2 ...]
        out.extend(names.iter().skip(1).step_by(2).filter_map(|o| dict(doc, o)));
    }
    if let Ok(kids) = node.get(b"Kids").and_then(|o| resolve(doc, o))
        && let Ok(kids) = kids.as_array()
    {
        for kid in kids {
            if let Some(kid) = dict(doc, kid) {
                collect_name_tree(doc, kid, depth + 1, out);
            }
        }
    }
}

fn read_spec(doc: &Document, spec: &Dictionary) -> Result<Option<EmbeddedXml>, CheckError> {
    let name = [b"UF".as_slice(), b"F"]
        .iter()
        .find_map(|k| spec.get(k).ok().and_then(|o| resolve(doc, o).ok()))
        .and_then(|o| o.as_str().ok())
        .map(text_string)
        .unwrap_or_default();
    let Some(ef) = spec.get(b"EF").ok().and_then(|o| dict(doc, o)) else {
        return Ok(None);
    };
    let Some(stream) = [b"F".as_slice(), b"UF"]
        .iter()
        .find_map(|k| ef.get(k).ok().and_then(|o| resolve(doc, o).ok()))
        .and_then(|o| o.as_stream().ok())
    else {
        return Ok(None);
    };
    let bytes = if stream.dict.get(b"Filter").is_ok() {
        stream
            .decompressed_content()
            .map_err(|e| CheckError::PdfUnreadable {
                detail: format!("attachment {name:?} cannot be decompressed: {e}"),
            })?
    } else {
        stream.content.clone()
    };
    Ok(Some(EmbeddedXml { name, bytes }))
}

/// A PDF text string: UTF-16BE with a byte-order mark, or (here) UTF-8/Latin text.
fn text_string(raw: &[u8]) -> String {
    if let Some(rest) = raw.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(raw).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_names_are_read() {
        assert_eq!(text_string(&[0xFE, 0xFF, 0, b'a', 0, b'.']), "a.");
        assert_eq!(text_string(b"invoice.xml"), "invoice.xml");
    }

    #[test]
    fn garbage_is_unreadable_not_a_panic() {
        let err = extract_xml(b"%PDF-1.7\nnot really").expect_err("garbage");
        assert!(matches!(err, CheckError::PdfUnreadable { .. }), "{err:?}");
    }
}
