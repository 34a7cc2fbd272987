//! The QR code as vector graphics: one path of dark modules, each row's runs merged into
//! rectangles, so it stays sharp at any printer resolution.

use krilla::geom::{Path, PathBuilder, Rect};
use qrcode::{Color, EcLevel, QrCode};

/// A QR symbol as a grid of dark and light modules (without the quiet zone).
pub(crate) struct Qr {
    width: usize,
    dark: Vec<bool>,
}

/// The quiet zone around the symbol, in modules.
pub(crate) const QUIET_ZONE: usize = 4;

impl Qr {
    /// Encodes the QR text (the base64 TLV payload) at error correction level M.
    pub(crate) fn encode(payload: &str) -> Result<Qr, qrcode::types::QrError> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)?;
        let width = code.width();
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == Color::Dark)
            .collect();
        Ok(Qr { width, dark })
    }

    /// Modules per side, quiet zone included.
    pub(crate) fn modules(&self) -> usize {
        self.width + 2 * QUIET_ZONE
    }

    /// The dark modules as rectangles `(column, row, width, height)` in modules (quiet zone not
    /// included). Each run of dark modules in a row is extended down over the rows that repeat
    /// it exactly, so there are few of them.
    fn rects(&self) -> Vec<(usize, usize, usize, usize)> {
        let w = self.width;
        let dark = |row: usize, col: usize| self.dark[row * w + col];
        let mut used = vec![false; w * w];
        let mut out = Vec::new();
        for row in 0..w {
            let mut col = 0;
            while col < w {
                if !dark(row, col) || used[row * w + col] {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < w && dark(row, col) && !used[row * w + col] {
                    col += 1;
                }
                let end = col;
                // The same run, bounded by light modules or the edge, in the rows below.
                let same_run = |r: usize| {
                    (start..end).all(|c| dark(r, c) && !used[r * w + c])
                        && (start == 0 || !dark(r, start - 1))
                        && (end == w || !dark(r, end))
                };
                let mut bottom = row + 1;
                while bottom < w && same_run(bottom) {
                    bottom += 1;
                }
                for r in row..bottom {
                    used[r * w + start..r * w + end].fill(true);
                }
                out.push((start, row, end - start, bottom - row));
            }
        }
        out
    }

    /// The dark modules as one path in module units, with the quiet zone's outer corner at the
    /// origin: whole numbers, which keep the content stream short; the caller scales it.
    pub(crate) fn path(&self) -> Option<Path> {
        let q = QUIET_ZONE as f32;
        let mut pb = PathBuilder::new();
        for (x, y, w, h) in self.rects() {
            if let Some(rect) = Rect::from_xywh(q + x as f32, q + y as f32, w as f32, h as f32) {
                pb.push_rect(rect);
            }
        }
        pb.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merged rectangles cover every dark module exactly once and no light one.
    #[test]
    fn rects_cover_exactly_the_dark_modules() {
        let qr = Qr::encode("AW/YtNix2YPYqSDYqtmI2LHZitivINin2YTYqtmD2YbZiNmE2YjYrNmK2Kcg")
            .expect("encodes");
        let w = qr.width;
        let mut grid = vec![0u8; w * w];
        let rects = qr.rects();
        for (x, y, rw, rh) in &rects {
            for r in *y..y + rh {
                for c in *x..x + rw {
                    grid[r * w + c] += 1;
                }
            }
        }
        for (i, count) in grid.iter().enumerate() {
            assert_eq!(*count, u8::from(qr.dark[i]), "module {i}");
        }
        let dark = qr.dark.iter().filter(|d| **d).count();
        assert!(
            rects.len() * 2 < dark,
            "{} rectangles for {dark} modules",
            rects.len()
        );
        assert!(qr.path().is_some());
    }
}
