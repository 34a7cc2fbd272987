//! Customers (buyers): Arabic and English names, VAT number, CRN, address.

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::audit::{AuditAction, AuditEntity};
use crate::company::{check_name, check_vat_number};
use crate::documents::word;
use crate::text::search_text;
use crate::{Ledger, LedgerError, Result, audit, time};

crate::words! {
    /// Who a customer is: what the buyer of their documents must carry follows from it.
    #[derive(Default)]
    #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
    pub enum CustomerKind ("customer kind") {
        /// A business (B2B): standard documents, VAT number when registered.
        #[default]
        Business = "business",
        /// A government entity (B2G): standard documents.
        Government = "government",
        /// A person (B2C): simplified documents; buyer details are optional.
        Consumer = "consumer",
    }
}

/// A customer's fields.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CustomerFields {
    #[serde(default)]
    pub kind: CustomerKind,
    pub name_ar: String,
    pub name_en: Option<String>,
    pub vat_number: Option<String>,
    /// The customer's identifier (commercial registration, national ID, …; see `id_scheme`).
    pub crn: Option<String>,
    /// The scheme of `crn` (`CRN`, `MOM`, `MLS`, `700`, `SAG`, `NAT`, `TIN`, `IQA`, `PAS`, `GCC`,
    /// `OTH`); `CRN` when none is given.
    #[serde(default)]
    pub id_scheme: Option<String>,
    pub street: Option<String>,
    #[serde(default)]
    pub additional_street: Option<String>,
    pub building: Option<String>,
    /// The national address's additional number.
    #[serde(default)]
    pub additional_number: Option<String>,
    pub district: Option<String>,
    pub city: Option<String>,
    pub postal_code: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    pub country_code: String,
}

/// A stored customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Customer {
    pub id: i64,
    #[serde(flatten)]
    pub fields: CustomerFields,
}

pub(crate) const COLUMNS: &str = "id, name_ar, name_en, vat_number, crn, street, building,
    district, city, postal_code, country_code, kind, id_scheme, additional_street,
    additional_number, region";

pub(crate) fn read(r: &rusqlite::Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        fields: CustomerFields {
            name_ar: r.get(1)?,
            name_en: r.get(2)?,
            vat_number: r.get(3)?,
            crn: r.get(4)?,
            street: r.get(5)?,
            building: r.get(6)?,
            district: r.get(7)?,
            city: r.get(8)?,
            postal_code: r.get(9)?,
            country_code: r.get(10)?,
            kind: word(r, 11)?,
            id_scheme: r.get(12)?,
            additional_street: r.get(13)?,
            additional_number: r.get(14)?,
            region: r.get(15)?,
        },
    })
}

fn check(c: &CustomerFields) -> Result<()> {
    check_name("customer.name_ar", &c.name_ar)?;
    if let Some(vat) = &c.vat_number {
        check_vat_number("customer.vat_number", vat)?;
    }
    if c.country_code.len() != 2 || !c.country_code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(LedgerError::Invalid {
            field: "customer.country_code",
            reason: format!("{:?} is not a two-letter ISO 3166 code", c.country_code),
        });
    }
    Ok(())
}

pub(crate) fn get(conn: &Connection, id: i64) -> Result<Customer> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM customers WHERE id = ?1"),
        [id],
        read,
    )
    .optional()?
    .ok_or(LedgerError::NotFound {
        entity: "customer",
        key: id.to_string(),
    })
}

impl Ledger {
    /// Adds a customer.
    pub fn add_customer(&mut self, c: &CustomerFields) -> Result<Customer> {
        check(c)?;
        let id = self.write(|tx, actor| {
            let now = time::now();
            tx.execute(
                "INSERT INTO customers (name_ar, name_en, vat_number, crn, street, building,
                     district, city, postal_code, country_code, created_at, updated_at, search_text,
                     kind, id_scheme, additional_street, additional_number, region)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13, ?14, ?15,
                     ?16, ?17)",
                params![
                    c.name_ar,
                    c.name_en,
                    c.vat_number,
                    c.crn,
                    c.street,
                    c.building,
                    c.district,
                    c.city,
                    c.postal_code,
                    c.country_code,
                    now,
                    search_text(&c.name_ar, c.name_en.as_deref()),
                    c.kind.as_str(),
                    c.id_scheme,
                    c.additional_street,
                    c.additional_number,
                    c.region
                ],
            )?;
            let id = tx.last_insert_rowid();
            audit::append(
                tx,
                actor,
                AuditAction::Add,
                AuditEntity::Customer,
                &id.to_string(),
                &serde_json::to_string(c).unwrap_or_default(),
            )?;
            Ok::<_, LedgerError>(id)
        })?;
        self.customer(id)
    }

    /// Changes a customer. Documents already signed keep the name they were signed with.
    pub fn update_customer(&mut self, id: i64, c: &CustomerFields) -> Result<()> {
        check(c)?;
        self.write(|tx, actor| {
            let n = tx.execute(
                "UPDATE customers SET name_ar = ?2, name_en = ?3, vat_number = ?4, crn = ?5,
                     street = ?6, building = ?7, district = ?8, city = ?9, postal_code = ?10,
                     country_code = ?11, updated_at = ?12, search_text = ?13, kind = ?14,
                     id_scheme = ?15, additional_street = ?16, additional_number = ?17, region = ?18
                 WHERE id = ?1",
                params![
                    id,
                    c.name_ar,
                    c.name_en,
                    c.vat_number,
                    c.crn,
                    c.street,
                    c.building,
                    c.district,
                    c.city,
                    c.postal_code,
                    c.country_code,
                    time::now(),
                    search_text(&c.name_ar, c.name_en.as_deref()),
                    c.kind.as_str(),
                    c.id_scheme,
                    c.additional_street,
                    c.additional_number,
                    c.region
                ],
            )?;
            if n == 0 {
                return Err(LedgerError::NotFound {
                    entity: "customer",
                    key: id.to_string(),
                });
            }
            audit::append(
                tx,
                actor,
                AuditAction::Update,
                AuditEntity::Customer,
                &id.to_string(),
                &serde_json::to_string(c).unwrap_or_default(),
            )
        })
    }

    /// A customer by id.
    pub fn customer(&self, id: i64) -> Result<Customer> {
        get(&self.conn, id)
    }

    /// The customers changed most recently, newest first (a list before anything is searched).
    pub fn recent_customers(&self, limit: u32) -> Result<Vec<Customer>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM customers ORDER BY updated_at DESC, id DESC LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit], read)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
