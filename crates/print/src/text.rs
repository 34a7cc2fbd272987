//! Setting one line of text: BiDi ordering (unicode-bidi), font choice per run (Arabic script in
//! Noto Naskh Arabic, everything else in Noto Sans) and shaping (rustybuzz). The result is a list
//! of glyph runs in visual order, left to right, each with its offset from the line's start.

use std::ops::Range;

use krilla::text::{GlyphId, KrillaGlyph};
use std::cell::RefCell;
use std::collections::HashMap;

use rustybuzz::{Direction, Script, ShapePlan, UnicodeBuffer};
use unicode_bidi::{BidiInfo, Level};

use crate::fonts::{FONTS, Face};

/// One shaped run: glyphs of a single face and direction.
#[derive(Debug, Clone)]
pub(crate) struct GlyphRun {
    pub(crate) face: Face,
    /// The run's text in logical order; glyph text ranges index into it.
    pub(crate) text: String,
    pub(crate) glyphs: Vec<KrillaGlyph>,
    /// Offset from the start of the line, in points.
    pub(crate) x: f32,
}

/// A line of text ready to draw.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    pub(crate) runs: Vec<GlyphRun>,
    pub(crate) width: f32,
    pub(crate) size: f32,
    /// The paragraph direction is right to left (its first strong character is Arabic).
    pub(crate) rtl: bool,
}

thread_local! {
    /// Shaping plans by face, direction and script: building one costs more than shaping a
    /// short run, and a document needs only a handful.
    static PLANS: RefCell<HashMap<(Face, bool, Script), ShapePlan>> = RefCell::new(HashMap::new());
}

fn is_arabic(c: char) -> bool {
    matches!(c as u32,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// Whether `c` is set in the Arabic face: Arabic script always; characters of no script
/// (spaces, punctuation) inside a right-to-left run too, when the Arabic face has them.
fn takes_arabic_face(c: char, run_rtl: bool) -> bool {
    if is_arabic(c) {
        return true;
    }
    let neutral = !c.is_alphanumeric();
    run_rtl && neutral && FONTS.get(Face::Arabic).shaper.glyph_index(c).is_some()
}

/// Shapes `text` at `size` points. The paragraph direction follows its first strong character.
pub(crate) fn shape(text: &str, size: f32, bold: bool) -> Line {
    if !text.chars().any(is_arabic) {
        let runs = vec![shape_run(
            text,
            0..text.len(),
            Face::pick(false, bold),
            false,
        )];
        return finish(runs, size, false);
    }
    let bidi = BidiInfo::new(text, None);
    let Some(para) = bidi.paragraphs.first() else {
        return finish(Vec::new(), size, false);
    };
    let rtl = para.level.is_rtl();
    let (levels, runs) = bidi.visual_runs(para, para.range.clone());
    let mut out = Vec::new();
    for run in runs {
        let run_rtl = levels[run.start].is_rtl();
        // Split the level run by face, in logical order.
        let mut pieces: Vec<(Range<usize>, bool)> = Vec::new();
        for (i, c) in text[run.clone()].char_indices() {
            let at = run.start + i;
            let arabic = takes_arabic_face(c, run_rtl);
            match pieces.last_mut() {
                Some((r, a)) if *a == arabic => r.end = at + c.len_utf8(),
                _ => pieces.push((at..at + c.len_utf8(), arabic)),
            }
        }
        if run_rtl {
            pieces.reverse();
        }
        for (range, arabic) in pieces {
            out.push(shape_run(text, range, Face::pick(arabic, bold), run_rtl));
        }
    }
    finish(out, size, rtl)
}

fn finish(mut runs: Vec<GlyphRun>, size: f32, rtl: bool) -> Line {
    let mut x = 0.0;
    for run in &mut runs {
        run.x = x;
        x += run.glyphs.iter().map(|g| g.x_advance).sum::<f32>() * size;
    }
    Line {
        runs,
        width: x,
        size,
        rtl,
    }
}

fn shape_run(text: &str, range: Range<usize>, face: Face, rtl: bool) -> GlyphRun {
    let font = FONTS.get(face);
    let piece = &text[range];
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(piece);
    buffer.guess_segment_properties();
    let direction = if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    };
    buffer.set_direction(direction);
    let script = buffer.script();
    let shaped = PLANS.with(|plans| {
        let mut plans = plans.borrow_mut();
        let plan = plans
            .entry((face, rtl, script))
            .or_insert_with(|| ShapePlan::new(&font.shaper, direction, Some(script), None, &[]));
        rustybuzz::shape_with_plan(&font.shaper, plan, buffer)
    });
    let infos = shaped.glyph_infos();
    let positions = shaped.glyph_positions();
    let mut starts: Vec<usize> = infos.iter().map(|i| i.cluster as usize).collect();
    starts.sort_unstable();
    starts.dedup();
    let upem = font.units_per_em;
    let glyphs = infos
        .iter()
        .zip(positions)
        .map(|(info, pos)| {
            let start = info.cluster as usize;
            let end = starts
                .iter()
                .copied()
                .find(|s| *s > start)
                .unwrap_or(piece.len());
            KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                pos.x_advance as f32 / upem,
                pos.x_offset as f32 / upem,
                pos.y_offset as f32 / upem,
                pos.y_advance as f32 / upem,
                start..end,
                None,
            )
        })
        .collect();
    GlyphRun {
        face,
        text: piece.to_owned(),
        glyphs,
        x: 0.0,
    }
}

/// The paragraphs of a field: its lines, and the halves of a bilingual `Arabic | English`
/// value, each set on its own line.
fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n').flat_map(|l| l.split(" | ")).map(str::trim)
}

/// Breaks `text` into lines no wider than `width`, at spaces where possible (a word wider than
/// the whole line is cut between characters). Every line of a paragraph keeps the paragraph's
/// direction, so a wrapped Arabic paragraph stays right-aligned throughout.
pub(crate) fn wrap(text: &str, size: f32, bold: bool, width: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    for paragraph in paragraphs(text).filter(|p| !p.is_empty()) {
        let rtl = is_rtl(paragraph);
        let start = lines.len();
        let mut current = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if current.is_empty() {
                word.to_owned()
            } else {
                format!("{current} {word}")
            };
            if shape(&candidate, size, bold).width <= width {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(shape(&current, size, bold));
            }
            current = word.to_owned();
            // A single word too wide for the line: cut it.
            while shape(&current, size, bold).width > width && current.chars().count() > 1 {
                let mut cut = String::new();
                for c in current.chars() {
                    let mut next = cut.clone();
                    next.push(c);
                    if !cut.is_empty() && shape(&next, size, bold).width > width {
                        break;
                    }
                    cut = next;
                }
                current = current[cut.len()..].to_owned();
                lines.push(shape(&cut, size, bold));
            }
        }
        if !current.is_empty() {
            lines.push(shape(&current, size, bold));
        }
        for line in &mut lines[start..] {
            line.rtl = rtl;
        }
    }
    lines
}

/// Joins address-like fields per script: the Arabic parts (of `Arabic | English` values too) on
/// one line, the others (Latin) on the next. Parts without letters (building numbers, postal
/// codes) belong to both lines, so that each line is a whole address.
pub(crate) fn join_by_script<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    let (mut ar, mut other) = (Vec::new(), Vec::new());
    let (mut any_ar, mut any_other) = (false, false);
    for part in fields.into_iter().flat_map(|f| f.split('|')).map(str::trim) {
        if part.is_empty() {
            continue;
        }
        if is_rtl(part) {
            ar.push(part);
            any_ar = true;
        } else if part.chars().any(char::is_alphabetic) {
            other.push(part);
            any_other = true;
        } else {
            ar.push(part);
            other.push(part);
        }
    }
    match (any_ar, any_other) {
        (true, true) => format!("{}\n{}", ar.join("، "), other.join(", ")),
        (true, false) => ar.join("، "),
        _ => other.join(", "),
    }
}

/// Whether the paragraph level of `text` is right to left.
pub(crate) fn is_rtl(text: &str) -> bool {
    text.chars().any(is_arabic)
        && BidiInfo::new(text, None)
            .paragraphs
            .first()
            .is_some_and(|p| p.level == Level::rtl())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_is_one_run() {
        let line = shape("Total 231.15 SAR", 10.0, false);
        assert_eq!(line.runs.len(), 1);
        assert_eq!(line.runs[0].face, Face::Latin);
        assert!(!line.rtl);
        assert!(line.width > 50.0);
    }

    #[test]
    fn arabic_with_number_orders_runs_visually() {
        // Logical: Arabic label, then digits. Visually: digits on the left, label on the right.
        let line = shape("الرقم الضريبي: 399999999900003", 10.0, false);
        assert!(line.rtl);
        assert_eq!(
            line.runs.first().map(|r| r.text.as_str()),
            Some("399999999900003")
        );
        assert_eq!(line.runs.last().map(|r| r.face), Some(Face::Arabic));
        // Joined Arabic: fewer glyph advances than a naive one-glyph-per-letter with no shaping
        // would still give, but each glyph must be a real one (no .notdef).
        assert!(
            line.runs
                .iter()
                .all(|r| r.glyphs.iter().all(|g| g.glyph_id.to_u32() != 0))
        );
    }

    #[test]
    fn arabic_letters_join() {
        let ids = |t: &str| -> Vec<u32> {
            let line = shape(t, 10.0, false);
            line.runs
                .iter()
                .flat_map(|r| r.glyphs.iter().map(|g| g.glyph_id.to_u32()))
                .collect()
        };
        let isolated = ids("ب")[0];
        // Visual order of three joined beh: final, medial, initial — three distinct forms.
        let joined = ids("ببب");
        assert_eq!(joined.len(), 3);
        assert!(joined.iter().all(|g| *g != isolated));
        assert!(joined[0] != joined[1] && joined[1] != joined[2] && joined[0] != joined[2]);
    }

    #[test]
    fn wrap_respects_width() {
        let text = "Advance received for Laptop | دفعة مقدمة لحاسوب محمول";
        let lines = wrap(text, 9.0, false, 90.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.width <= 90.0));
        let bilingual = wrap(
            "شركة نماذج فاتورة المحدودة | Fatoora Samples LTD",
            9.0,
            false,
            300.0,
        );
        assert_eq!(bilingual.len(), 2);
        assert!(bilingual[0].rtl && !bilingual[1].rtl);
        assert!(wrap("", 9.0, false, 100.0).is_empty());
        let uuid = wrap("8e6000cf-1a98-4174-b3e7-b5d5954bc10d", 9.0, false, 60.0);
        assert!(uuid.len() > 1 && uuid.iter().all(|l| l.width <= 60.0));
    }

    #[test]
    fn address_parts_split_by_script() {
        let joined = join_by_script(["2322", "الامير سلطان | Prince Sultan", "المربع | Al-Murabba"]);
        assert_eq!(
            joined,
            "2322، الامير سلطان، المربع\n2322, Prince Sultan, Al-Murabba"
        );
        // The Arabic line keeps the building number and the postal code.
        assert_eq!(
            join_by_script(["الرياض | Riyadh", "23333"]),
            "الرياض، 23333\nRiyadh, 23333"
        );
        assert_eq!(
            join_by_script(["4120", "التحلية", "12245"]),
            "4120، التحلية، 12245"
        );
        assert_eq!(join_by_script(["Riyadh", "12222"]), "Riyadh, 12222");
        assert_eq!(join_by_script(["12222"]), "12222");
    }

    #[test]
    fn rtl_detection() {
        assert!(is_rtl("كتاب"));
        assert!(is_rtl("شركة | Company"));
        assert!(!is_rtl("Laptop | حاسوب محمول"));
    }
}
