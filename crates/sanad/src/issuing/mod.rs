//! Issuing: what a person entered → the draft (seller from the company profile, the number
//! from the device's series, a UUID v4, the issue date and time in Saudi time) → the engine's
//! pre-flight rules (errors go back with their field paths) → ONE ledger transaction (next
//! ICV, PIH, sign with the device key, store the signed bytes) → the PDF from the stored bytes.
//!
//! Standard documents are sent for clearance at once (short timeout); the cleared XML becomes
//! the document of record, the only one printed for the buyer. Offline, a standard document
//! waits for clearance and only a preview marked "not valid until cleared" can be printed.

pub mod input;
pub mod notes;

use ledger::devices::{Device, DeviceState};
use ledger::documents::DocumentStatus;
use rust_decimal::Decimal;
use serde::Serialize;
use zatca::model::{ChainFields, DocumentKind, Draft, Flow, Line, Party, Vat, VatCategory};

pub use input::{IssueInput, LineInput, OriginalRef};

use crate::books::Books;
use crate::clock::SaudiTime;
use crate::error::{Class, Error};
use crate::events::Event;
use crate::session::Session;
use crate::submit;

/// The paper of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Paper {
    /// The 80 mm receipt (simplified documents at the counter).
    Receipt,
    A4,
}

/// How to issue.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The device; may be left out when the books have one active device.
    pub device: Option<String>,
    /// The PDF to make: none, the receipt, A4. (A standard document's is always A4.)
    pub paper: Option<Paper>,
    /// Send a standard document for clearance at once (when FATOORA is reachable).
    pub clear_now: bool,
}

/// A PDF of a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pdf {
    pub paper: Paper,
    /// A standard document not yet cleared: marked "not valid until cleared by ZATCA".
    pub preview: bool,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// What was issued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issued {
    pub document_id: i64,
    pub number: String,
    pub uuid: String,
    pub icv: i64,
    pub hash: String,
    pub kind: DocumentKind,
    pub flow: Flow,
    pub device: String,
    pub state: DocumentStatus,
    pub currency: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub total_excl_vat: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub vat_total: Decimal,
    #[serde(with = "rust_decimal::serde::str")]
    pub total_incl_vat: Decimal,
    /// ZATCA's messages of the clearance at once, if it was tried.
    pub clearance: Option<submit::Sent>,
    pub pdf: Option<Pdf>,
}

pub(crate) fn not_ready(device: &Device) -> Error {
    Error::new(
        "SANAD-DEVICE-NOT-ACTIVE",
        Class::BadInput,
        format!(
            "{} has no production CSID yet: onboard it first (sanad-cli device onboard {})",
            device.name, device.name
        ),
        format!(
            "لا توجد شهادة إنتاج للجهاز {} بعد: أكمل تسجيله أولًا",
            device.name
        ),
    )
}

/// The device to issue on: the one named, or the only active one.
pub fn pick_device(books: &Books, name: Option<&str>) -> Result<Device, Error> {
    let device = match name {
        Some(n) => books.ledger().device_by_name(n)?,
        None => {
            let active: Vec<Device> = books
                .ledger()
                .devices()?
                .into_iter()
                .filter(|d| d.state == DeviceState::Production)
                .collect();
            match active.len() {
                1 => active.into_iter().next().ok_or_else(|| no_device(0))?,
                n => return Err(no_device(n)),
            }
        }
    };
    if device.state != DeviceState::Production {
        return Err(not_ready(&device));
    }
    if let Some(reason) = &device.suspended {
        return Err(Error::new(
            "SANAD-DEVICE-SUSPENDED",
            Class::Local,
            format!("{} is suspended: {reason}", device.name),
            format!(
                "الجهاز {} موقوف: لا يمكن التثبت من موضع سلسلة فواتيره، وقد يكرر الإصدار منه قيمةً لعداد الفاتورة سبق إصدارها",
                device.name
            ),
        )
        .with_detail(reason.clone()));
    }
    Ok(device)
}

fn no_device(active: usize) -> Error {
    if active == 0 {
        Error::new(
            "SANAD-NO-DEVICE",
            Class::BadInput,
            "these books have no active device: add and onboard one (sanad-cli device add, device onboard)",
            "لا يوجد في هذه الدفاتر جهاز نشط: أضف جهازًا وسجّله أولًا",
        )
    } else {
        Error::field(
            "SANAD-DEVICE-NEEDED",
            "device",
            format!(
                "these books have {active} active devices: name the one to issue on (--device)"
            ),
            format!("عدد الأجهزة النشطة في هذه الدفاتر {active}: حدّد الجهاز الذي يُصدر منه المستند"),
        )
    }
}

/// Whether a device's title lets it issue documents of `flow`.
fn covers(device: &Device, flow: Flow) -> bool {
    let t = device.csr.invoice_types.as_bytes();
    match flow {
        Flow::Standard => t.first() == Some(&b'1'),
        Flow::Simplified => t.get(1) == Some(&b'1'),
    }
}

/// A customer of the books as the engine's buyer.
pub fn customer_party(c: &ledger::customers::Customer) -> Party {
    let f = &c.fields;
    let name = match &f.name_en {
        Some(en) if !en.trim().is_empty() && en != &f.name_ar => format!("{} | {en}", f.name_ar),
        _ => f.name_ar.clone(),
    };
    let address = f.city.as_ref().map(|city| zatca::model::Address {
        street: f.street.clone().unwrap_or_default(),
        additional_street: f.additional_street.clone(),
        building_number: f.building.clone(),
        additional_number: f.additional_number.clone(),
        district: f.district.clone(),
        city: city.clone(),
        postal_zone: f.postal_code.clone(),
        region: f.region.clone(),
        country: f.country_code.clone(),
    });
    Party {
        name,
        vat_number: f.vat_number.clone(),
        id: f.crn.clone().map(|value| zatca::model::PartyId {
            scheme: f.id_scheme.clone().unwrap_or_else(|| "CRN".to_owned()),
            value,
        }),
        address,
    }
}

/// An engine finding as an error at the field the person entered.
pub(crate) fn problem_error(p: &zatca::Problem, map: impl Fn(&str) -> String) -> Error {
    let field = map(&p.path);
    Error::field(p.code(), field, p.message.clone(), p.message_ar.clone())
}

/// Draft field paths → the input's (the seller is the company profile, the buyer the customer).
fn input_path(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("seller") {
        return format!("company{rest}");
    }
    if let Some(rest) = path.strip_prefix("buyer") {
        return format!("customer{rest}");
    }
    if path == "payment_means" {
        return "payment".to_owned();
    }
    if path == "billing_reference" {
        return "original.number".to_owned();
    }
    path.to_owned()
}

struct Built {
    draft: Draft,
    customer_id: Option<i64>,
}

fn line_of(books: &Books, i: usize, l: &LineInput) -> Result<Line, Error> {
    let field = |f: &str| format!("lines[{i}].{f}");
    let item = match (&l.item_id, &l.code) {
        (Some(id), _) => Some(books.ledger().item(*id).map_err(|_| {
            Error::field(
                "SANAD-NOT-FOUND",
                field("item_id"),
                format!("no item {id} in these books"),
                format!("لا يوجد صنف رقمه {id} في هذه الدفاتر"),
            )
        })?),
        (None, Some(code)) => Some(books.ledger().item_by_code(code).map_err(|_| {
            Error::field(
                "SANAD-NOT-FOUND",
                field("code"),
                format!("no item with barcode or SKU {code:?} in these books"),
                format!("لا يوجد صنف بالباركود أو الرمز «{code}» في هذه الدفاتر"),
            )
        })?),
        (None, None) => None,
    };
    let name = match (&l.name, &item) {
        (Some(n), _) => n.clone(),
        (None, Some(it)) => match &it.fields.name_en {
            Some(en) if !en.trim().is_empty() => format!("{} | {en}", it.fields.name_ar),
            _ => it.fields.name_ar.clone(),
        },
        (None, None) => String::new(),
    };
    let price = match (l.price, &item) {
        (Some(p), _) => p,
        (None, Some(it)) => it.fields.price,
        (None, None) => {
            return Err(Error::field(
                "SANAD-MISSING",
                field("price"),
                "a line without an item needs its unit price",
                "البند الذي لا يرتبط بصنف يحتاج إلى سعر الوحدة",
            ));
        }
    };
    let vat = match (&l.vat, &item) {
        (Some(v), _) => v.clone(),
        (None, Some(it)) => Vat {
            category: it.fields.vat_category,
            rate: Some(it.fields.vat_rate),
            exemption_reason_code: it.fields.exemption_code.clone(),
            exemption_reason: it.fields.exemption_reason.clone(),
        },
        (None, None) => Vat {
            category: VatCategory::S,
            rate: None,
            exemption_reason_code: None,
            exemption_reason: None,
        },
    };
    let unit_code = l
        .unit_code
        .clone()
        .or_else(|| item.as_ref().map(|it| it.fields.unit_code.clone()))
        .unwrap_or_else(|| "PCE".to_owned());
    let allowances_charges = match l.discount {
        Some(d) if !d.is_zero() => vec![zatca::model::LineAllowanceCharge {
            charge: false,
            reason_code: Some("95".to_owned()),
            reason: Some("Discount".to_owned()),
            amount: d,
        }],
        _ => Vec::new(),
    };
    Ok(Line {
        name,
        quantity: l.quantity,
        unit_code,
        price,
        base_quantity: None,
        price_discount: None,
        allowances_charges,
        vat,
    })
}

fn build(books: &Books, input: &IssueInput, at: SaudiTime) -> Result<Built, Vec<Error>> {
    let company = crate::company::get(books).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let buyer = match (&input.customer_id, &input.customer) {
        (Some(id), _) => match books.ledger().customer(*id) {
            Ok(c) => Some(customer_party(&c)),
            Err(_) => {
                errors.push(Error::field(
                    "SANAD-NOT-FOUND",
                    "customer_id",
                    format!("no customer {id} in these books"),
                    format!("لا يوجد عميل رقمه {id} في هذه الدفاتر"),
                ));
                None
            }
        },
        (None, Some(p)) => Some(p.clone()),
        (None, None) => None,
    };
    let flow = input.flow.unwrap_or(match &buyer {
        Some(b) if b.vat_number.is_some() => Flow::Standard,
        _ => Flow::Simplified,
    });
    let kind = input.kind.unwrap_or(DocumentKind::Invoice);
    let mut lines = Vec::new();
    for (i, l) in input.lines.iter().enumerate() {
        match line_of(books, i, l) {
            Ok(line) => lines.push(line),
            Err(e) => errors.push(e),
        }
    }
    let payment_means = match &input.payment {
        Some(p) => {
            match input::payment_code(p) {
                Some(code) => Some(code.to_owned()),
                None => {
                    errors.push(Error::field(
                    "SANAD-INVALID",
                    "payment",
                    format!("{p:?} is not cash, card, transfer, bank or other"),
                    format!("«{p}» ليست طريقة دفع معروفة: نقد أو بطاقة أو تحويل أو حساب بنكي أو أخرى"),
                ));
                    None
                }
            }
        }
        None => Some("10".to_owned()),
    };
    let mut prepayments = Vec::new();
    for (i, number) in input.prepayments.iter().enumerate() {
        match prepayment_of(books, number) {
            Ok(mut p) => prepayments.append(&mut p),
            Err(e) => errors.push(Error::field(
                e.code.clone(),
                format!("prepayments[{i}]"),
                e.en.clone(),
                e.ar.clone(),
            )),
        }
    }
    if kind.is_note() && input.original.is_none() {
        errors.push(Error::field(
            "BR-KSA-56",
            "original.number",
            "a credit or debit note names the invoice it corrects",
            "يجب أن يذكر الإشعار الدائن أو المدين رقم الفاتورة التي يعدّلها",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut notes = input.notes.clone();
    if let Some(OriginalRef {
        number,
        date: Some(date),
    }) = &input.original
    {
        notes.push(format!(
            "Original invoice {number} of {date} | الفاتورة الأصلية {number} بتاريخ {date}"
        ));
    }
    let supply = input.supply.clone().or_else(|| {
        (flow == Flow::Standard).then(|| zatca::model::Supply {
            date: at.date(),
            end_date: None,
        })
    });
    let draft = Draft {
        kind,
        flow,
        flags: input.flags,
        number: "PENDING".to_owned(),
        uuid: uuid::Uuid::new_v4().to_string(),
        issue_date: at.date(),
        issue_time: at.time(),
        currency: input.currency.clone().unwrap_or_else(|| "SAR".to_owned()),
        exchange_rate: input.exchange_rate,
        notes,
        seller: crate::company::seller(&company),
        buyer,
        billing_reference: input.original.as_ref().map(|o| o.number.clone()),
        reason: input.reason.clone(),
        supply,
        payment_means,
        purchase_order: input.purchase_order.clone(),
        contract: input.contract.clone(),
        allowances_charges: input.allowances_charges.clone(),
        prepayments,
        payable_rounding: None,
        lines,
    };
    Ok(Built {
        draft,
        customer_id: input.customer_id,
    })
}

/// The prepayment invoice `number` of these books, as the deduction lines of a final invoice
/// (one per VAT category it carried).
fn prepayment_of(books: &Books, number: &str) -> Result<Vec<zatca::model::Prepayment>, Error> {
    let doc = books.ledger().document_by_number(number)?;
    if doc.summary.kind != DocumentKind::Prepayment {
        return Err(Error::new(
            "SANAD-NOT-PREPAYMENT",
            Class::BadInput,
            format!("{number} is not a prepayment invoice"),
            format!("المستند {number} ليس فاتورة دفعة مقدمة"),
        ));
    }
    let parsed = zatca::ubl::parse(doc.document_of_record()).map_err(|e| {
        Error::new(
            "SANAD-LEDGER",
            Class::Local,
            format!("the stored prepayment invoice {number} cannot be read"),
            format!("تعذّرت قراءة فاتورة الدفعة المقدمة {number}"),
        )
        .with_detail(e.to_string())
    })?;
    let totals = zatca::calc::totals(&parsed.draft);
    Ok(totals
        .subtotals
        .iter()
        .map(|s| zatca::model::Prepayment {
            number: number.to_owned(),
            uuid: Some(doc.summary.uuid.clone()),
            issue_date: parsed.draft.issue_date,
            issue_time: parsed.draft.issue_time,
            description: format!("Prepayment {number} | دفعة مقدمة {number}"),
            taxable_amount: s.taxable,
            vat: Vat {
                category: s.category,
                rate: Some(s.rate),
                exemption_reason_code: s.exemption_reason_code.clone(),
                exemption_reason: s.exemption_reason.clone(),
            },
        })
        .collect())
}

/// Checks a draft with every pre-flight rule; the findings as errors at the input's fields.
pub(crate) fn preflight(draft: &Draft, map: impl Fn(&str) -> String) -> Result<(), Vec<Error>> {
    zatca::compute(draft)
        .map(|_| ())
        .map_err(|e| e.problems.iter().map(|p| problem_error(p, &map)).collect())
}

/// What the engine and the ledger need to issue one draft.
pub(crate) struct Request<'a> {
    pub draft: Draft,
    pub device: &'a Device,
    pub customer_id: Option<i64>,
    pub original_number: Option<String>,
}

/// The one ledger transaction: next ICV and PIH, the number, sign, store.
pub(crate) fn commit(
    s: &Session,
    req: Request<'_>,
    at: SaudiTime,
) -> Result<(ledger::Issued, zatca::Totals), Error> {
    let books = &s.books;
    let device = req.device;
    if !covers(device, req.draft.flow) {
        return Err(Error::new(
            "certificate-permissions",
            Class::BadInput,
            format!(
                "{} may issue only the documents of its type {} (its certificate does not \
                 cover {} documents)",
                device.name, device.csr.invoice_types, req.draft.flow
            ),
            format!(
                "لا تغطي شهادة الجهاز {} هذا النوع من المستندات؛ استخدم جهازًا آخر أو سجّل جهازًا يشملها",
                device.name
            ),
        ));
    }
    let series = device.series_code.clone().ok_or_else(|| {
        Error::new(
            "SANAD-DEVICE-SERIES",
            Class::Local,
            format!("{} has no number series", device.name),
            format!("لا يوجد تسلسل ترقيم للجهاز {}", device.name),
        )
    })?;
    let signer = s.keys.signer(books, device)?;
    let ledger_req = ledger::IssueRequest {
        device_id: device.id,
        series,
        kind: req.draft.kind,
        flow: req.draft.flow,
        issued_at: at.utc,
        customer_id: req.customer_id,
        original_number: req.original_number,
        draft_id: None,
    };
    let mut draft = req.draft;
    let mut totals = None;
    let issued = books
        .ledger()
        .issue(&ledger_req, |slot| {
            let local = SaudiTime::of(slot.issued_at);
            draft.number.clone_from(&slot.number);
            draft.issue_date = local.date();
            draft.issue_time = local.time();
            let chain = ChainFields {
                icv: u64::try_from(slot.icv).unwrap_or_default(),
                pih: slot.pih.clone(),
            };
            let prepared = zatca::prepare(&draft, &chain).map_err(|e| e.to_string())?;
            let signed = zatca::stamp::sign(&prepared.xml, &signer, local.local)
                .map_err(|e| e.to_string())?;
            totals = Some(prepared.totals.clone());
            Ok::<_, String>(ledger::SignedDocument {
                xml: signed.xml,
                hash: signed.hash.to_base64(),
                qr: signed.qr,
                uuid: draft.uuid.clone(),
                currency: draft.currency.clone(),
                totals: prepared.totals,
            })
        })
        .map_err(|e| match e {
            ledger::IssueError::Ledger(l) => Error::from(l),
            ledger::IssueError::Sign(s) => Error::new(
                "SANAD-SIGN",
                Class::Local,
                "the document could not be signed",
                "تعذّر توقيع المستند",
            )
            .with_detail(s),
        })?;
    let totals = totals.ok_or_else(|| {
        Error::new(
            "SANAD-SIGN",
            Class::Local,
            "the document could not be signed",
            "تعذّر توقيع المستند",
        )
    })?;
    Ok((issued, totals))
}

/// Renders the document of record: the cleared XML of a cleared standard document, the signed
/// XML of a simplified one; a standard document not yet cleared only as a marked preview.
pub fn pdf(books: &Books, document_id: i64, paper: Paper) -> Result<Pdf, Error> {
    let doc = books.ledger().document(document_id)?;
    let standard = doc.summary.flow == Flow::Standard;
    let preview = standard && doc.cleared_xml.is_none();
    let paper = if standard { Paper::A4 } else { paper };
    let layout = match paper {
        Paper::Receipt => print::Layout::Receipt,
        Paper::A4 => print::Layout::A4,
    };
    let bytes = print::render(
        doc.document_of_record(),
        layout,
        &print::Options {
            preview,
            ..print::Options::default()
        },
    )
    .map_err(|e| {
        Error::new(
            "SANAD-PRINT",
            Class::Local,
            "the PDF could not be made",
            "تعذّر إنشاء ملف PDF",
        )
        .with_detail(e.to_string())
    })?;
    Ok(Pdf {
        paper,
        preview,
        bytes,
    })
}

/// What an issued document is, for [`finish`].
pub(crate) struct Done<'a> {
    pub device: &'a Device,
    pub issued: ledger::Issued,
    pub totals: zatca::Totals,
    pub kind: DocumentKind,
    pub flow: Flow,
    pub currency: String,
}

/// Finishes an issued document: the event, clearance at once for a standard one, the PDF.
pub(crate) async fn finish(s: &Session, done: Done<'_>, opts: &Options) -> Result<Issued, Error> {
    let Done {
        device,
        issued,
        totals,
        kind,
        flow,
        currency,
    } = done;
    s.events.send(Event::Document {
        document_id: issued.document_id,
        number: issued.number.clone(),
        device: device.name.clone(),
        status: DocumentStatus::Queued,
    });
    let mut clearance = None;
    let mut state = DocumentStatus::Queued;
    if flow == Flow::Standard && opts.clear_now && s.fatoora.is_some() {
        let sent = submit::send_one(s, issued.document_id).await?;
        state = sent.status;
        clearance = Some(sent);
    }
    let pdf = match opts.paper {
        Some(paper) => Some(pdf(&s.books, issued.document_id, paper)?),
        None => None,
    };
    Ok(Issued {
        document_id: issued.document_id,
        number: issued.number,
        uuid: issued.uuid,
        icv: issued.icv,
        hash: issued.hash,
        kind,
        flow,
        device: device.name.clone(),
        state,
        currency,
        total_excl_vat: totals.tax_exclusive,
        vat_total: totals.tax_total,
        total_incl_vat: totals.tax_inclusive,
        clearance,
        pdf,
    })
}

/// Issues a document from what a person entered.
pub async fn issue(s: &Session, input: &IssueInput, opts: &Options) -> Result<Issued, Vec<Error>> {
    let books = &s.books;
    let device = pick_device(books, opts.device.as_deref()).map_err(|e| vec![e])?;
    let at = SaudiTime::now(books.clock());
    let built = build(books, input, at)?;
    preflight(&built.draft, input_path)?;
    let (kind, flow, currency) = (
        built.draft.kind,
        built.draft.flow,
        built.draft.currency.clone(),
    );
    let original_number = built.draft.billing_reference.clone();
    let (issued, totals) = commit(
        s,
        Request {
            draft: built.draft,
            device: &device,
            customer_id: built.customer_id,
            original_number,
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
