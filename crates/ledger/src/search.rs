//! Search: customers, items and documents by Arabic or English name, number, VAT number, date
//! range and amount. Names use FTS5 trigram indexes (substring, any script, ASCII case-folded);
//! queries shorter than three characters fall back to a scan with LIKE. Both the names and the
//! query are folded first ([`crate::text::fold`]): أحمد finds احمد, مؤسسه finds مؤسسة.

use rusqlite::types::Value;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::customers::{self, Customer};
use crate::documents::{DocumentStatus, DocumentSummary, SUMMARY_COLUMNS, read_summary};
use crate::items::{self, Item};
use crate::text::fold;
use crate::{Ledger, LedgerError, Result, Timestamp, time};

/// Documents matching every field that is set, newest first, one page at a time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentQuery {
    /// Documents whose number starts with this.
    pub number: Option<String>,
    /// Documents of customers whose Arabic or English name contains this.
    pub customer_name: Option<String>,
    /// Documents of the customer with this VAT number.
    pub vat_number: Option<String>,
    /// Issued at or after.
    pub from: Option<Timestamp>,
    /// Issued before.
    pub to: Option<Timestamp>,
    /// Total with VAT at least / at most.
    pub min_total: Option<Decimal>,
    pub max_total: Option<Decimal>,
    pub status: Option<DocumentStatus>,
    pub device_id: Option<i64>,
    /// Continue after this document (keyset paging: the last row of the previous page).
    pub after: Option<PageCursor>,
}

/// Where a page ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCursor {
    pub issued_at: Timestamp,
    pub id: i64,
}

impl PageCursor {
    pub fn of(d: &DocumentSummary) -> Self {
        Self {
            issued_at: d.issued_at,
            id: d.id,
        }
    }
}

/// How many customers a name may match before the document search narrows to the best ones.
const MAX_NAME_MATCHES: u32 = 500;

/// Up to this many matched customers, documents are found through the customer index.
const CUSTOMER_INDEX_LIMIT: usize = 64;

fn fts_phrase(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn like_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

fn glob_prefix(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        match c {
            '*' | '?' | '[' => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out.push('*');
    out
}

fn halalas(field: &'static str, d: Decimal) -> Result<i64> {
    let minor = (d * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    i64::try_from(minor).map_err(|_| LedgerError::Invalid {
        field,
        reason: format!("{d} is out of range"),
    })
}

fn prefixed(columns: &str, alias: &str) -> String {
    columns
        .split(',')
        .map(|c| format!("{alias}.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn push(filters: &mut Vec<String>, params: &mut Vec<Value>, sql: &str, v: Value) {
    params.push(v);
    filters.push(sql.replace('?', &format!("?{}", params.len())));
}

fn id_list(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

impl Ledger {
    /// Customers whose Arabic or English name contains `text`, or whose VAT number or CRN
    /// starts with it (when `text` is digits).
    pub fn search_customers(&self, text: &str, limit: u32) -> Result<Vec<Customer>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let c = prefixed(customers::COLUMNS, "c");
        let (sql, param) = if text.bytes().all(|b| b.is_ascii_digit()) {
            (
                format!(
                    "SELECT {c} FROM customers c WHERE c.vat_number GLOB ?1 OR c.crn GLOB ?1
                     ORDER BY c.id LIMIT ?2"
                ),
                glob_prefix(text),
            )
        } else if text.chars().count() >= 3 {
            (
                format!(
                    "SELECT {c} FROM customers_fts f JOIN customers c ON c.id = f.rowid
                     WHERE customers_fts MATCH ?1 ORDER BY f.rank LIMIT ?2"
                ),
                fts_phrase(&fold(text)),
            )
        } else {
            (
                format!(
                    "SELECT {c} FROM customers c
                     WHERE c.search_text LIKE ?1 ESCAPE '\\'
                     ORDER BY c.id LIMIT ?2"
                ),
                like_pattern(&fold(text)),
            )
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params![param, limit], customers::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Items whose Arabic or English name contains `text`, or whose barcode or SKU is `text`.
    pub fn search_items(&self, text: &str, limit: u32) -> Result<Vec<Item>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let c = prefixed(items::COLUMNS, "i");
        let by_code =
            format!("SELECT {c} FROM items i WHERE i.barcode = ?1 OR i.sku = ?1 LIMIT ?2");
        let mut stmt = self.conn.prepare_cached(&by_code)?;
        let exact: Vec<Item> = stmt
            .query_map(rusqlite::params![text, limit], items::read)?
            .collect::<rusqlite::Result<_>>()?;
        if !exact.is_empty() {
            return Ok(exact);
        }
        let (sql, param) = if text.chars().count() >= 3 {
            (
                format!(
                    "SELECT {c} FROM items_fts f JOIN items i ON i.id = f.rowid
                     WHERE items_fts MATCH ?1 ORDER BY f.rank LIMIT ?2"
                ),
                fts_phrase(&fold(text)),
            )
        } else {
            (
                format!(
                    "SELECT {c} FROM items i
                     WHERE i.search_text LIKE ?1 ESCAPE '\\'
                     ORDER BY i.id LIMIT ?2"
                ),
                like_pattern(&fold(text)),
            )
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params![param, limit], items::read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest `limit` documents (after `after`, for the next page).
    pub fn newest_documents(
        &self,
        after: Option<PageCursor>,
        limit: u32,
    ) -> Result<Vec<DocumentSummary>> {
        self.search_documents(
            &DocumentQuery {
                after,
                ..DocumentQuery::default()
            },
            limit,
        )
    }

    /// Documents matching `q`, newest first, at most `limit`.
    pub fn search_documents(&self, q: &DocumentQuery, limit: u32) -> Result<Vec<DocumentSummary>> {
        let mut filters: Vec<String> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        let mut customer_ids: Option<Vec<i64>> = None;
        if let Some(name) = q
            .customer_name
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let ids = self
                .search_customers(name, MAX_NAME_MATCHES)?
                .iter()
                .map(|c| c.id)
                .collect();
            customer_ids = Some(ids);
        }
        if let Some(vat) = q
            .vat_number
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT id FROM customers WHERE vat_number = ?1")?;
            let ids: Vec<i64> = stmt
                .query_map([vat], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            customer_ids = Some(match customer_ids {
                Some(prev) => prev.into_iter().filter(|i| ids.contains(i)).collect(),
                None => ids,
            });
        }
        if let Some(ids) = &customer_ids {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            // Few customers: fetch their documents by the customer index and sort. Many (a common
            // family name): walk the newest-first index and keep theirs, which stops after 50.
            let column = if ids.len() > CUSTOMER_INDEX_LIMIT {
                "+d.customer_id"
            } else {
                "d.customer_id"
            };
            filters.push(format!("{column} IN ({})", id_list(ids)));
        }
        if let Some(number) = q.number.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            push(
                &mut filters,
                &mut params,
                "d.number GLOB ?",
                Value::Text(glob_prefix(number)),
            );
        }
        if let Some(from) = &q.from {
            push(
                &mut filters,
                &mut params,
                "d.issued_at >= ?",
                Value::Text(time::to_db(from)),
            );
        }
        if let Some(to) = &q.to {
            push(
                &mut filters,
                &mut params,
                "d.issued_at < ?",
                Value::Text(time::to_db(to)),
            );
        }
        if let Some(min) = q.min_total {
            push(
                &mut filters,
                &mut params,
                "d.total_halalas >= ?",
                Value::Integer(halalas("min_total", min)?),
            );
        }
        if let Some(max) = q.max_total {
            push(
                &mut filters,
                &mut params,
                "d.total_halalas <= ?",
                Value::Integer(halalas("max_total", max)?),
            );
        }
        if let Some(status) = q.status {
            push(
                &mut filters,
                &mut params,
                "d.status = ?",
                Value::Text(status.as_str().to_owned()),
            );
        }
        if let Some(device) = q.device_id {
            push(
                &mut filters,
                &mut params,
                "d.device_id = ?",
                Value::Integer(device),
            );
        }
        if let Some(after) = &q.after {
            params.push(Value::Text(time::to_db(&after.issued_at)));
            params.push(Value::Integer(after.id));
            let n = params.len();
            filters.push(format!("(d.issued_at, d.id) < (?{}, ?{n})", n - 1));
        }
        params.push(Value::Integer(i64::from(limit)));
        let where_clause = if filters.is_empty() {
            "1".to_owned()
        } else {
            filters.join(" AND ")
        };
        // Two steps: pick the page's ids from the indexes alone (the customer and newest-first
        // indexes carry issued_at and the row id), then read only those rows.
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM documents d WHERE d.id IN (
                 SELECT d.id FROM documents d WHERE {where_clause}
                 ORDER BY d.issued_at DESC, d.id DESC LIMIT ?{})
             ORDER BY d.issued_at DESC, d.id DESC",
            params.len()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params), read_summary)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
