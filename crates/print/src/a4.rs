//! The A4 layout: bilingual header and title, document facts beside the QR, seller and buyer,
//! the line table (continued across pages with its header repeated), allowances and charges,
//! the VAT breakdown with exemption reasons, and the totals.

use std::sync::Arc;

use krilla::geom::Size;
use krilla::image::Image;
use rust_decimal::Decimal;
use zatca::model::DocumentKind;
use zatca::read::{Document, Line, Party};

use crate::canvas::{ACCENT, Align, BLACK, GREY, PREVIEW, Page, RULE, Rgb, SHADE, WHITE};
use crate::labels::{self, Bi, money, percent, plain};
use crate::qr::Qr;
use crate::text::{self, wrap};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const M: f32 = 36.0;
const CW: f32 = PAGE_W - 2.0 * M;
/// Content stops here; the footer lives below.
const BOTTOM: f32 = PAGE_H - 54.0;
const PAD: f32 = 2.5;
const QR_SIZE: f32 = 124.0;

/// Line advance for text of `size` points (Naskh needs room above and below).
fn lh(size: f32) -> f32 {
    size * 1.5
}

/// The first baseline in a row that starts at `y`.
fn first_baseline(y: f32, size: f32) -> f32 {
    y + PAD + size * 1.15
}

struct A4<'a> {
    doc: &'a Document,
    done: Vec<Page>,
    page: Page,
    y: f32,
    /// Not cleared yet: every page carries the preview banner.
    preview: bool,
}

pub(crate) fn layout(doc: &Document, qr: Arc<Qr>, logo: Option<Image>, preview: bool) -> Vec<Page> {
    let mut a4 = A4 {
        doc,
        done: Vec::new(),
        page: Page::new(PAGE_W, PAGE_H),
        y: M,
        preview,
    };
    a4.banner();
    a4.header(logo);
    a4.facts(qr);
    a4.parties();
    a4.lines();
    a4.allowances();
    a4.vat_breakdown();
    a4.totals();
    a4.finish()
}

impl A4<'_> {
    fn new_page(&mut self) {
        let full = std::mem::replace(&mut self.page, Page::new(PAGE_W, PAGE_H));
        self.done.push(full);
        self.y = M;
        let title = labels::title(self.doc);
        let baseline = self.y + 12.0;
        let en = format!("{} {}", title.en, self.doc.number);
        self.page
            .text(&en, 10.0, true, M, CW, baseline, Align::Left, ACCENT);
        let ar = format!("{} {}", title.ar, self.doc.number);
        self.page
            .text(&ar, 11.0, true, M, CW, baseline, Align::Right, ACCENT);
        self.y += 20.0;
        self.page.hrule(M, self.y, CW, 1.0, ACCENT);
        self.y += 8.0;
        self.banner();
    }

    /// The banner of a standard document not yet cleared by ZATCA.
    fn banner(&mut self) {
        if !self.preview {
            return;
        }
        let note = labels::not_cleared();
        self.page.rect(M, self.y, CW, 22.0, PREVIEW);
        let baseline = self.y + 15.0;
        self.page.text(
            note.en,
            10.0,
            true,
            M + 6.0,
            CW - 12.0,
            baseline,
            Align::Left,
            WHITE,
        );
        self.page.text(
            note.ar,
            11.0,
            true,
            M + 6.0,
            CW - 12.0,
            baseline,
            Align::Right,
            WHITE,
        );
        self.y += 30.0;
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM {
            self.new_page();
            true
        } else {
            false
        }
    }

    fn header(&mut self, logo: Option<Image>) {
        if let Some(image) = logo {
            let (w, h) = image.size();
            let scale = (48.0 / h.max(1) as f32).min(160.0 / w.max(1) as f32);
            if let Some(size) = Size::from_wh(w as f32 * scale, h as f32 * scale) {
                self.page.image(M, self.y, size, image);
                self.y += size.height() + 10.0;
            }
        }
        let title = labels::title(self.doc);
        let baseline = self.y + 20.0;
        self.page
            .text(title.en, 17.0, true, M, CW, baseline, Align::Left, ACCENT);
        self.page
            .text(title.ar, 19.0, true, M, CW, baseline, Align::Right, ACCENT);
        self.y += 32.0;
        for flag in labels::flags(&self.doc.flags) {
            let baseline = self.y + 9.0;
            self.page
                .text(flag.en, 8.5, false, M, CW, baseline, Align::Left, GREY);
            self.page
                .text(flag.ar, 9.0, false, M, CW, baseline, Align::Right, GREY);
            self.y += 13.0;
        }
        self.page.hrule(M, self.y, CW, 1.5, ACCENT);
        self.y += 10.0;
    }

    /// A row of the facts block: English label, value, Arabic label.
    fn fact(&mut self, label: Bi, value: &str, width: f32) {
        const LABEL_W: f32 = 92.0;
        let value_w = width - 2.0 * LABEL_W;
        let lines = wrap(value, 9.0, false, value_w - 2.0 * PAD);
        let en = wrap(label.en, 8.0, false, LABEL_W - PAD);
        let ar = wrap(label.ar, 9.0, false, LABEL_W - PAD);
        let baseline = first_baseline(self.y, 9.0);
        let rows = lines.len().max(en.len()).max(ar.len()).max(1);
        for (k, l) in en.into_iter().enumerate() {
            let b = baseline + k as f32 * lh(9.0);
            self.page.line(l, M, LABEL_W - PAD, b, Align::Left, GREY);
        }
        for (k, l) in ar.into_iter().enumerate() {
            let b = baseline + k as f32 * lh(9.0);
            let x = M + width - LABEL_W + PAD;
            self.page.line(l, x, LABEL_W - PAD, b, Align::Right, GREY);
        }
        for (i, line) in lines.into_iter().enumerate() {
            let b = baseline + i as f32 * lh(9.0);
            self.page.line(
                line,
                M + LABEL_W + PAD,
                value_w - 2.0 * PAD,
                b,
                Align::Natural,
                BLACK,
            );
        }
        self.y += rows as f32 * lh(9.0) + 2.0;
    }

    fn facts(&mut self, qr: Arc<Qr>) {
        let doc = self.doc;
        let top = self.y;
        let width = CW - QR_SIZE - 12.0;
        self.fact(labels::number_label(doc), &doc.number, width);
        self.fact(labels::ISSUE_DATE, &doc.issue_date.to_string(), width);
        self.fact(labels::ISSUE_TIME, &doc.issue_time, width);
        if let Some(d) = doc.supply_date {
            self.fact(labels::SUPPLY_DATE, &d.to_string(), width);
        }
        if let Some(d) = doc.supply_end_date {
            self.fact(labels::SUPPLY_END, &d.to_string(), width);
        }
        self.fact(labels::UUID, &doc.uuid, width);
        let currency = match labels::currency_ar(&doc.currency) {
            ar if ar != doc.currency => format!("{} ({ar})", doc.currency),
            _ => doc.currency.clone(),
        };
        self.fact(labels::CURRENCY, &currency, width);
        if matches!(doc.kind, DocumentKind::CreditNote | DocumentKind::DebitNote) {
            self.fact(labels::ORIGINAL, &doc.billing_references.join(", "), width);
            self.fact(labels::REASON, doc.reason.as_deref().unwrap_or(""), width);
        }
        let module = QR_SIZE / qr.modules() as f32;
        self.page.qr(M + CW - QR_SIZE, top - 4.0, module, qr);
        self.y = self.y.max(top + QR_SIZE - 4.0) + 8.0;
    }

    fn parties(&mut self) {
        const LABEL_W: f32 = 86.0;
        let col = (CW - 2.0 * LABEL_W) / 2.0;
        let seller = &self.doc.seller;
        let empty = Party::default();
        let buyer = self.doc.buyer.as_ref().unwrap_or(&empty);

        let mut rows: Vec<(Bi, String, String)> = Vec::new();
        rows.push((labels::NAME, opt(&seller.name), opt(&buyer.name)));
        rows.push((
            labels::VAT_NUMBER,
            opt(&seller.vat_number),
            opt(&buyer.vat_number),
        ));
        let mut schemes: Vec<Option<&str>> = Vec::new();
        for id in seller.ids.iter().chain(&buyer.ids) {
            if !schemes.contains(&id.scheme.as_deref()) {
                schemes.push(id.scheme.as_deref());
            }
        }
        for scheme in schemes {
            let of = |p: &Party| {
                p.ids
                    .iter()
                    .filter(|i| i.scheme.as_deref() == scheme)
                    .map(|i| i.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            rows.push((labels::party_id(scheme), of(seller), of(buyer)));
        }
        let street = |p: &Party| {
            let a = &p.address;
            let fields = [
                &a.building_number,
                &a.street,
                &a.additional_street,
                &a.plot,
                &a.district,
            ];
            text::join_by_script(fields.into_iter().flatten().map(String::as_str))
        };
        rows.push((labels::ADDRESS, street(seller), street(buyer)));
        let city = |p: &Party| {
            let a = &p.address;
            let fields = [&a.city, &a.postal_zone, &a.country_subentity];
            text::join_by_script(fields.into_iter().flatten().map(String::as_str))
        };
        rows.push((labels::CITY, city(seller), city(buyer)));
        let country = |p: &Party| {
            p.address
                .country
                .as_deref()
                .map(labels::country)
                .unwrap_or_default()
        };
        rows.push((labels::COUNTRY, country(seller), country(buyer)));
        rows.retain(|(_, s, b)| !s.is_empty() || !b.is_empty());

        // Header.
        self.ensure(40.0);
        let h = 20.0;
        self.page.rect(M, self.y, CW, h, ACCENT);
        self.page
            .rect(M + LABEL_W + col - 1.5, self.y, 3.0, h, WHITE);
        let baseline = self.y + 13.5;
        for (bi, x) in [
            (labels::SELLER, M + LABEL_W),
            (labels::BUYER, M + LABEL_W + col),
        ] {
            self.page.text(
                bi.en,
                9.0,
                true,
                x + 3.0 * PAD,
                col - 6.0 * PAD,
                baseline,
                Align::Left,
                WHITE,
            );
            self.page.text(
                bi.ar,
                10.0,
                true,
                x + 3.0 * PAD,
                col - 6.0 * PAD,
                baseline,
                Align::Right,
                WHITE,
            );
        }
        self.y += h;

        for (i, (label, s, b)) in rows.into_iter().enumerate() {
            let sl = wrap(&s, 8.5, i == 0, col - 2.0 * PAD);
            let bl = wrap(&b, 8.5, i == 0, col - 2.0 * PAD);
            let en = wrap(label.en, 7.5, false, LABEL_W - 2.0 * PAD);
            let ar = wrap(label.ar, 8.5, false, LABEL_W - 2.0 * PAD);
            let n = sl.len().max(bl.len()).max(en.len()).max(ar.len());
            let h = n as f32 * lh(8.5) + 2.0 * PAD;
            self.ensure(h);
            if i % 2 == 1 {
                self.page.rect(M, self.y, CW, h, SHADE);
            }
            self.page
                .rect(M + LABEL_W + col - 0.25, self.y, 0.5, h, RULE);
            let baseline = first_baseline(self.y, 8.5);
            for (k, l) in en.into_iter().enumerate() {
                let b = baseline + k as f32 * lh(8.5);
                self.page
                    .line(l, M + PAD, LABEL_W - 2.0 * PAD, b, Align::Left, GREY);
            }
            for (k, l) in ar.into_iter().enumerate() {
                let b = baseline + k as f32 * lh(8.5);
                let x = M + CW - LABEL_W + PAD;
                self.page
                    .line(l, x, LABEL_W - 2.0 * PAD, b, Align::Right, GREY);
            }
            for (lines, x) in [(sl, M + LABEL_W), (bl, M + LABEL_W + col)] {
                for (k, line) in lines.into_iter().enumerate() {
                    let b = baseline + k as f32 * lh(8.5);
                    self.page
                        .line(line, x + PAD, col - 2.0 * PAD, b, Align::Natural, BLACK);
                }
            }
            self.y += h;
        }
        self.page.hrule(M, self.y, CW, 0.75, RULE);
        self.y += 11.0;
    }

    /// Bilingual column headers on a shaded band: English above, Arabic below, each wrapped to
    /// its column.
    fn table_header(&mut self, cols: &[(Bi, f32, Align)]) {
        let en: Vec<_> = cols
            .iter()
            .map(|(bi, w, _)| wrap(bi.en, 7.5, true, w - 2.0 * PAD))
            .collect();
        let ar: Vec<_> = cols
            .iter()
            .map(|(bi, w, _)| wrap(bi.ar, 8.0, true, w - 2.0 * PAD))
            .collect();
        let rows = |v: &[Vec<text::Line>]| v.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let (en_rows, ar_rows) = (rows(&en), rows(&ar));
        const EN_LH: f32 = 10.0;
        const AR_LH: f32 = 11.5;
        let h = 25.0 + (en_rows - 1) as f32 * EN_LH + (ar_rows - 1) as f32 * AR_LH;
        self.page.rect(M, self.y, CW, h, ACCENT);
        let ar_top = self.y + 23.0 + (en_rows - 1) as f32 * EN_LH;
        let mut x = M;
        for (((_, w, align), en), ar) in cols.iter().zip(en).zip(ar) {
            let align = if *align == Align::Natural {
                Align::Left
            } else {
                *align
            };
            for (k, l) in en.into_iter().enumerate() {
                let b = self.y + 11.0 + k as f32 * EN_LH;
                self.page.line(l, x + PAD, w - 2.0 * PAD, b, align, WHITE);
            }
            for (k, l) in ar.into_iter().enumerate() {
                let b = ar_top + k as f32 * AR_LH;
                self.page.line(l, x + PAD, w - 2.0 * PAD, b, align, WHITE);
            }
            x += w;
        }
        self.y += h;
    }

    fn section_title(&mut self, bi: Bi) {
        self.ensure(60.0);
        let baseline = self.y + 11.0;
        self.page
            .text(bi.en, 10.0, true, M, CW, baseline, Align::Left, ACCENT);
        self.page
            .text(bi.ar, 11.0, true, M, CW, baseline, Align::Right, ACCENT);
        self.y += 18.0;
    }

    fn lines(&mut self) {
        let cols: [(Bi, f32, Align); 10] = [
            (labels::COL_NUMBER, 16.0, Align::Left),
            (labels::COL_DESCRIPTION, 139.28, Align::Natural),
            (labels::COL_QTY, 36.0, Align::Right),
            (labels::COL_UNIT, 48.0, Align::Right),
            (labels::COL_PRICE, 52.0, Align::Right),
            (labels::COL_DISCOUNT, 40.0, Align::Right),
            (labels::COL_NET, 54.0, Align::Right),
            (labels::COL_RATE, 34.0, Align::Right),
            (labels::COL_VAT, 48.0, Align::Right),
            (labels::COL_TOTAL, 56.0, Align::Right),
        ];
        self.ensure(60.0);
        self.table_header(&cols);
        for (i, line) in self.doc.lines.iter().enumerate() {
            let cells = line_cells(line, cols[3].1 - 2.0 * PAD);
            let desc_w = cols[1].1 - 2.0 * PAD;
            let mut desc = wrap(&line.name, 8.5, false, desc_w);
            if let Some(p) = &line.prepayment {
                let note = format!(
                    "{} {} {}",
                    labels::PREPAYMENT.en,
                    p.id,
                    p.issue_date.as_deref().unwrap_or("")
                );
                desc.extend(wrap(note.trim_end(), 7.0, false, desc_w));
                desc.extend(wrap(
                    &format!("{} {}", labels::PREPAYMENT.ar, p.id),
                    7.5,
                    false,
                    desc_w,
                ));
            }
            let n = desc
                .len()
                .max(cells.iter().map(Vec::len).max().unwrap_or(1));
            let h = n as f32 * lh(8.5) + 2.0 * PAD;
            if self.ensure(h) {
                self.table_header(&cols);
            }
            if i % 2 == 1 {
                self.page.rect(M, self.y, CW, h, SHADE);
            }
            let baseline = first_baseline(self.y, 8.5);
            let mut x = M;
            for (c, (_, w, align)) in cols.iter().enumerate() {
                if c == 1 {
                    for (k, l) in std::mem::take(&mut desc).into_iter().enumerate() {
                        let size = l.size;
                        let color = if size < 8.5 { GREY } else { BLACK };
                        self.page.line(
                            l,
                            x + PAD,
                            w - 2.0 * PAD,
                            baseline + k as f32 * lh(8.5),
                            Align::Natural,
                            color,
                        );
                    }
                } else {
                    let idx = if c == 0 { 0 } else { c - 1 };
                    for (k, s) in cells[idx].iter().enumerate() {
                        let color = if k == 0 { BLACK } else { GREY };
                        self.page.text(
                            s,
                            if k == 0 { 8.5 } else { 7.0 },
                            false,
                            x + PAD,
                            w - 2.0 * PAD,
                            baseline + k as f32 * lh(8.5),
                            *align,
                            color,
                        );
                    }
                }
                x += w;
            }
            self.y += h;
        }
        self.page.hrule(M, self.y, CW, 0.75, RULE);
        self.y += 11.0;
    }

    fn allowances(&mut self) {
        let list: Vec<_> = self
            .doc
            .allowances_charges
            .iter()
            .filter(|a| !a.amount.is_zero())
            .collect();
        if list.is_empty() {
            return;
        }
        self.section_title(labels::ALLOWANCES);
        let cols = [
            (labels::ALLOWANCE_TYPE, 110.0, Align::Natural),
            (labels::ALLOWANCE_REASON, 223.28, Align::Natural),
            (labels::COL_CATEGORY, 100.0, Align::Natural),
            (labels::AMOUNT, 90.0, Align::Right),
        ];
        self.table_header(&cols);
        for a in list {
            let kind = if a.is_charge {
                labels::CHARGE
            } else {
                labels::ALLOWANCE
            };
            let reason = [a.reason.as_deref(), a.reason_code.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            let category = format!(
                "{} {}",
                a.category.as_deref().unwrap_or(""),
                percent(a.rate)
            );
            let reason_lines = wrap(&reason, 8.5, false, cols[1].1 - 2.0 * PAD);
            let h = reason_lines.len().max(1) as f32 * lh(8.5) + 2.0 * PAD;
            self.ensure(h);
            let baseline = first_baseline(self.y, 8.5);
            let mut x = M;
            self.page.text(
                &format!("{} {}", kind.en, kind.ar),
                8.5,
                false,
                x + PAD,
                cols[0].1,
                baseline,
                Align::Left,
                BLACK,
            );
            x += cols[0].1;
            for (k, l) in reason_lines.into_iter().enumerate() {
                self.page.line(
                    l,
                    x + PAD,
                    cols[1].1 - 2.0 * PAD,
                    baseline + k as f32 * lh(8.5),
                    Align::Natural,
                    BLACK,
                );
            }
            x += cols[1].1;
            self.page.text(
                category.trim(),
                8.5,
                false,
                x + PAD,
                cols[2].1,
                baseline,
                Align::Left,
                BLACK,
            );
            x += cols[2].1;
            self.page.text(
                &money(a.amount),
                8.5,
                false,
                x + PAD,
                cols[3].1 - 2.0 * PAD,
                baseline,
                Align::Right,
                BLACK,
            );
            self.y += h;
        }
        self.page.hrule(M, self.y, CW, 0.75, RULE);
        self.y += 11.0;
    }

    fn vat_breakdown(&mut self) {
        self.section_title(labels::VAT_BREAKDOWN);
        let cols = [
            (labels::COL_CATEGORY, 140.0, Align::Natural),
            (labels::COL_RATE, 45.0, Align::Right),
            (labels::COL_TAXABLE, 92.0, Align::Right),
            (labels::COL_VAT, 80.0, Align::Right),
            (labels::COL_EXEMPTION, 166.28, Align::Natural),
        ];
        self.table_header(&cols);
        for (i, b) in self.doc.vat_breakdown.iter().enumerate() {
            let cat = labels::category(&b.category);
            let ex_w = cols[4].1 - 2.0 * PAD;
            let mut reason = Vec::new();
            if let Some(code) = &b.exemption_code {
                reason.push(text::shape(code, 7.5, false));
            }
            if let Some(r) = &b.exemption_reason {
                reason.extend(wrap(r, 8.0, false, ex_w));
            }
            let n = reason.len().max(2);
            let h = n as f32 * lh(8.5) + 2.0 * PAD;
            self.ensure(h);
            if i % 2 == 1 {
                self.page.rect(M, self.y, CW, h, SHADE);
            }
            let baseline = first_baseline(self.y, 8.5);
            let mut x = M;
            let cat_w = cols[0].1 - 2.0 * PAD;
            self.page.text(
                &format!("{} · {}", b.category, cat.en),
                8.5,
                false,
                x + PAD,
                cat_w,
                baseline,
                Align::Left,
                BLACK,
            );
            self.page.text(
                cat.ar,
                8.5,
                false,
                x + PAD,
                cat_w,
                baseline + lh(8.5),
                Align::Left,
                GREY,
            );
            x += cols[0].1;
            let nums = [percent(b.rate), money(b.taxable), money(b.vat)];
            for (s, (_, w, _)) in nums.iter().zip(&cols[1..4]) {
                self.page.text(
                    s,
                    8.5,
                    false,
                    x + PAD,
                    w - 2.0 * PAD,
                    baseline,
                    Align::Right,
                    BLACK,
                );
                x += w;
            }
            for (k, l) in reason.into_iter().enumerate() {
                self.page.line(
                    l,
                    x + PAD,
                    ex_w,
                    baseline + k as f32 * lh(8.5),
                    Align::Natural,
                    BLACK,
                );
            }
            self.y += h;
        }
        self.page.hrule(M, self.y, CW, 0.75, RULE);
        self.y += 11.0;
    }

    fn totals(&mut self) {
        let doc = self.doc;
        let t = &doc.totals;
        let cur = doc.currency.as_str();
        // (label, amount, shade, bold): the rows in the order they add up.
        let mut rows: Vec<(Bi, String, Option<Rgb>, bool)> = vec![(
            labels::TOTAL_LINE_EXTENSION,
            money(t.line_extension),
            None,
            false,
        )];
        // Optional totals that are zero say nothing; they are left out.
        let nonzero = |v: Option<Decimal>| v.filter(|v| !v.is_zero());
        if let Some(v) = nonzero(t.allowance_total) {
            rows.push((labels::TOTAL_ALLOWANCES, money(v), None, false));
        }
        if let Some(v) = nonzero(t.charge_total) {
            rows.push((labels::TOTAL_CHARGES, money(v), None, false));
        }
        rows.push((
            labels::TOTAL_TAX_EXCLUSIVE,
            money(t.tax_exclusive),
            None,
            false,
        ));
        rows.push((labels::TOTAL_VAT, money(t.vat_total), None, false));
        rows.push((
            labels::TOTAL_TAX_INCLUSIVE,
            money(t.tax_inclusive),
            None,
            false,
        ));
        if let Some(v) = nonzero(t.prepaid) {
            rows.push((labels::TOTAL_PREPAID, money(v), None, false));
        }
        if let Some(v) = nonzero(t.payable_rounding) {
            rows.push((labels::TOTAL_ROUNDING, money(v), None, false));
        }
        for (i, row) in rows.iter_mut().enumerate() {
            row.2 = (i % 2 == 1).then_some(SHADE);
        }
        let due = format!("{} {cur}", money(t.payable));
        rows.push((labels::total_due(doc), due, Some(ACCENT), true));
        let sar = t
            .vat_total_tax_currency
            .filter(|_| doc.is_foreign_currency());
        if let Some(v) = sar {
            let tc = doc.tax_currency.as_deref().unwrap_or("SAR");
            let amount = format!("{} {tc}", money(v));
            rows.push((labels::TOTAL_VAT_SAR, amount, Some(SHADE), true));
        }

        const BOX_W: f32 = 330.0;
        const EN_W: f32 = 104.0;
        const AMOUNT_W: f32 = 84.0;
        const AR_W: f32 = BOX_W - EN_W - AMOUNT_W - 2.0 * PAD;
        let row_h = 15.5;
        // Each row as tall as its longest label.
        let laid: Vec<_> = rows
            .into_iter()
            .map(|(bi, amount, shade, bold)| {
                let en = wrap(bi.en, 8.0, bold, EN_W - 2.0 * PAD);
                let ar = wrap(bi.ar, 8.5, bold, AR_W);
                let n = en.len().max(ar.len()).max(1);
                let h = row_h + (n - 1) as f32 * lh(8.0);
                (en, ar, amount, bold, shade, h)
            })
            .collect();
        let height = row_h + laid.iter().map(|r| r.5).sum::<f32>() + 10.0;
        self.ensure(height);

        let x = M + CW - BOX_W;
        let top = self.y;
        // Header: which currency the amounts are in.
        self.page.rect(x, self.y, BOX_W, row_h, ACCENT);
        let baseline = self.y + 12.0;
        let en = format!("{} ({cur})", labels::TOTALS.en);
        self.page
            .text(&en, 8.5, true, x + PAD, BOX_W, baseline, Align::Left, WHITE);
        let ar = format!("{} ({})", labels::TOTALS.ar, labels::currency_ar(cur));
        self.page.text(
            &ar,
            9.0,
            true,
            x,
            BOX_W - PAD,
            baseline,
            Align::Right,
            WHITE,
        );
        self.y += row_h;
        for (en, ar, amount, bold, shade, h) in laid {
            let color = if shade == Some(ACCENT) { WHITE } else { BLACK };
            if let Some(s) = shade {
                self.page.rect(x, self.y, BOX_W, h, s);
            }
            let baseline = self.y + 11.0;
            for (k, l) in en.into_iter().enumerate() {
                let b = baseline + k as f32 * lh(8.0);
                self.page
                    .line(l, x + PAD, EN_W - 2.0 * PAD, b, Align::Left, color);
            }
            self.page.text(
                &amount,
                9.0,
                bold,
                x + EN_W,
                AMOUNT_W,
                baseline,
                Align::Right,
                color,
            );
            for (k, l) in ar.into_iter().enumerate() {
                let b = baseline + k as f32 * lh(8.0);
                let ax = x + EN_W + AMOUNT_W + PAD;
                self.page.line(l, ax, AR_W, b, Align::Right, color);
            }
            self.y += h;
        }
        let box_bottom = self.y;

        // Left of the box: the amount due as a sentence in each language, then the notes.
        let left_w = CW - BOX_W - 16.0;
        let mut y = top + 14.0;
        let en = format!("{}: {} {cur}", labels::total_due(doc).en, money(t.payable));
        self.page
            .text(&en, 11.0, true, M, left_w, y, Align::Left, ACCENT);
        y += 20.0;
        let ar = format!(
            "{}: {} {}",
            labels::total_due(doc).ar,
            money(t.payable),
            labels::currency_ar(cur)
        );
        self.page
            .text(&ar, 12.0, true, M, left_w, y, Align::Right, ACCENT);
        y += 22.0;
        if !doc.notes.is_empty() {
            let n = labels::NOTES;
            self.page
                .text(n.en, 8.0, true, M, left_w, y, Align::Left, GREY);
            self.page
                .text(n.ar, 8.5, true, M, left_w, y, Align::Right, GREY);
            y += lh(8.5);
            for note in &doc.notes {
                for l in wrap(note, 8.5, false, left_w) {
                    if y < box_bottom + 60.0 {
                        self.page.line(l, M, left_w, y, Align::Natural, BLACK);
                        y += lh(8.5);
                    }
                }
            }
        }
        self.y = box_bottom.max(y) + 10.0;
    }

    fn finish(mut self) -> Vec<Page> {
        let last = std::mem::replace(&mut self.page, Page::new(PAGE_W, PAGE_H));
        self.done.push(last);
        let count = self.done.len();
        for (i, page) in self.done.iter_mut().enumerate() {
            let y = PAGE_H - 36.0;
            page.hrule(M, y - 12.0, CW, 0.5, RULE);
            let en = format!("Page {} of {count} · {}", i + 1, self.doc.number);
            page.text(&en, 7.5, false, M, CW, y, Align::Left, GREY);
            let ar = format!("صفحة {} من {count}", i + 1);
            page.text(&ar, 8.0, false, M, CW, y, Align::Right, GREY);
            page.text(&self.doc.uuid, 7.0, false, M, CW, y, Align::Center, GREY);
        }
        self.done
    }
}

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// The cells of a line but its description, each a main value and optional smaller notes
/// beneath; `unit_w` is the width the unit has.
fn line_cells(line: &Line, unit_w: f32) -> Vec<Vec<String>> {
    let mut price = vec![money(line.price)];
    if let Some(d) = line.price_discount {
        price.push(format!("-{}", money(d)));
    }
    if let Some(b) = line.base_quantity {
        price.push(format!("/ {}", plain(b)));
    }
    let sum = |charge: bool| {
        line.allowances_charges
            .iter()
            .filter(|a| a.is_charge == charge)
            .map(|a| a.amount)
            .sum::<Decimal>()
    };
    let mut discount = Vec::new();
    if line.allowances_charges.iter().any(|a| !a.is_charge) {
        discount.push(money(sum(false)));
    }
    if line.allowances_charges.iter().any(|a| a.is_charge) {
        if discount.is_empty() {
            discount.push(String::new());
        }
        discount.push(format!("+{}", money(sum(true))));
    }
    if discount.is_empty() {
        discount.push(String::new());
    }
    // The unit in words, Arabic then English (on one line when they fit); a code the glossary
    // does not know as written.
    let unit = match line.unit_code.as_deref() {
        Some(code) => match labels::unit(code) {
            Some(u) => {
                let both = format!("{} · {}", u.ar, u.en);
                if text::shape(&both, 8.5, false).width <= unit_w {
                    vec![both]
                } else {
                    vec![u.ar.to_owned(), u.en.to_owned()]
                }
            }
            None => vec![code.to_owned()],
        },
        None => vec![String::new()],
    };
    vec![
        vec![line.id.clone()],
        vec![plain(line.quantity)],
        unit,
        price,
        discount,
        vec![money(line.net)],
        vec![percent(line.rate)],
        vec![line.vat.map(money).unwrap_or_default()],
        vec![line.total_with_vat.map(money).unwrap_or_default()],
    ]
}
