//! Line and document totals with exact decimal money (rust_decimal, half away from zero).
//!
//! The arithmetic follows EN 16931 (BR-CO-10…17, BR-S/Z/E/O-08/09) and the KSA rules
//! (BR-KSA-51, BR-KSA-80, BR-KSA-EN16931-11):
//! - line net = round(quantity × price ÷ base quantity + line charges − line allowances)
//! - line VAT = round(line net × rate ÷ 100); line amount with VAT = line net + line VAT
//! - per VAT category and rate: taxable = Σ line nets + document charges − document allowances,
//!   VAT = round(taxable × rate ÷ 100)
//! - tax exclusive = Σ line nets − allowances + charges; total VAT = Σ category VAT;
//!   tax inclusive = tax exclusive + total VAT; payable = tax inclusive − prepaid + rounding
//! - prepaid = Σ (prepayment taxable + round(prepayment taxable × rate ÷ 100))
//! - VAT in SAR (foreign currency) = round(total VAT × exchange rate)
//!
//! Every rounding is to 2 decimals, half away from zero. [`totals`] expects a draft that passed
//! the pre-flight rules (which bound every number, so nothing here can overflow).

use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::{Draft, Vat, VatCategory};

/// Rounds a money amount to 2 decimals, half away from zero, and gives it scale 2.
pub fn round2(d: Decimal) -> Decimal {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    if r.is_zero() {
        r.set_sign_positive(true);
    }
    r
}

/// VAT of an amount at a rate in percent, rounded.
pub fn vat_of(amount: Decimal, rate: Decimal) -> Decimal {
    round2(amount * rate / Decimal::ONE_HUNDRED)
}

/// Totals of one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineTotals {
    /// Gross price (price + price discount), when there is a price discount.
    pub gross_price: Option<Decimal>,
    /// Σ line charges − Σ line allowances.
    pub allowance_charge_net: Decimal,
    /// Line net amount (BT-131).
    pub net: Decimal,
    /// Line VAT amount (KSA-11).
    pub vat: Decimal,
    /// Line amount with VAT (KSA-12).
    pub with_vat: Decimal,
}

/// One VAT breakdown (BG-23): a category and rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subtotal {
    /// Category.
    pub category: VatCategory,
    /// Rate in percent.
    pub rate: Decimal,
    /// Taxable amount (BT-116).
    pub taxable: Decimal,
    /// VAT amount (BT-117).
    pub tax: Decimal,
    /// Exemption reason code (BT-121).
    pub exemption_reason_code: Option<String>,
    /// Exemption reason text (BT-120).
    pub exemption_reason: Option<String>,
}

/// Amounts of one prepayment deducted in a final invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepaymentTotals {
    /// Prepayment VAT category taxable amount (KSA-31).
    pub taxable: Decimal,
    /// Prepayment VAT category tax amount (KSA-32).
    pub tax: Decimal,
}

/// Every amount a document carries, all at 2 decimals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    /// Per line, in draft order.
    pub lines: Vec<LineTotals>,
    /// VAT breakdown, in order of first appearance (lines, then document allowances/charges).
    pub subtotals: Vec<Subtotal>,
    /// Per prepayment, in draft order.
    pub prepayments: Vec<PrepaymentTotals>,
    /// Σ line net amounts (BT-106).
    pub line_extension: Decimal,
    /// Σ document allowances (BT-107).
    pub allowance_total: Decimal,
    /// Σ document charges (BT-108).
    pub charge_total: Decimal,
    /// Total without VAT (BT-109).
    pub tax_exclusive: Decimal,
    /// Total VAT in document currency (BT-110).
    pub tax_total: Decimal,
    /// Total VAT in SAR (BT-111); equals `tax_total` for SAR documents.
    pub tax_total_sar: Decimal,
    /// Total with VAT (BT-112).
    pub tax_inclusive: Decimal,
    /// Prepaid amount (BT-113).
    pub prepaid: Decimal,
    /// Payable rounding amount (BT-114).
    pub payable_rounding: Decimal,
    /// Amount due (BT-115).
    pub payable: Decimal,
}

fn same_bucket(s: &Subtotal, vat: &Vat) -> bool {
    s.category == vat.category && s.rate == vat.rate().normalize()
}

fn bucket<'a>(subtotals: &'a mut Vec<Subtotal>, vat: &Vat) -> &'a mut Subtotal {
    let i = match subtotals.iter().position(|s| same_bucket(s, vat)) {
        Some(i) => i,
        None => {
            subtotals.push(Subtotal {
                category: vat.category,
                rate: vat.rate().normalize(),
                taxable: Decimal::ZERO,
                tax: Decimal::ZERO,
                exemption_reason_code: None,
                exemption_reason: None,
            });
            subtotals.len() - 1
        }
    };
    let s = &mut subtotals[i];
    if s.exemption_reason_code.is_none() {
        s.exemption_reason_code
            .clone_from(&vat.exemption_reason_code);
    }
    if s.exemption_reason.is_none() {
        s.exemption_reason = exemption_text(vat);
    }
    s
}

/// The exemption reason text for a VAT treatment: the draft's text, or ZATCA's standard text
/// for the reason code.
pub fn exemption_text(vat: &Vat) -> Option<String> {
    if vat.category == VatCategory::S {
        return None;
    }
    if let Some(t) = vat
        .exemption_reason
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        return Some(t.to_string());
    }
    vat.exemption_reason_code
        .as_deref()
        .and_then(standard_exemption_text)
        .map(str::to_string)
}

/// ZATCA's standard text for an exemption (or exception) reason code (XML implementation
/// standard, 11.2.4). `VATEX-SA-OOS` has no standard text: the taxpayer writes it.
pub fn standard_exemption_text(code: &str) -> Option<&'static str> {
    Some(match code {
        "VATEX-SA-29" => "Financial services mentioned in Article 29 of the VAT Regulations",
        "VATEX-SA-29-7" => "Life insurance services mentioned in Article 29 of the VAT Regulations",
        "VATEX-SA-30" => "Real estate transactions mentioned in Article 30 of the VAT Regulations",
        "VATEX-SA-32" => "Export of goods",
        "VATEX-SA-33" => "Export of services",
        "VATEX-SA-34-1" => "The international transport of Goods",
        "VATEX-SA-34-2" => "International transport of passengers",
        "VATEX-SA-34-3" => {
            "Services directly connected and incidental to a Supply of international passenger transport"
        }
        "VATEX-SA-34-4" => "Supply of a qualifying means of transport",
        "VATEX-SA-34-5" => {
            "Any services relating to Goods or passenger transportation, as defined in article twenty five of these Regulations"
        }
        "VATEX-SA-35" => "Medicines and medical equipment",
        "VATEX-SA-36" => "Qualifying metals",
        "VATEX-SA-EDU" => "Private education to citizen",
        "VATEX-SA-HEA" => "Private healthcare to citizen",
        "VATEX-SA-MLTRY" => "Supply of qualified military goods",
        _ => return None,
    })
}

/// Computes every amount of a draft that passed the pre-flight rules.
pub fn totals(draft: &Draft) -> Totals {
    let mut subtotals: Vec<Subtotal> = Vec::new();
    let mut lines = Vec::with_capacity(draft.lines.len());
    let mut line_extension = Decimal::ZERO;
    for line in &draft.lines {
        let gross = match line.base_quantity {
            Some(b) => line.quantity * line.price / b,
            None => line.quantity * line.price,
        };
        let ac: Decimal = line
            .allowances_charges
            .iter()
            .map(|a| if a.charge { a.amount } else { -a.amount })
            .sum();
        let net = round2(gross + ac);
        let vat = vat_of(net, line.vat.rate());
        lines.push(LineTotals {
            gross_price: line.price_discount.map(|d| line.price + d),
            allowance_charge_net: ac,
            net,
            vat,
            with_vat: net + vat,
        });
        line_extension += net;
        bucket(&mut subtotals, &line.vat).taxable += net;
    }
    let mut allowance_total = Decimal::ZERO;
    let mut charge_total = Decimal::ZERO;
    for ac in &draft.allowances_charges {
        let b = bucket(&mut subtotals, &ac.vat);
        if ac.charge {
            charge_total += ac.amount;
            b.taxable += ac.amount;
        } else {
            allowance_total += ac.amount;
            b.taxable -= ac.amount;
        }
    }
    let mut tax_total = Decimal::ZERO;
    for s in &mut subtotals {
        s.taxable = round2(s.taxable);
        s.tax = vat_of(s.taxable, s.rate);
        tax_total += s.tax;
    }
    let prepayments: Vec<PrepaymentTotals> = draft
        .prepayments
        .iter()
        .map(|p| PrepaymentTotals {
            taxable: round2(p.taxable_amount),
            tax: vat_of(p.taxable_amount, p.vat.rate()),
        })
        .collect();
    let prepaid = round2(prepayments.iter().map(|p| p.taxable + p.tax).sum());
    let line_extension = round2(line_extension);
    let allowance_total = round2(allowance_total);
    let charge_total = round2(charge_total);
    let tax_exclusive = round2(line_extension - allowance_total + charge_total);
    let tax_total = round2(tax_total);
    let tax_inclusive = round2(tax_exclusive + tax_total);
    let payable_rounding = round2(draft.payable_rounding.unwrap_or_default());
    let payable = round2(tax_inclusive - prepaid + payable_rounding);
    let tax_total_sar = match (draft.is_sar(), draft.exchange_rate) {
        (false, Some(rate)) => round2(tax_total * rate),
        _ => tax_total,
    };
    Totals {
        lines,
        subtotals,
        prepayments,
        line_extension,
        allowance_total,
        charge_total,
        tax_exclusive,
        tax_total,
        tax_total_sar,
        tax_inclusive,
        prepaid,
        payable_rounding,
        payable,
    }
}
