//! The chain allocator: for one device, in ONE transaction, take the next ICV, take PIH = the
//! last stored document's hash (or the genesis PIH), take the next number of the series, let the
//! caller sign, store the exact signed bytes, commit.
//!
//! `BEGIN IMMEDIATE` takes SQLite's write lock before the chain head is read, so threads and
//! processes issuing at once are serialised: no gap, no duplicate. If signing fails or the process
//! dies before the commit, nothing of the slot remains and the next issue takes the same ICV (the
//! uncommitted document was never acknowledged, so it was never printed or sent).

use base64::Engine;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::audit::{AuditAction, AuditEntity};
use crate::devices::{self, DeviceState};
use crate::guard::ChainGuard;
use crate::{Ledger, LedgerError, Timestamp, audit, series, time};
use zatca::model::{DocumentKind, Flow};

/// PIH of a device's first document: base64 of the hex text of sha256("0").
pub const GENESIS_PIH: &str =
    "NWZlY2ViNjZmZmM4NmYzOGQ5NTI3ODZjNmQ2OTZjNzljMmRiYzIzOWRkNGU5MWI0NjcyOWQ3M2EyN2ZiNTdlOQ==";

/// What to issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssueRequest {
    pub device_id: i64,
    /// Series code whose next number the document takes.
    pub series: String,
    pub kind: DocumentKind,
    pub flow: Flow,
    /// Issue date and time (the signer writes it into the document).
    pub issued_at: Timestamp,
    pub customer_id: Option<i64>,
    /// For credit and debit notes: the number of the document they correct.
    pub original_number: Option<String>,
    /// The draft this document comes from; it is removed in the same transaction.
    pub draft_id: Option<i64>,
}

/// The chain fields handed to the signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainSlot {
    pub device_id: i64,
    pub icv: i64,
    /// Previous invoice hash (base64), or [`GENESIS_PIH`].
    pub pih: String,
    /// The user-visible number (`cbc:ID`).
    pub number: String,
    pub issued_at: Timestamp,
}

/// What the signer returns: the exact signed bytes and what was computed over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedDocument {
    pub xml: Vec<u8>,
    /// Invoice hash, base64 of the 32-byte SHA-256 (the next document's PIH).
    pub hash: String,
    /// QR payload (base64 TLV text).
    pub qr: String,
    pub uuid: String,
    /// The document currency (`cbc:DocumentCurrencyCode`).
    pub currency: String,
    /// The engine's totals of the signed document; the ledger keeps the amounts without VAT,
    /// of VAT and with VAT, as the XML states them.
    pub totals: zatca::Totals,
}

/// A stored document's chain position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub document_id: i64,
    pub icv: i64,
    pub pih: String,
    pub hash: String,
    pub number: String,
    pub uuid: String,
}

/// Issuing fails either in the ledger or in the caller's signer.
#[derive(Debug, thiserror::Error)]
pub enum IssueError<E> {
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error("signing failed: {0}")]
    Sign(E),
}

impl<E> From<rusqlite::Error> for IssueError<E> {
    fn from(e: rusqlite::Error) -> Self {
        Self::Ledger(e.into())
    }
}

fn mismatch<E>(what: String) -> IssueError<E> {
    IssueError::Ledger(LedgerError::SlotMismatch(what))
}

/// The signed bytes must say what the slot and the request say: ICV, PIH, number, UUID, kind
/// (`InvoiceTypeCode` 388/381/383/386) and flow (the type name's first two characters), read by
/// the engine's streaming reader.
fn check_signed<E>(
    req: &IssueRequest,
    slot: &ChainSlot,
    s: &SignedDocument,
) -> Result<(), IssueError<E>> {
    let digest = base64::engine::general_purpose::STANDARD.decode(&s.hash);
    if !matches!(digest, Ok(ref d) if d.len() == 32) {
        return Err(mismatch(format!(
            "hash {:?} is not base64 of 32 bytes",
            s.hash
        )));
    }
    if uuid::Uuid::parse_str(&s.uuid).is_err() {
        return Err(mismatch(format!("uuid {:?} is not a UUID", s.uuid)));
    }
    if s.qr.is_empty() {
        return Err(mismatch("the QR is empty".to_owned()));
    }
    let said = zatca::stamp::document_chain(&s.xml)
        .map_err(|e| mismatch(format!("the signed bytes cannot be read: {e}")))?;
    let icv = slot.icv.to_string();
    if said.icv.as_deref() != Some(icv.as_str()) {
        return Err(mismatch(format!(
            "the signed bytes carry ICV {:?}, not ICV {}",
            said.icv, slot.icv
        )));
    }
    if said.pih.as_deref() != Some(slot.pih.as_str()) {
        return Err(mismatch(
            "the signed bytes do not carry the slot's PIH".to_owned(),
        ));
    }
    if said.number.as_deref() != Some(slot.number.as_str()) {
        return Err(mismatch(format!(
            "the signed bytes carry number {:?}, not number {}",
            said.number, slot.number
        )));
    }
    // The QR is read from the stored bytes, so the bytes must carry the one given.
    if said.qr.as_deref() != Some(s.qr.as_str()) {
        return Err(mismatch(
            "the signed bytes do not carry the document's QR".to_owned(),
        ));
    }
    if said.uuid.as_deref() != Some(s.uuid.as_str()) {
        return Err(mismatch(format!(
            "the signed bytes carry UUID {:?}, not UUID {}",
            said.uuid, s.uuid
        )));
    }
    let kind = said
        .type_code
        .as_deref()
        .and_then(DocumentKind::from_type_code);
    if kind != Some(req.kind) {
        return Err(mismatch(format!(
            "the signed bytes are of type code {:?}, not a {} ({})",
            said.type_code,
            req.kind.as_str(),
            req.kind.type_code()
        )));
    }
    let prefix = req.flow.type_name_prefix();
    if !said
        .type_name
        .as_deref()
        .is_some_and(|n| n.starts_with(prefix))
    {
        return Err(mismatch(format!(
            "the signed bytes' type name {:?} is not of a {} document ({prefix}…)",
            said.type_name,
            req.flow.as_str()
        )));
    }
    Ok(())
}

fn halalas(amount: Decimal) -> Option<i64> {
    let minor = (amount * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    i64::try_from(minor).ok()
}

/// The result of looking at a device before issuing on it.
enum Readiness {
    Ready {
        uuid: String,
        next_icv: i64,
        pih: String,
    },
    /// The books end below the guard: suspend (and commit that) and refuse.
    RolledBack(LedgerError),
}

fn readiness(
    tx: &Connection,
    guard: &ChainGuard,
    device_id: i64,
) -> Result<Readiness, LedgerError> {
    let device = devices::get(tx, device_id)?;
    let refuse = |reason: String| LedgerError::DeviceCannotIssue {
        device: device.name.clone(),
        reason,
    };
    match device.state {
        DeviceState::Production => {}
        DeviceState::Retired => return Err(refuse("it is retired".to_owned())),
        DeviceState::New | DeviceState::Compliance => {
            return Err(refuse("it has no production CSID yet".to_owned()));
        }
    }
    if let Some(note) = &device.suspended {
        return Err(refuse(format!("its chain is suspended: {note}")));
    }
    let head = devices::head(tx, device_id)?;
    let last_icv = head.as_ref().map_or(0, |h| h.icv);
    if let Some(mark) = guard.mark(&device.uuid)?
        && mark.icv > last_icv + 1
    {
        let reason = format!(
            "the books end at ICV {last_icv} but the chain guard has seen ICV {}; the ledger was \
             rolled back outside Sanad",
            mark.icv
        );
        devices::suspend(tx, "ledger", &device, &reason)?;
        return Ok(Readiness::RolledBack(LedgerError::ChainRolledBack {
            device: device.name,
            ledger_icv: last_icv,
            guard_icv: mark.icv,
        }));
    }
    Ok(Readiness::Ready {
        uuid: device.uuid,
        next_icv: last_icv + 1,
        pih: head.map_or_else(|| GENESIS_PIH.to_owned(), |h| h.hash),
    })
}

fn validate<E>(req: &IssueRequest) -> Result<(), IssueError<E>> {
    if req.kind.is_note() && req.original_number.as_deref().is_none_or(str::is_empty) {
        return Err(IssueError::Ledger(LedgerError::Invalid {
            field: "original_number",
            reason: format!("a {} must name the document it corrects", req.kind.as_str()),
        }));
    }
    Ok(())
}

/// Stores one document in `tx`. The caller raises the guard and commits.
fn issue_in<E>(
    tx: &Transaction<'_>,
    actor: &str,
    bodies: &crate::body::Bodies,
    next_icv: i64,
    pih: String,
    req: &IssueRequest,
    sign: impl FnOnce(&ChainSlot) -> Result<SignedDocument, E>,
) -> Result<Issued, IssueError<E>> {
    validate(req)?;
    if let Some(customer) = req.customer_id {
        crate::customers::get(tx, customer)?;
    }
    // The original may predate Sanad (then only its number is kept).
    let original_id: Option<i64> = match &req.original_number {
        Some(n) => tx
            .query_row("SELECT id FROM documents WHERE number = ?1", [n], |r| {
                r.get(0)
            })
            .optional()?,
        None => None,
    };
    let (series_id, seq, number) = series::take(tx, &req.series)?;
    let slot = ChainSlot {
        device_id: req.device_id,
        icv: next_icv,
        pih,
        number,
        issued_at: req.issued_at,
    };
    let signed = sign(&slot).map_err(IssueError::Sign)?;
    check_signed(req, &slot, &signed)?;
    let total_halalas = halalas(signed.totals.tax_inclusive).ok_or_else(|| {
        mismatch(format!(
            "total {} is out of range",
            signed.totals.tax_inclusive
        ))
    })?;
    let now = time::now();
    tx.execute(
        "INSERT INTO documents (device_id, icv, pih, hash, uuid, series_id, seq, number, kind, flow,
             issued_at, customer_id, original_id, original_number, currency, total_excl_vat,
             vat_total, total_incl_vat, total_halalas, status, status_at, route, due_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
             ?19, 'queued', ?20, ?21, ?22)",
        params![
            req.device_id,
            slot.icv,
            slot.pih,
            signed.hash,
            signed.uuid,
            series_id,
            seq,
            slot.number,
            req.kind.as_str(),
            req.flow.as_str(),
            time::to_db(&req.issued_at),
            req.customer_id,
            original_id,
            req.original_number,
            signed.currency,
            signed.totals.tax_exclusive.to_string(),
            signed.totals.tax_total.to_string(),
            signed.totals.tax_inclusive.to_string(),
            total_halalas,
            now,
            req.flow.route().as_str(),
            time::to_db(&crate::queue::due_at(req.flow, req.issued_at))
        ],
    )?;
    let document_id = tx.last_insert_rowid();
    let body = bodies.compress(tx, req.flow, &signed.xml)?;
    tx.prepare_cached(
        "INSERT INTO document_bodies (document_id, signed_xml, codec, dict) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        document_id,
        body.signed,
        body.codec.as_str(),
        body.dict
    ])?;
    if let Some(draft) = req.draft_id {
        tx.execute("DELETE FROM drafts WHERE id = ?1", [draft])?;
    }
    let detail = format!("{} ICV {} {}", slot.number, slot.icv, signed.hash);
    audit::append(
        tx,
        actor,
        AuditAction::Issue,
        AuditEntity::Document,
        &document_id.to_string(),
        &detail,
    )?;
    Ok(Issued {
        document_id,
        icv: slot.icv,
        pih: slot.pih,
        hash: signed.hash,
        number: slot.number,
        uuid: signed.uuid,
    })
}

impl Ledger {
    /// Issues one document on a device: next ICV, PIH, number, `sign`, store, commit — all in one
    /// transaction. Returns only after the document is durably on disk.
    ///
    /// `sign` runs while the device's write lock is held: keep it to preparing and signing.
    pub fn issue<E>(
        &mut self,
        req: &IssueRequest,
        sign: impl FnOnce(&ChainSlot) -> Result<SignedDocument, E>,
    ) -> Result<Issued, IssueError<E>> {
        let mut done = self.issue_many(req.device_id, std::iter::once((req, sign)))?;
        done.pop()
            .ok_or_else(|| mismatch("nothing was issued".to_owned()))
    }

    /// Issues several documents on one device in ONE transaction (imports, bulk loads): one
    /// commit instead of one per document, same chain rules. All or nothing.
    pub fn issue_many<'r, E, S>(
        &mut self,
        device_id: i64,
        requests: impl IntoIterator<Item = (&'r IssueRequest, S)>,
    ) -> Result<Vec<Issued>, IssueError<E>>
    where
        S: FnOnce(&ChainSlot) -> Result<SignedDocument, E>,
    {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (uuid, mut next_icv, mut pih) = match readiness(&tx, &self.guard, device_id)? {
            Readiness::Ready {
                uuid,
                next_icv,
                pih,
            } => (uuid, next_icv, pih),
            Readiness::RolledBack(e) => {
                tx.commit()?;
                return Err(e.into());
            }
        };
        let mut issued = Vec::new();
        for (req, sign) in requests {
            if req.device_id != device_id {
                return Err(IssueError::Ledger(LedgerError::Invalid {
                    field: "device_id",
                    reason: "every document of one batch is issued on the same device".to_owned(),
                }));
            }
            let one = issue_in(&tx, &self.actor, &self.bodies, next_icv, pih, req, sign)?;
            next_icv = one.icv + 1;
            pih = one.hash.clone();
            issued.push(one);
        }
        if let Some(last) = issued.last() {
            // The guard learns of the slot before the books commit it: it is never behind them.
            self.guard.raise(&uuid, last.icv, &last.hash)?;
        }
        tx.commit()?;
        Ok(issued)
    }
}
