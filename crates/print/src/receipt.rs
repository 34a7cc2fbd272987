//! The 80 mm counter receipt: one page as long as its content. Arabic reading order: labels on
//! the right (Arabic above English), amounts on the left.

use std::sync::Arc;

use krilla::geom::Size;
use krilla::image::Image;
use rust_decimal::Decimal;
use zatca::model::DocumentKind;
use zatca::read::Document;

use crate::canvas::{Align, BLACK, GREY, Page, Rgb};
use crate::labels::{self, Bi, money, percent, plain};
use crate::qr::Qr;
use crate::text::{self, wrap};

/// 80 mm in points.
const PAGE_W: f32 = 226.77;
const M: f32 = 10.0;
const CW: f32 = PAGE_W - 2.0 * M;
const QR_SIZE: f32 = 150.0;

struct Receipt {
    page: Page,
    y: f32,
}

pub(crate) fn layout(doc: &Document, qr: Arc<Qr>, logo: Option<Image>) -> Page {
    // Laid out on a long strip, then cut to the content's height.
    let mut r = Receipt {
        page: Page::new(PAGE_W, 14_400.0),
        y: M,
    };
    if let Some(image) = logo {
        let (w, h) = image.size();
        let scale = (40.0 / h.max(1) as f32).min(CW / w.max(1) as f32);
        if let Some(size) = Size::from_wh(w as f32 * scale, h as f32 * scale) {
            r.page
                .image(M + (CW - size.width()) / 2.0, r.y, size, image);
            r.y += size.height() + 6.0;
        }
    }
    r.centered(doc.seller.name.as_deref().unwrap_or(""), 9.5, true, BLACK);
    let a = &doc.seller.address;
    let fields = [
        &a.building_number,
        &a.street,
        &a.district,
        &a.city,
        &a.postal_zone,
    ];
    let address = text::join_by_script(fields.into_iter().flatten().map(String::as_str));
    r.centered(&address, 7.0, false, GREY);
    if let Some(vat) = &doc.seller.vat_number {
        r.centered(
            &format!("{}: {vat}", labels::VAT_NUMBER.ar),
            8.0,
            false,
            BLACK,
        );
        r.centered(
            &format!("{} {vat}", labels::VAT_NUMBER.en),
            7.0,
            false,
            GREY,
        );
    }
    r.y += 4.0;
    let title = labels::title(doc);
    r.centered(title.ar, 12.0, true, BLACK);
    r.centered(title.en, 9.0, true, BLACK);
    r.rule();

    r.row(labels::number_label(doc), &doc.number, false);
    r.row(
        labels::ISSUE_DATE,
        &format!("{} {}", doc.issue_date, doc.issue_time),
        false,
    );
    if doc.currency != "SAR" {
        r.row(labels::CURRENCY, &doc.currency, false);
    }
    if matches!(doc.kind, DocumentKind::CreditNote | DocumentKind::DebitNote) {
        r.row(labels::ORIGINAL, &doc.billing_references.join(", "), false);
        if let Some(reason) = &doc.reason {
            r.centered(&format!("{}:", labels::REASON.ar), 7.5, false, GREY);
            r.centered(reason, 8.0, false, BLACK);
        }
    }
    if let Some(buyer) = &doc.buyer {
        if let Some(name) = &buyer.name {
            r.row(labels::BUYER, name, false);
        }
        if let Some(vat) = &buyer.vat_number {
            r.row(labels::VAT_NUMBER, vat, false);
        }
    }
    r.rule();

    // Items: the name on the right (both languages), then how the line adds up — quantity ×
    // price, less its allowances, plus its charges — beside the net amount.
    r.row_labels(labels::COL_NET, labels::COL_DESCRIPTION);
    for line in &doc.lines {
        for l in wrap(&line.name, 8.5, false, CW) {
            let baseline = r.y + 10.0;
            r.page.line(l, M, CW, baseline, Align::Right, BLACK);
            r.y += 13.0;
        }
        let baseline = r.y + 9.0;
        let mut detail = format!("{} × {}", plain(line.quantity), money(line.price));
        for a in line
            .allowances_charges
            .iter()
            .filter(|a| !a.amount.is_zero())
        {
            let sign = if a.is_charge { '+' } else { '-' };
            detail.push_str(&format!(" {sign} {}", money(a.amount)));
        }
        detail.push_str(&format!("  ·  {}", percent(line.rate)));
        r.page
            .text(&detail, 7.5, false, M, CW, baseline, Align::Right, GREY);
        r.page.text(
            &money(line.net),
            8.5,
            true,
            M,
            CW,
            baseline,
            Align::Left,
            BLACK,
        );
        r.y += 14.0;
    }
    r.rule();

    let t = &doc.totals;
    r.total(labels::TOTAL_LINE_EXTENSION, t.line_extension, false);
    if let Some(v) = t.allowance_total.filter(|v| !v.is_zero()) {
        r.total(labels::TOTAL_ALLOWANCES, v, false);
    }
    if let Some(v) = t.charge_total.filter(|v| !v.is_zero()) {
        r.total(labels::TOTAL_CHARGES, v, false);
    }
    r.total(labels::TOTAL_TAX_EXCLUSIVE, t.tax_exclusive, false);
    for b in &doc.vat_breakdown {
        r.row(
            labels::category(&b.category),
            &format!("{} · {}", percent(b.rate), money(b.vat)),
            false,
        );
        if let Some(reason) = &b.exemption_reason {
            r.centered(reason, 7.0, false, GREY);
        }
    }
    r.total(labels::TOTAL_VAT, t.vat_total, false);
    if let Some(v) = t.prepaid.filter(|v| !v.is_zero()) {
        r.total(labels::TOTAL_PREPAID, v, false);
    }
    if let Some(v) = t.payable_rounding.filter(|v| !v.is_zero()) {
        r.total(labels::TOTAL_ROUNDING, v, false);
    }
    r.rule();
    let cur = doc.currency.as_str();
    let due_ar = format!(
        "{}: {} {}",
        labels::total_due(doc).ar,
        money(t.payable),
        labels::currency_ar(cur)
    );
    r.centered(&due_ar, 12.0, true, BLACK);
    r.centered(
        &format!("{}: {} {cur}", labels::total_due(doc).en, money(t.payable)),
        9.0,
        true,
        BLACK,
    );
    if let Some(v) = t
        .vat_total_tax_currency
        .filter(|_| doc.is_foreign_currency())
    {
        let tc = doc.tax_currency.as_deref().unwrap_or("SAR");
        r.row(labels::TOTAL_VAT_SAR, &format!("{} {tc}", money(v)), false);
    }
    r.y += 4.0;

    let module = QR_SIZE / qr.modules() as f32;
    r.page.qr(M + (CW - QR_SIZE) / 2.0, r.y, module, qr);
    r.y += QR_SIZE;
    r.centered(&doc.uuid, 6.5, false, GREY);
    r.y += M;
    r.page.height = r.y;
    r.page
}

impl Receipt {
    fn centered(&mut self, text: &str, size: f32, bold: bool, color: Rgb) {
        for l in wrap(text, size, bold, CW) {
            let baseline = self.y + size * 1.2;
            self.page.line(l, M, CW, baseline, Align::Center, color);
            self.y += size * 1.65;
        }
    }

    fn rule(&mut self) {
        self.y += 3.0;
        self.page.dashed(M, self.y, CW, GREY);
        self.y += 5.0;
    }

    /// Value on the left; labels on the right, Arabic above English.
    fn row(&mut self, label: Bi, value: &str, bold: bool) {
        let baseline = self.y + 9.5;
        let value_w = CW * 0.55;
        let lines = wrap(value, 8.0, bold, value_w);
        let n = lines.len();
        for (k, l) in lines.into_iter().enumerate() {
            self.page.line(
                l,
                M,
                value_w,
                baseline + k as f32 * 12.0,
                Align::Left,
                BLACK,
            );
        }
        self.page
            .text(label.ar, 8.0, bold, M, CW, baseline, Align::Right, BLACK);
        self.page.text(
            label.en,
            6.5,
            false,
            M,
            CW,
            baseline + 9.5,
            Align::Right,
            GREY,
        );
        self.y += (n as f32 * 12.0).max(21.0);
    }

    /// Two label pairs: one on the left, one on the right.
    fn row_labels(&mut self, left: Bi, right: Bi) {
        let baseline = self.y + 9.5;
        self.page
            .text(left.ar, 8.0, true, M, CW, baseline, Align::Left, BLACK);
        self.page.text(
            left.en,
            6.5,
            false,
            M,
            CW,
            baseline + 9.5,
            Align::Left,
            GREY,
        );
        self.page
            .text(right.ar, 8.0, true, M, CW, baseline, Align::Right, BLACK);
        self.page.text(
            right.en,
            6.5,
            false,
            M,
            CW,
            baseline + 9.5,
            Align::Right,
            GREY,
        );
        self.y += 23.0;
    }

    fn total(&mut self, label: Bi, amount: Decimal, bold: bool) {
        self.row(label, &money(amount), bold);
    }
}
