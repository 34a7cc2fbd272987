//! Items: Arabic and English names, unit, price, VAT category and exemption, barcode/SKU.

use rusqlite::{OptionalExtension, params};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use zatca::model::VatCategory;

use crate::audit::{AuditAction, AuditEntity};
use crate::company::check_name;
use crate::documents::{decimal, word};
use crate::text::search_text;
use crate::{Ledger, LedgerError, Result, audit, time};

/// An item's fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ItemFields {
    pub name_ar: String,
    pub name_en: Option<String>,
    pub unit_code: String,
    /// The unit price before VAT.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub price: Decimal,
    pub vat_category: VatCategory,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub vat_rate: Decimal,
    pub exemption_code: Option<String>,
    pub exemption_reason: Option<String>,
    pub barcode: Option<String>,
    pub sku: Option<String>,
}

/// A stored item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Item {
    pub id: i64,
    #[serde(flatten)]
    pub fields: ItemFields,
}

pub(crate) const COLUMNS: &str = "id, name_ar, name_en, unit_code, price, vat_category, vat_rate,
    exemption_code, exemption_reason, barcode, sku";

pub(crate) fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Item> {
    Ok(Item {
        id: r.get(0)?,
        fields: ItemFields {
            name_ar: r.get(1)?,
            name_en: r.get(2)?,
            unit_code: r.get(3)?,
            price: decimal(r, 4)?,
            vat_category: word(r, 5)?,
            vat_rate: decimal(r, 6)?,
            exemption_code: r.get(7)?,
            exemption_reason: r.get(8)?,
            barcode: r.get(9)?,
            sku: r.get(10)?,
        },
    })
}

fn check(i: &ItemFields) -> Result<()> {
    check_name("item.name_ar", &i.name_ar)?;
    if i.price.is_sign_negative() {
        return Err(LedgerError::Invalid {
            field: "item.price",
            reason: "must not be negative".to_owned(),
        });
    }
    if i.vat_category != VatCategory::S && i.exemption_code.is_none() {
        return Err(LedgerError::Invalid {
            field: "item.exemption_code",
            reason: format!("category {} needs an exemption reason code", i.vat_category),
        });
    }
    Ok(())
}

impl Ledger {
    /// Adds an item.
    pub fn add_item(&mut self, i: &ItemFields) -> Result<Item> {
        check(i)?;
        let id = self.write(|tx, actor| {
            let now = time::now();
            tx.execute(
                "INSERT INTO items (name_ar, name_en, unit_code, price, vat_category, vat_rate,
                     exemption_code, exemption_reason, barcode, sku, created_at, updated_at,
                     search_text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12)",
                params![
                    i.name_ar,
                    i.name_en,
                    i.unit_code,
                    i.price.to_string(),
                    i.vat_category.as_str(),
                    i.vat_rate.to_string(),
                    i.exemption_code,
                    i.exemption_reason,
                    i.barcode,
                    i.sku,
                    now,
                    search_text(&i.name_ar, i.name_en.as_deref())
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                actor,
                AuditAction::Add,
                AuditEntity::Item,
                &id.to_string(),
                &serde_json::to_string(i).unwrap_or_default(),
            )?;
            Ok::<_, LedgerError>(id)
        })?;
        self.item(id)
    }

    /// Changes an item. Documents already signed keep the name and price they were signed with.
    pub fn update_item(&mut self, id: i64, i: &ItemFields) -> Result<()> {
        check(i)?;
        self.write(|tx, actor| {
            let n = tx.execute(
                "UPDATE items SET name_ar = ?2, name_en = ?3, unit_code = ?4, price = ?5,
                     vat_category = ?6, vat_rate = ?7, exemption_code = ?8, exemption_reason = ?9,
                     barcode = ?10, sku = ?11, updated_at = ?12, search_text = ?13
                 WHERE id = ?1",
                params![
                    id,
                    i.name_ar,
                    i.name_en,
                    i.unit_code,
                    i.price.to_string(),
                    i.vat_category.as_str(),
                    i.vat_rate.to_string(),
                    i.exemption_code,
                    i.exemption_reason,
                    i.barcode,
                    i.sku,
                    time::now(),
                    search_text(&i.name_ar, i.name_en.as_deref())
                ],
            )?;
            if n == 0 {
                return Err(LedgerError::NotFound {
                    entity: "item",
                    key: id.to_string(),
                });
            }
            audit::append(
                tx,
                actor,
                AuditAction::Update,
                AuditEntity::Item,
                &id.to_string(),
                &serde_json::to_string(i).unwrap_or_default(),
            )
        })
    }

    /// The items changed most recently, newest first (a list before anything is searched).
    pub fn recent_items(&self, limit: u32) -> Result<Vec<Item>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM items ORDER BY updated_at DESC, id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// An item by id.
    pub fn item(&self, id: i64) -> Result<Item> {
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM items WHERE id = ?1"),
                [id],
                read,
            )
            .optional()?
            .ok_or(LedgerError::NotFound {
                entity: "item",
                key: id.to_string(),
            })
    }

    /// An item by its barcode or SKU (what a scanner types).
    pub fn item_by_code(&self, code: &str) -> Result<Item> {
        let code = code.trim();
        self.conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM items WHERE barcode = ?1 OR sku = ?1 LIMIT 1"),
                [code],
                read,
            )
            .optional()?
            .ok_or_else(|| LedgerError::NotFound {
                entity: "item",
                key: code.to_owned(),
            })
    }
}
