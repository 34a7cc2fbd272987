//! A page as a list of drawing operations, laid out first and drawn into the PDF afterwards (so
//! a receipt's height and "page n of N" are known before anything is written).

use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect, Size, Transform};
use krilla::image::Image;
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule};
use krilla::surface::Surface;

use crate::fonts::FONTS;
use crate::qr::Qr;
use crate::text::{self, Line};

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(u8, u8, u8);

pub(crate) const BLACK: Rgb = Rgb(0x1a, 0x1a, 0x1a);
pub(crate) const GREY: Rgb = Rgb(0x5f, 0x63, 0x68);
pub(crate) const RULE: Rgb = Rgb(0xc4, 0xc8, 0xcc);
pub(crate) const SHADE: Rgb = Rgb(0xee, 0xf1, 0xf4);
pub(crate) const ACCENT: Rgb = Rgb(0x0b, 0x4f, 0x6c);
pub(crate) const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);
/// The preview banner of a document not yet cleared.
pub(crate) const PREVIEW: Rgb = Rgb(0xb3, 0x26, 0x1e);
const QR_DARK: Rgb = Rgb(0, 0, 0);

/// Horizontal placement of a line of text inside a box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
    Center,
    /// Right for right-to-left paragraphs, left otherwise.
    Natural,
}

enum Op {
    Text {
        x: f32,
        baseline: f32,
        line: Line,
        color: Rgb,
    },
    /// Filled rectangles of one colour, drawn as one path.
    Rects { rects: Vec<Rect>, color: Rgb },
    Qr {
        x: f32,
        y: f32,
        module: f32,
        qr: Arc<Qr>,
    },
    Image {
        x: f32,
        y: f32,
        size: Size,
        image: Image,
    },
}

/// One page's operations. Coordinates are points from the top-left corner, y downwards.
pub(crate) struct Page {
    pub(crate) width: f32,
    pub(crate) height: f32,
    ops: Vec<Op>,
}

impl Page {
    pub(crate) fn new(width: f32, height: f32) -> Page {
        Page {
            width,
            height,
            ops: Vec::new(),
        }
    }

    /// Draws a shaped line at `baseline`, aligned inside `[x, x + width]`.
    pub(crate) fn line(
        &mut self,
        line: Line,
        x: f32,
        width: f32,
        baseline: f32,
        align: Align,
        color: Rgb,
    ) {
        let align = match align {
            Align::Natural if line.rtl => Align::Right,
            Align::Natural => Align::Left,
            other => other,
        };
        let x = match align {
            Align::Right => x + width - line.width,
            Align::Center => x + (width - line.width) / 2.0,
            _ => x,
        };
        self.ops.push(Op::Text {
            x,
            baseline,
            line,
            color,
        });
    }

    /// Shapes and draws `s` on one line.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn text(
        &mut self,
        s: &str,
        size: f32,
        bold: bool,
        x: f32,
        width: f32,
        baseline: f32,
        align: Align,
        color: Rgb,
    ) {
        self.line(text::shape(s, size, bold), x, width, baseline, align, color);
    }

    pub(crate) fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Rgb) {
        if let Some(rect) = Rect::from_xywh(x, y, w, h) {
            self.ops.push(Op::Rects {
                rects: vec![rect],
                color,
            });
        }
    }

    /// A horizontal rule.
    pub(crate) fn hrule(&mut self, x: f32, y: f32, w: f32, thickness: f32, color: Rgb) {
        self.rect(x, y, w, thickness, color);
    }

    pub(crate) fn dashed(&mut self, x: f32, y: f32, w: f32, color: Rgb) {
        let mut rects = Vec::new();
        let mut cx = x;
        while cx < x + w {
            rects.extend(Rect::from_xywh(cx, y, 2.5f32.min(x + w - cx), 0.5));
            cx += 4.5;
        }
        self.ops.push(Op::Rects { rects, color });
    }

    pub(crate) fn qr(&mut self, x: f32, y: f32, module: f32, qr: Arc<Qr>) {
        self.ops.push(Op::Qr { x, y, module, qr });
    }

    pub(crate) fn image(&mut self, x: f32, y: f32, size: Size, image: Image) {
        self.ops.push(Op::Image { x, y, size, image });
    }

    pub(crate) fn draw(&self, surface: &mut Surface) {
        for op in &self.ops {
            match op {
                Op::Text {
                    x,
                    baseline,
                    line,
                    color,
                } => {
                    surface.set_fill(Some(fill(*color)));
                    for run in &line.runs {
                        surface.draw_glyphs(
                            Point::from_xy(x + run.x, *baseline),
                            &run.glyphs,
                            FONTS.get(run.face).pdf.clone(),
                            &run.text,
                            line.size,
                            false,
                        );
                    }
                }
                Op::Rects { rects, color } => {
                    let mut pb = PathBuilder::new();
                    for rect in rects {
                        pb.push_rect(*rect);
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_fill(Some(fill(*color)));
                        surface.draw_path(&path);
                    }
                }
                Op::Qr { x, y, module, qr } => {
                    if let Some(path) = qr.path() {
                        let at = Transform::from_row(*module, 0.0, 0.0, *module, *x, *y);
                        surface.push_transform(&at);
                        surface.set_fill(Some(fill(QR_DARK)));
                        surface.draw_path(&path);
                        surface.pop();
                    }
                }
                Op::Image { x, y, size, image } => {
                    surface.push_transform(&Transform::from_translate(*x, *y));
                    surface.draw_image(image.clone(), *size);
                    surface.pop();
                }
            }
        }
    }
}

fn fill(Rgb(r, g, b): Rgb) -> Fill {
    Fill {
        paint: rgb::Color::new(r, g, b).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}
