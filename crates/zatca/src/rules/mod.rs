//! Pre-flight business rules, reported with ZATCA's own codes (BR-KSA-…), run before any XML
//! is produced.
//!
//! Two passes: [`check_draft`] checks every field and every rule the model alone lets through
//! (typed field errors and ZATCA/EN rule codes, each with its field path); [`check_totals`]
//! checks what only the computed amounts can show (a negative line net or category total).

use chrono::{Datelike, NaiveDate, Timelike};
use rust_decimal::Decimal;

use crate::calc::{Totals, standard_exemption_text};
use crate::error::{ErrorKind, Problem};
use crate::model::{
    Address, ChainFields, DocumentKind, Draft, Flow, Party, PartyId, Vat, VatCategory,
};

/// Largest quantity a line may carry.
pub const MAX_QUANTITY: i64 = 10_000_000;
/// Largest price, allowance, charge or prepayment amount.
pub const MAX_AMOUNT: i64 = 10_000_000_000;
/// Largest exchange rate (SAR per unit of the document currency).
pub const MAX_EXCHANGE_RATE: i64 = 10_000;
/// Most lines a document may carry.
pub const MAX_LINES: usize = 10_000;
/// Smallest base quantity.
pub const MIN_BASE_QUANTITY: Decimal = Decimal::from_parts(1, 0, 0, false, 3);

/// Exemption reason codes allowed for zero-rated supplies (BR-KSA-69).
pub const ZERO_RATED_CODES: &[&str] = &[
    "VATEX-SA-32",
    "VATEX-SA-33",
    "VATEX-SA-34-1",
    "VATEX-SA-34-2",
    "VATEX-SA-34-3",
    "VATEX-SA-34-4",
    "VATEX-SA-34-5",
    "VATEX-SA-35",
    "VATEX-SA-36",
    "VATEX-SA-EDU",
    "VATEX-SA-HEA",
    "VATEX-SA-MLTRY",
    "VATEX-SA-DIPLOMAT",
];
/// Exemption reason codes allowed for exempt supplies (BR-KSA-23).
pub const EXEMPT_CODES: &[&str] = &["VATEX-SA-29", "VATEX-SA-29-7", "VATEX-SA-30"];
/// Exception reason codes allowed for supplies not subject to VAT (BR-KSA-24).
pub const OUT_OF_SCOPE_CODES: &[&str] = &["VATEX-SA-OOS"];
/// Payment means codes ZATCA accepts (BR-KSA-16).
pub const PAYMENT_MEANS_CODES: &[&str] = &["10", "30", "42", "48", "1"];
/// Seller identification schemes (BR-KSA-08).
pub const SELLER_ID_SCHEMES: &[&str] = &["CRN", "MOM", "MLS", "SAG", "OTH", "700"];
/// Buyer identification schemes (BR-KSA-14).
pub const BUYER_ID_SCHEMES: &[&str] = &[
    "TIN", "CRN", "MOM", "MLS", "700", "SAG", "NAT", "GCC", "IQA", "PAS", "OTH",
];

const CURRENCIES: &str = " AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRO MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLL SOS SRD SSP STD SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UZS VEF VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWL ";

struct Findings(Vec<Problem>);

impl Findings {
    fn push(&mut self, kind: ErrorKind, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(Problem::new(kind, path, message));
    }
    fn rule(&mut self, code: &'static str, path: impl Into<String>, message: impl Into<String>) {
        self.push(ErrorKind::Rule(code), path, message);
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn blank_opt(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(blank)
}

fn join(base: &str, field: &str) -> String {
    if base.is_empty() {
        field.to_string()
    } else {
        format!("{base}.{field}")
    }
}

fn is_vat_number(s: &str) -> bool {
    s.len() == 15 && s.bytes().all(|b| b.is_ascii_digit()) && s.starts_with('3') && s.ends_with('3')
}

fn alnum(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(p, n)| p.len() == n && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Characters XML 1.0 cannot carry (controls other than tab, line feed and carriage return, and
/// the non-characters U+FFFE and U+FFFF).
fn unwritable(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
}

fn text(f: &mut Findings, path: &str, value: &str, max: usize) {
    if blank(value) {
        f.push(ErrorKind::Missing, path, "must not be empty");
    } else {
        optional_text(f, path, value, max);
    }
}

/// A text that may be empty: length and characters only.
fn optional_text(f: &mut Findings, path: &str, value: &str, max: usize) {
    if value.chars().count() > max {
        f.push(
            ErrorKind::TooLong,
            path,
            format!("is longer than {max} characters"),
        );
    }
    if value.chars().any(unwritable) {
        f.push(
            ErrorKind::InvalidValue,
            path,
            "contains a control character an XML document cannot carry",
        );
    }
}

/// A date as UBL writes it: four-digit years only.
fn check_date(f: &mut Findings, path: &str, date: NaiveDate) {
    if !(1000..=9999).contains(&date.year()) {
        f.push(
            ErrorKind::InvalidValue,
            path,
            "the year must have four digits",
        );
    }
}

fn opt_text(f: &mut Findings, path: &str, value: &Option<String>, max: usize) {
    if let Some(v) = value {
        text(f, path, v, max);
    }
}

fn amount(f: &mut Findings, path: &str, value: Decimal, max: i64) {
    if value < Decimal::ZERO {
        f.push(
            ErrorKind::Negative,
            path,
            "must not be negative (BR-KSA-F-04)",
        );
    } else if value > Decimal::from(max) {
        f.push(ErrorKind::Overflow, path, format!("is larger than {max}"));
    }
}

fn money(f: &mut Findings, path: &str, value: Decimal) {
    amount(f, path, value, MAX_AMOUNT);
    if value.normalize().scale() > 2 {
        f.push(
            ErrorKind::TooManyDecimals,
            path,
            "an amount has at most 2 decimals",
        );
    }
}

/// Checks a draft before any amount is computed or any XML is written.
pub fn check_draft(draft: &Draft) -> Vec<Problem> {
    let mut f = Findings(Vec::new());
    let standard = draft.flow == Flow::Standard;

    text(&mut f, "number", &draft.number, 127);
    if !is_uuid(&draft.uuid) {
        f.rule(
            "BR-KSA-03",
            "uuid",
            "must be a UUID (8-4-4-4-12 hexadecimal digits)",
        );
    }
    check_date(&mut f, "issue_date", draft.issue_date);
    if let Some(s) = &draft.supply {
        check_date(&mut f, "supply.date", s.date);
        if let Some(end) = s.end_date {
            check_date(&mut f, "supply.end_date", end);
        }
    }
    if draft.issue_time.nanosecond() != 0 {
        f.rule(
            "BR-KSA-70",
            "issue_time",
            "must be whole seconds (hh:mm:ss)",
        );
    }

    // Currency and exchange rate.
    let cur = draft.currency.as_str();
    if cur.len() != 3 || !CURRENCIES.contains(&format!(" {cur} ")) {
        f.rule(
            "BR-KSA-CL-01",
            "currency",
            format!("`{cur}` is not an ISO 4217 currency code"),
        );
    } else if draft.is_sar() {
        if draft.exchange_rate.is_some() {
            f.push(
                ErrorKind::InvalidValue,
                "exchange_rate",
                "only for documents in a currency other than SAR",
            );
        }
    } else {
        match draft.exchange_rate {
            None => f.push(
                ErrorKind::Missing,
                "exchange_rate",
                "a document in a foreign currency needs the SAR exchange rate",
            ),
            Some(r) if r <= Decimal::ZERO => {
                f.push(ErrorKind::NotPositive, "exchange_rate", "must be positive")
            }
            Some(r) if r > Decimal::from(MAX_EXCHANGE_RATE) => f.push(
                ErrorKind::Overflow,
                "exchange_rate",
                format!("is larger than {MAX_EXCHANGE_RATE}"),
            ),
            Some(r) if r == Decimal::ONE => f.rule(
                "BR-KSA-97",
                "exchange_rate",
                "a rate of 1 makes the SAR VAT total equal the document VAT total",
            ),
            Some(r) if r.normalize().to_string().replace('.', "").len() > 14 => {
                f.rule("BR-KSA-90", "exchange_rate", "has more than 14 digits")
            }
            Some(_) => {}
        }
    }
    for (i, n) in draft.notes.iter().enumerate() {
        text(&mut f, &format!("notes[{i}]"), n, 1000);
    }

    // Flags (KSA-2).
    if draft.flow == Flow::Simplified && draft.flags.self_billed {
        f.rule(
            "BR-KSA-31",
            "flags.self_billed",
            "self-billing is not allowed on simplified documents",
        );
    }
    if draft.flow == Flow::Simplified && draft.flags.export {
        f.rule(
            "BR-KSA-31",
            "flags.export",
            "export is not allowed on simplified documents",
        );
    }
    if draft.flags.export && draft.flags.self_billed {
        f.rule(
            "BR-KSA-07",
            "flags.self_billed",
            "self-billing is not allowed on export invoices",
        );
    }

    // Supply date and period.
    if draft.flags.summary {
        match &draft.supply {
            Some(s) if s.end_date.is_some() => {}
            _ => f.rule(
                "BR-KSA-72",
                "supply.end_date",
                "a summary invoice needs a supply date and a supply end date",
            ),
        }
    }
    if standard && draft.kind == DocumentKind::Invoice && draft.supply.is_none() {
        f.rule(
            "BR-KSA-15",
            "supply",
            "a standard tax invoice needs the supply date",
        );
    }
    if draft.flow == Flow::Simplified
        && draft.flags.summary
        && draft.buyer.as_ref().is_none_or(|b| blank(&b.name))
    {
        f.rule(
            "BR-KSA-71",
            "buyer.name",
            "a simplified summary invoice needs the buyer's name",
        );
    }
    if let Some(s) = &draft.supply
        && let Some(end) = s.end_date
        && end < s.date
    {
        f.rule(
            "BR-KSA-36",
            "supply.end_date",
            "the supply end date is before the supply date",
        );
    }

    // Notes: billing reference and reason.
    if draft.kind.is_note() {
        if blank_opt(&draft.billing_reference) {
            f.rule(
                "BR-KSA-56",
                "billing_reference",
                "a credit or debit note needs the number of the original invoice",
            );
        }
        if blank_opt(&draft.reason) {
            f.rule(
                "BR-KSA-17",
                "reason",
                "a credit or debit note needs the reason for issuing it",
            );
        }
        if draft.payment_means.is_none() {
            f.rule(
                "BR-49",
                "payment_means",
                "a credit or debit note carries its reason with the payment means code",
            );
        }
    } else if draft.reason.is_some() {
        f.push(
            ErrorKind::InvalidValue,
            "reason",
            "only credit and debit notes carry a reason",
        );
    }
    opt_text(&mut f, "billing_reference", &draft.billing_reference, 5000);
    opt_text(&mut f, "reason", &draft.reason, 1000);
    if let Some(code) = &draft.payment_means
        && !PAYMENT_MEANS_CODES.contains(&code.as_str())
    {
        f.rule(
            "BR-KSA-16",
            "payment_means",
            format!("`{code}` is not one of 10, 30, 42, 48, 1"),
        );
    }
    opt_text(&mut f, "purchase_order", &draft.purchase_order, 127);
    opt_text(&mut f, "contract", &draft.contract, 127);

    // Parties.
    check_seller(&mut f, &draft.seller);
    match &draft.buyer {
        Some(b) => check_buyer(&mut f, b, standard),
        None if standard => f.rule("BR-KSA-42", "buyer", "a standard document needs the buyer"),
        None => {}
    }
    if let (Some(s), Some(b)) = (
        &draft.seller.vat_number,
        draft.buyer.as_ref().and_then(|b| b.vat_number.as_ref()),
    ) && s == b
    {
        f.rule(
            "BR-CUSTOM-VALIDATION-01",
            "buyer.vat_number",
            "the buyer's VAT number equals the seller's",
        );
    }

    // Lines.
    if draft.lines.is_empty() {
        f.push(
            ErrorKind::NoLines,
            "lines",
            "a document needs at least one line (BR-16)",
        );
    } else if draft.lines.len() > MAX_LINES {
        f.push(
            ErrorKind::TooLong,
            "lines",
            format!("more than {MAX_LINES} lines"),
        );
    }
    for (i, line) in draft.lines.iter().enumerate() {
        let p = format!("lines[{i}]");
        text(&mut f, &format!("{p}.name"), &line.name, 1000);
        if !alnum(&line.unit_code) {
            f.push(
                ErrorKind::InvalidValue,
                format!("{p}.unit_code"),
                "must be a UN/ECE rec 20 unit code (letters and digits)",
            );
        }
        amount(
            &mut f,
            &format!("{p}.quantity"),
            line.quantity,
            MAX_QUANTITY,
        );
        amount(&mut f, &format!("{p}.price"), line.price, MAX_AMOUNT);
        if let Some(b) = line.base_quantity {
            if b <= Decimal::ZERO {
                f.rule(
                    "BR-KSA-EN16931-12",
                    format!("{p}.base_quantity"),
                    "must be above zero",
                );
            } else if b < MIN_BASE_QUANTITY {
                f.push(
                    ErrorKind::InvalidValue,
                    format!("{p}.base_quantity"),
                    "must be at least 0.001",
                );
            } else if b > Decimal::from(MAX_QUANTITY) {
                f.push(
                    ErrorKind::Overflow,
                    format!("{p}.base_quantity"),
                    format!("is larger than {MAX_QUANTITY}"),
                );
            }
        }
        if let Some(d) = line.price_discount {
            money(&mut f, &format!("{p}.price_discount"), d);
        }
        for (j, ac) in line.allowances_charges.iter().enumerate() {
            let q = format!("{p}.allowances_charges[{j}]");
            money(&mut f, &format!("{q}.amount"), ac.amount);
            check_reason(
                &mut f,
                &q,
                ac.charge,
                &ac.reason_code,
                &ac.reason,
                "BR-KSA-22",
            );
        }
        check_vat(&mut f, &format!("{p}.vat"), &line.vat);
    }
    for (i, ac) in draft.allowances_charges.iter().enumerate() {
        let p = format!("allowances_charges[{i}]");
        money(&mut f, &format!("{p}.amount"), ac.amount);
        check_reason(
            &mut f,
            &p,
            ac.charge,
            &ac.reason_code,
            &ac.reason,
            "BR-KSA-21",
        );
        check_vat(&mut f, &format!("{p}.vat"), &ac.vat);
    }
    if !draft.prepayments.is_empty() && draft.kind != DocumentKind::Invoice {
        f.push(
            ErrorKind::InvalidValue,
            "prepayments",
            "only a (final) tax invoice deducts prepayments",
        );
    }
    for (i, pp) in draft.prepayments.iter().enumerate() {
        let p = format!("prepayments[{i}]");
        text(&mut f, &format!("{p}.number"), &pp.number, 127);
        text(&mut f, &format!("{p}.description"), &pp.description, 1000);
        if let Some(u) = &pp.uuid
            && !is_uuid(u)
        {
            f.push(
                ErrorKind::InvalidValue,
                format!("{p}.uuid"),
                "must be a UUID",
            );
        }
        check_date(&mut f, &format!("{p}.issue_date"), pp.issue_date);
        if pp.issue_time.nanosecond() != 0 {
            f.rule(
                "BR-KSA-F-05",
                format!("{p}.issue_time"),
                "must be whole seconds (hh:mm:ss)",
            );
        }
        money(&mut f, &format!("{p}.taxable_amount"), pp.taxable_amount);
        check_vat(&mut f, &format!("{p}.vat"), &pp.vat);
    }
    if let Some(r) = draft.payable_rounding {
        if r.normalize().scale() > 2 {
            f.push(
                ErrorKind::TooManyDecimals,
                "payable_rounding",
                "an amount has at most 2 decimals",
            );
        }
        if r.abs() > Decimal::from(MAX_AMOUNT) {
            f.push(
                ErrorKind::Overflow,
                "payable_rounding",
                format!("is larger than {MAX_AMOUNT}"),
            );
        }
    }

    check_categories(&mut f, draft);
    f.0
}

/// Allowances and charges: a charge needs a reason or reason code (`rule`: BR-KSA-21 on the
/// document, BR-KSA-22 on a line); an allowance may go without.
fn check_reason(
    f: &mut Findings,
    path: &str,
    charge: bool,
    code: &Option<String>,
    reason: &Option<String>,
    rule: &'static str,
) {
    if charge && blank_opt(code) && blank_opt(reason) {
        f.rule(
            rule,
            join(path, "reason"),
            "a charge needs a reason or a reason code",
        );
    }
    opt_text(f, &join(path, "reason"), reason, 1000);
    if let Some(c) = code
        && !alnum(c)
    {
        f.push(
            ErrorKind::InvalidValue,
            join(path, "reason_code"),
            "must be a UNTDID 5189/7161 code",
        );
    }
}

fn check_vat(f: &mut Findings, path: &str, vat: &Vat) {
    let rate = vat.rate();
    let rate_path = || join(path, "rate");
    let code_path = || join(path, "exemption_reason_code");
    if rate.normalize().scale() > 2 || rate < Decimal::ZERO || rate > Decimal::ONE_HUNDRED {
        f.rule(
            "BR-KSA-DEC-02",
            rate_path(),
            "a VAT rate is from 0 to 100 with at most 2 decimals",
        );
        return;
    }
    let (codes, rule, name): (&[&str], &'static str, &str) = match vat.category {
        VatCategory::S => {
            if rate != Decimal::from(15) && rate != Decimal::from(5) {
                f.rule("BR-KSA-84", rate_path(), "the standard rate is 15 or 5");
            }
            if vat.exemption_reason_code.is_some() || vat.exemption_reason.is_some() {
                f.rule(
                    "BR-S-10",
                    code_path(),
                    "a standard-rated supply has no exemption reason",
                );
            }
            return;
        }
        VatCategory::Z => (ZERO_RATED_CODES, "BR-KSA-69", "zero-rated"),
        VatCategory::E => (EXEMPT_CODES, "BR-KSA-23", "exempt"),
        VatCategory::O => (OUT_OF_SCOPE_CODES, "BR-KSA-24", "not subject to VAT"),
    };
    if !rate.is_zero() {
        let code = match vat.category {
            VatCategory::Z => "BR-Z-05",
            VatCategory::E => "BR-E-05",
            _ => "BR-O-05",
        };
        f.rule(
            code,
            rate_path(),
            format!("the rate of a {name} supply is 0"),
        );
    }
    match vat.exemption_reason_code.as_deref() {
        None => f.rule(
            rule,
            code_path(),
            format!("a {name} supply needs an exemption reason code"),
        ),
        Some(c) if !codes.contains(&c) => f.rule(
            rule,
            code_path(),
            format!(
                "`{c}` is not a reason code for a {name} supply (one of {})",
                codes.join(", ")
            ),
        ),
        Some(c) => {
            if blank_opt(&vat.exemption_reason) && standard_exemption_text(c).is_none() {
                f.rule(
                    "BR-KSA-83",
                    join(path, "exemption_reason"),
                    format!("reason code {c} needs the reason text"),
                );
            }
        }
    }
    if let Some(reason) = &vat.exemption_reason {
        text(f, &join(path, "exemption_reason"), reason, 1000);
    }
}

/// Rules across lines: one exemption reason per category; prepayments deducted in a category
/// the document has; EDU/HEA buyers.
fn check_categories(f: &mut Findings, draft: &Draft) {
    /// Where a VAT treatment sits: (list, index), turned into a path only for a finding.
    type At = (&'static str, usize);
    let vat_path = |(list, i): At| format!("{list}[{i}].vat");
    let mut seen: Vec<(VatCategory, Option<&str>, At)> = Vec::new();
    let vats = draft
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| (&l.vat, ("lines", i)))
        .chain(
            draft
                .allowances_charges
                .iter()
                .enumerate()
                .map(|(i, a)| (&a.vat, ("allowances_charges", i))),
        );
    let mut edu_hea = None;
    for (vat, at) in vats {
        if vat.category == VatCategory::S {
            continue;
        }
        let code = vat.exemption_reason_code.as_deref();
        if matches!(code, Some("VATEX-SA-EDU" | "VATEX-SA-HEA")) {
            edu_hea.get_or_insert(at);
        }
        match seen.iter().find(|(c, _, _)| *c == vat.category) {
            Some((_, first, first_at)) if *first != code => f.push(
                ErrorKind::ConflictingExemption,
                join(&vat_path(at), "exemption_reason_code"),
                format!(
                    "category {} already has reason {} at {}; one VAT breakdown carries one reason",
                    vat.category.code(),
                    first.unwrap_or("(none)"),
                    vat_path(*first_at),
                ),
            ),
            Some(_) => {}
            None => seen.push((vat.category, code, at)),
        }
    }
    for (i, pp) in draft.prepayments.iter().enumerate() {
        let cat = pp.vat.category;
        let present = draft
            .lines
            .iter()
            .map(|l| &l.vat)
            .chain(draft.allowances_charges.iter().map(|a| &a.vat))
            .any(|v| v.category == cat);
        if !present {
            let rule = match cat {
                VatCategory::S => "BR-S-01",
                VatCategory::Z => "BR-Z-01",
                VatCategory::E => "BR-E-01",
                VatCategory::O => "BR-O-01",
            };
            f.rule(
                rule,
                format!("prepayments[{i}].vat.category"),
                format!(
                    "the document has no line in category {} to deduct this prepayment from",
                    cat.code()
                ),
            );
        }
    }
    if let Some(p) = edu_hea.map(vat_path) {
        let buyer = draft.buyer.as_ref();
        if buyer
            .and_then(|b| b.id.as_ref())
            .is_none_or(|id| id.scheme != "NAT")
        {
            f.rule(
                "BR-KSA-49",
                "buyer.id",
                format!(
                    "{p} is private education or healthcare: the buyer needs a national ID (NAT)"
                ),
            );
        }
        if draft.flow == Flow::Simplified && buyer.is_none_or(|b| blank(&b.name)) {
            f.rule(
                "BR-KSA-25",
                "buyer.name",
                format!("{p} is private education or healthcare: the buyer's name is needed"),
            );
        }
    }
}

fn check_seller(f: &mut Findings, s: &Party) {
    text(f, "seller.name", &s.name, 1000);
    match s.vat_number.as_deref() {
        None => f.rule(
            "BR-KSA-39",
            "seller.vat_number",
            "the seller's VAT number is required",
        ),
        Some(v) if !is_vat_number(v) => f.rule(
            "BR-KSA-40",
            "seller.vat_number",
            "must be 15 digits, starting and ending with 3",
        ),
        Some(_) => {}
    }
    match &s.id {
        None => f.rule(
            "BR-KSA-08",
            "seller.id",
            "the seller needs an identifier (CRN, MOM, MLS, SAG, OTH or 700)",
        ),
        Some(id) => {
            if !SELLER_ID_SCHEMES.contains(&id.scheme.as_str()) {
                f.rule(
                    "BR-KSA-08",
                    "seller.id.scheme",
                    format!(
                        "`{}` is not one of {}",
                        id.scheme,
                        SELLER_ID_SCHEMES.join(", ")
                    ),
                );
            } else if !alnum(&id.value) {
                f.rule(
                    "BR-KSA-08",
                    "seller.id.value",
                    "must be letters and digits only",
                );
            } else {
                check_id_value(f, "seller.id.value", id);
            }
        }
    }
    match &s.address {
        None => f.rule(
            "BR-KSA-09",
            "seller.address",
            "the seller's national address is required",
        ),
        Some(a) => {
            if a.country != "SA" {
                f.rule(
                    "BR-KSA-09",
                    "seller.address.country",
                    "the seller's address is in Saudi Arabia (SA)",
                );
            }
            check_address(
                f,
                "seller.address",
                a,
                true,
                ("BR-KSA-09", "BR-KSA-37", "BR-KSA-66"),
            );
        }
    }
}

/// The format of Saudi identifiers (BR-KSA-F-07…11) and ZATCA's check against placeholder
/// numbers such as 12345678 or 00000000 (BR-KSA-F-13).
fn check_id_value(f: &mut Findings, path: &str, id: &PartyId) {
    let v = id.value.as_str();
    let ten = |first: Option<char>| digits(v, 10) && first.is_none_or(|c| v.starts_with(c));
    let (ok, rule, what) = match id.scheme.as_str() {
        "CRN" => (
            ten(None),
            "BR-KSA-F-08",
            "a commercial registration number is 10 digits",
        ),
        "700" => (
            ten(Some('7')),
            "BR-KSA-F-09",
            "a 700 number is 10 digits starting with 7",
        ),
        "TIN" => (
            ten(Some('3')),
            "BR-KSA-F-07",
            "a tax identification number is 10 digits starting with 3",
        ),
        "NAT" => (
            ten(Some('1')),
            "BR-KSA-F-10",
            "a national ID is 10 digits starting with 1",
        ),
        "IQA" => (
            ten(Some('2')),
            "BR-KSA-F-11",
            "an iqama number is 10 digits starting with 2",
        ),
        _ => (true, "", ""),
    };
    if !ok {
        f.rule(rule, path, what);
    }
    let placeholder = v.bytes().all(|b| b.is_ascii_digit())
        && v.as_bytes().windows(8).any(|w| {
            let up = w.windows(2).all(|p| p[1] == p[0] + 1);
            let down = w.windows(2).all(|p| p[0] == p[1] + 1);
            let same = w.windows(2).all(|p| p[0] == p[1]);
            up || down || same
        });
    if placeholder {
        f.rule(
            "BR-KSA-F-13",
            path,
            "looks like a placeholder (8 repeated or consecutive digits)",
        );
    }
}

fn check_buyer(f: &mut Findings, b: &Party, standard: bool) {
    if standard {
        text(f, "buyer.name", &b.name, 1000);
    } else {
        optional_text(f, "buyer.name", &b.name, 1000);
    }
    if let Some(v) = &b.vat_number
        && !is_vat_number(v)
    {
        f.rule(
            "BR-KSA-44",
            "buyer.vat_number",
            "must be 15 digits, starting and ending with 3",
        );
    }
    match &b.id {
        Some(id) => {
            if !BUYER_ID_SCHEMES.contains(&id.scheme.as_str()) {
                f.rule(
                    "BR-KSA-14",
                    "buyer.id.scheme",
                    format!(
                        "`{}` is not one of {}",
                        id.scheme,
                        BUYER_ID_SCHEMES.join(", ")
                    ),
                );
            } else if !alnum(&id.value) {
                f.rule(
                    "BR-KSA-14",
                    "buyer.id.value",
                    "must be letters and digits only",
                );
            } else {
                check_id_value(f, "buyer.id.value", id);
            }
        }
        None if standard && b.vat_number.is_none() => f.rule(
            "BR-KSA-81",
            "buyer.id",
            "a buyer without a VAT number needs another identifier (NAT, CRN, TIN, …)",
        ),
        None => {}
    }
    match &b.address {
        None if standard => f.rule(
            "BR-KSA-63",
            "buyer.address",
            "a standard document needs the buyer's address",
        ),
        None => {}
        Some(a) if a.country == "SA" => check_address(
            f,
            "buyer.address",
            a,
            standard,
            ("BR-KSA-63", "BR-KSA-63", "BR-KSA-67"),
        ),
        Some(a) => {
            text(f, "buyer.address.street", &a.street, 127);
            text(f, "buyer.address.city", &a.city, 127);
            if a.country.len() != 2 || !a.country.bytes().all(|c| c.is_ascii_uppercase()) {
                f.push(
                    ErrorKind::InvalidValue,
                    "buyer.address.country",
                    "must be an ISO 3166-1 alpha-2 code",
                );
            }
            opt_text(
                f,
                "buyer.address.additional_street",
                &a.additional_street,
                127,
            );
            opt_text(f, "buyer.address.district", &a.district, 127);
            opt_text(f, "buyer.address.postal_zone", &a.postal_zone, 127);
            opt_text(f, "buyer.address.building_number", &a.building_number, 127);
        }
    }
}

/// A Saudi national address. `full` requires every part; the rules are (missing part, building
/// number format, postal code format).
fn check_address(
    f: &mut Findings,
    path: &str,
    a: &Address,
    full: bool,
    rules: (&'static str, &'static str, &'static str),
) {
    let (missing, building, postal) = rules;
    text(f, &join(path, "street"), &a.street, 127);
    text(f, &join(path, "city"), &a.city, 127);
    opt_text(
        f,
        &join(path, "additional_street"),
        &a.additional_street,
        127,
    );
    opt_text(f, &join(path, "region"), &a.region, 127);
    match a.building_number.as_deref() {
        None if full => f.rule(
            missing,
            join(path, "building_number"),
            "the building number is required",
        ),
        Some(n) if !digits(n, 4) => {
            f.rule(building, join(path, "building_number"), "must be 4 digits")
        }
        _ => {}
    }
    match a.postal_zone.as_deref() {
        None if full => f.rule(
            missing,
            join(path, "postal_zone"),
            "the postal code is required",
        ),
        Some(n) if !digits(n, 5) => f.rule(postal, join(path, "postal_zone"), "must be 5 digits"),
        _ => {}
    }
    match a.district.as_deref() {
        None if full => f.rule(missing, join(path, "district"), "the district is required"),
        Some(d) => text(f, &join(path, "district"), d, 127),
        None => {}
    }
    if let Some(n) = &a.additional_number
        && !digits(n, 4)
    {
        f.push(
            ErrorKind::InvalidValue,
            join(path, "additional_number"),
            "must be 4 digits",
        );
    }
}

/// Checks the computed amounts: no negative line net, category taxable or payable amount.
pub fn check_totals(draft: &Draft, totals: &Totals) -> Vec<Problem> {
    let mut f = Findings(Vec::new());
    for (i, l) in totals.lines.iter().enumerate() {
        if l.net < Decimal::ZERO {
            f.rule(
                "BR-KSA-F-04",
                format!("lines[{i}].allowances_charges"),
                "the allowances make the line net amount negative",
            );
        }
    }
    // A negative category total comes from its document allowances (or from a negative line,
    // reported above).
    for s in &totals.subtotals {
        let allowance = draft.allowances_charges.iter().position(|a| {
            !a.charge && a.vat.category == s.category && a.vat.rate().normalize() == s.rate
        });
        if s.taxable < Decimal::ZERO
            && let Some(i) = allowance
        {
            f.rule(
                "BR-KSA-F-04",
                format!("allowances_charges[{i}].amount"),
                format!(
                    "the allowances make the taxable amount of category {} negative",
                    s.category.code()
                ),
            );
        }
    }
    if totals.payable < Decimal::ZERO {
        let path = if draft.prepayments.is_empty() {
            "payable_rounding"
        } else {
            "prepayments"
        };
        f.rule("BR-KSA-F-04", path, "the amount due is negative");
    }
    f.0
}

/// Checks the chain values: a PIH is base64 text.
pub fn check_chain(chain: &ChainFields) -> Vec<Problem> {
    let mut f = Findings(Vec::new());
    let pih = chain.pih.as_bytes();
    let valid = !pih.is_empty()
        && pih.len().is_multiple_of(4)
        && pih
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=');
    if !valid {
        f.rule(
            "BR-KSA-61",
            "chain.pih",
            "the previous invoice hash must be base64 text",
        );
    }
    f.0
}
