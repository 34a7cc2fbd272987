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

    /// The dark modules as a path; `(x, y)` is the outer corner of the quiet zone.
    pub(crate) fn path(&self, x: f32, y: f32, module: f32) -> Option<Path> {
        let origin = QUIET_ZONE as f32 * module;
        let mut pb = PathBuilder::new();
        for row in 0..self.width {
            let mut col = 0;
            while col < self.width {
                if !self.dark[row * self.width + col] {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < self.width && self.dark[row * self.width + col] {
                    col += 1;
                }
                if let Some(rect) = Rect::from_xywh(
                    x + origin + start as f32 * module,
                    y + origin + row as f32 * module,
                    (col - start) as f32 * module,
                    module,
                ) {
                    pb.push_rect(rect);
                }
            }
        }
        pb.finish()
    }
}
