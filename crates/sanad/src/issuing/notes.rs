//! Credit and debit notes: from an invoice of these books (chosen lines and quantities, or an
//! amount) with a reason, or against an invoice made before Sanad (its number and date typed
//! in). A credit note larger than what is left to credit on the original, after earlier notes,
//! is refused.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use zatca::model::{DocumentKind, Draft, Flow, Line, LineAllowanceCharge, Vat, VatCategory};

use super::{Done, Issued, Options, Request, commit, finish, pick_device, preflight};
use crate::clock::SaudiTime;
use crate::error::{Class, Error};
use crate::session::Session;

/// A note to issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    /// The number of the invoice the note corrects.
    pub of: String,
    /// Its issue date, when it was made before Sanad (not in these books).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of_date: Option<NaiveDate>,
    /// Credit (true) or debit (false).
    pub credit: bool,
    pub reason: String,
    /// Lines of the original (1-based) and the quantity each note line takes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<NoteLine>,
    /// Or an amount without VAT, in the original's currency and VAT category.
    #[serde(
        default,
        with = "rust_decimal::serde::str_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub amount: Option<Decimal>,
    /// For an invoice made before Sanad: its flow (simplified by default), its customer (for a
    /// standard one) and its VAT (standard rate by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flow: Option<Flow>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat: Option<Vat>,
}

/// One line of a note: a line of the original and a quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteLine {
    /// 1 for the original's first line.
    pub line: usize,
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
}

fn bad(field: impl Into<String>, en: impl Into<String>, ar: impl Into<String>) -> Error {
    Error::field("SANAD-NOTE", field, en, ar)
}

/// What a note starts from.
struct Original {
    draft: Draft,
    customer_id: Option<i64>,
    /// Left to credit (total with VAT) after the notes issued so far; `None` when unknown.
    left: Option<Decimal>,
}

fn from_books(s: &Session, number: &str) -> Result<Option<Original>, Error> {
    let doc = match s.books.ledger().document_by_number(number) {
        Ok(d) => d,
        Err(ledger::LedgerError::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    if doc.summary.kind.is_note() {
        return Err(bad(
            "of",
            format!("{number} is itself a note: a note corrects an invoice"),
            format!("المستند {number} إشعار بحد ذاته، والإشعار لا يُصدر إلا على فاتورة"),
        ));
    }
    let parsed = zatca::ubl::parse(doc.document_of_record()).map_err(|e| {
        Error::new(
            "SANAD-LEDGER",
            Class::Local,
            format!("the stored invoice {number} cannot be read"),
            format!("تعذّرت قراءة الفاتورة {number}"),
        )
        .with_detail(e.to_string())
    })?;
    let mut left = doc.summary.total_incl_vat;
    for n in s.books.ledger().notes_of(number)? {
        if n.status == ledger::documents::DocumentStatus::Rejected {
            continue;
        }
        match n.kind {
            DocumentKind::CreditNote => left -= n.total_incl_vat,
            DocumentKind::DebitNote => left += n.total_incl_vat,
            _ => {}
        }
    }
    Ok(Some(Original {
        draft: parsed.draft,
        customer_id: doc.summary.customer_id,
        left: Some(left),
    }))
}

fn prorate(amount: Decimal, part: Decimal, whole: Decimal) -> Decimal {
    if whole.is_zero() {
        return Decimal::ZERO;
    }
    zatca::calc::round2(amount * part / whole)
}

fn note_lines(n: &NoteInput, original: &Draft) -> Result<Vec<Line>, Vec<Error>> {
    let mut errors = Vec::new();
    let mut lines = Vec::new();
    if n.lines.is_empty() == n.amount.is_none() {
        return Err(vec![bad(
            "lines",
            "give either lines of the original with their quantities, or an amount",
            "حدّد إما بنودًا من الفاتورة الأصلية مع كمياتها، وإما مبلغًا",
        )]);
    }
    for (i, nl) in n.lines.iter().enumerate() {
        let field = format!("lines[{i}]");
        let Some(orig) = nl.line.checked_sub(1).and_then(|k| original.lines.get(k)) else {
            errors.push(bad(
                format!("{field}.line"),
                format!(
                    "the original has {} lines; there is no line {}",
                    original.lines.len(),
                    nl.line
                ),
                format!(
                    "عدد بنود الفاتورة الأصلية {}، ولا يوجد فيها البند رقم {}",
                    original.lines.len(),
                    nl.line
                ),
            ));
            continue;
        };
        if nl.quantity <= Decimal::ZERO || (n.credit && nl.quantity > orig.quantity) {
            errors.push(bad(
                format!("{field}.quantity"),
                format!(
                    "the quantity must be more than 0 and at most the original's {}",
                    orig.quantity
                ),
                format!(
                    "يجب أن تكون الكمية أكبر من صفر ولا تزيد على كميتها في الفاتورة الأصلية ({})",
                    orig.quantity
                ),
            ));
            continue;
        }
        let mut line = orig.clone();
        line.allowances_charges = orig
            .allowances_charges
            .iter()
            .map(|a| LineAllowanceCharge {
                amount: prorate(a.amount, nl.quantity, orig.quantity),
                ..a.clone()
            })
            .filter(|a| !a.amount.is_zero())
            .collect();
        line.quantity = nl.quantity;
        lines.push(line);
    }
    if let Some(amount) = n.amount {
        if amount <= Decimal::ZERO {
            errors.push(bad(
                "amount",
                "the amount must be more than 0",
                "يجب أن يكون المبلغ أكبر من صفر",
            ));
        }
        let mut categories: Vec<&Vat> = Vec::new();
        for l in &original.lines {
            if !categories
                .iter()
                .any(|v| v.category == l.vat.category && v.rate() == l.vat.rate())
            {
                categories.push(&l.vat);
            }
        }
        let vat = match (n.vat.as_ref(), categories.as_slice()) {
            (Some(v), _) => v.clone(),
            (None, [one]) => (*one).clone(),
            (None, []) => Vat {
                category: VatCategory::S,
                rate: None,
                exemption_reason_code: None,
                exemption_reason: None,
            },
            (None, _) => {
                errors.push(bad(
                    "amount",
                    "the original has several VAT rates: choose its lines instead of an amount",
                    "في الفاتورة الأصلية أكثر من نسبة ضريبة: اختر بنودها بدلًا من المبلغ",
                ));
                return Err(errors);
            }
        };
        lines.push(Line {
            name: format!("Adjustment to {} | تعديل على {}", n.of, n.of),
            quantity: Decimal::ONE,
            unit_code: "PCE".to_owned(),
            price: amount,
            base_quantity: None,
            price_discount: None,
            allowances_charges: Vec::new(),
            vat,
        });
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        Err(errors)
    }
}

/// Issues a credit or debit note.
pub async fn note(s: &Session, n: &NoteInput, opts: &Options) -> Result<Issued, Vec<Error>> {
    let books = &s.books;
    if n.reason.trim().is_empty() {
        return Err(vec![Error::field(
            "BR-KSA-17",
            "reason",
            "a note says why it is issued (the reason)",
            "يجب أن يذكر الإشعار سبب إصداره",
        )]);
    }
    let device = pick_device(books, opts.device.as_deref()).map_err(|e| vec![e])?;
    let at = SaudiTime::now(books.clock());
    let company = crate::company::get(books).map_err(|e| vec![e])?;
    let original = match (from_books(s, &n.of).map_err(|e| vec![e])?, n.of_date) {
        (Some(o), _) => o,
        (None, Some(date)) => {
            let buyer = match n.customer_id {
                Some(id) => Some(super::customer_party(
                    &books
                        .ledger()
                        .customer(id)
                        .map_err(|e| vec![Error::from(e)])?,
                )),
                None => None,
            };
            let mut draft = crate::onboarding::compliance::draft(
                &zatca::api::ComplianceStep::SimplifiedInvoice,
                &crate::company::seller(&company),
                &n.of,
                "",
                chrono::NaiveDateTime::new(date, chrono::NaiveTime::MIN),
            );
            draft.flow = n.flow.unwrap_or(Flow::Simplified);
            draft.buyer = buyer;
            draft.lines.clear();
            Original {
                draft,
                customer_id: n.customer_id,
                left: None,
            }
        }
        (None, None) => {
            return Err(vec![bad(
                "of",
                format!(
                    "no invoice {} in these books; for an invoice made before Sanad give its \
                     date too (--of-date)",
                    n.of
                ),
                format!(
                    "لا توجد الفاتورة {} في هذه الدفاتر؛ إن صدرت قبل سند فأدخل تاريخها أيضًا",
                    n.of
                ),
            )]);
        }
    };
    if n.of_date.is_some() && !n.lines.is_empty() && original.left.is_none() {
        return Err(vec![bad(
            "lines",
            "Sanad does not know the lines of an invoice made before it: give an amount",
            "لا يعرف سند بنود فاتورة صدرت قبله: أدخل مبلغًا",
        )]);
    }
    let lines = note_lines(n, &original.draft)?;
    let o = original.draft;
    let mut notes = Vec::new();
    if let Some(date) = n.of_date {
        notes.push(format!(
            "Original invoice {} of {date} | الفاتورة الأصلية {} بتاريخ {date}",
            n.of, n.of
        ));
    }
    let draft = Draft {
        kind: if n.credit {
            DocumentKind::CreditNote
        } else {
            DocumentKind::DebitNote
        },
        flow: o.flow,
        flags: o.flags,
        number: "PENDING".to_owned(),
        uuid: uuid::Uuid::new_v4().to_string(),
        issue_date: at.date(),
        issue_time: at.time(),
        currency: o.currency,
        exchange_rate: o.exchange_rate,
        notes,
        seller: crate::company::seller(&company),
        buyer: o.buyer,
        billing_reference: Some(n.of.clone()),
        reason: Some(n.reason.clone()),
        supply: (o.flow == Flow::Standard).then(|| zatca::model::Supply {
            date: at.date(),
            end_date: None,
        }),
        payment_means: o.payment_means.or_else(|| Some("10".to_owned())),
        purchase_order: None,
        contract: None,
        allowances_charges: Vec::new(),
        prepayments: Vec::new(),
        payable_rounding: None,
        lines,
    };
    let map = |p: &str| {
        if let Some(rest) = p.strip_prefix("buyer") {
            format!("customer{rest}")
        } else if p == "billing_reference" {
            "of".to_owned()
        } else {
            p.to_owned()
        }
    };
    preflight(&draft, map)?;
    if n.credit
        && let Some(left) = original.left
    {
        let totals = zatca::compute(&draft).map_err(|e| {
            e.problems
                .iter()
                .map(|p| super::problem_error(p, map))
                .collect::<Vec<_>>()
        })?;
        if totals.tax_inclusive > left {
            return Err(vec![Error::field(
                "SANAD-CREDIT-EXCEEDS",
                if n.amount.is_some() {
                    "amount"
                } else {
                    "lines"
                },
                format!(
                    "this credit note is {} {} with VAT, but only {} {} is left to credit on {} \
                     after its earlier notes",
                    totals.tax_inclusive, draft.currency, left, draft.currency, n.of
                ),
                format!(
                    "قيمة هذا الإشعار الدائن {} شاملة الضريبة، ولم يبقَ من الفاتورة {} بعد الإشعارات السابقة إلا {}",
                    totals.tax_inclusive, n.of, left
                ),
            )]);
        }
    }
    let (kind, flow, currency) = (draft.kind, draft.flow, draft.currency.clone());
    let (issued, totals) = commit(
        s,
        Request {
            draft,
            device: &device,
            customer_id: original.customer_id,
            original_number: Some(n.of.clone()),
        },
        at,
    )
    .map_err(|e| vec![e])?;
    finish(
        s,
        Done {
            device: &device,
            issued,
            totals,
            kind,
            flow,
            currency,
        },
        opts,
    )
    .await
    .map_err(|e| vec![e])
}
