//! The seller's profile (one row).

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::audit::{AuditAction, AuditEntity};
use crate::{Ledger, LedgerError, Result, audit, time};

/// The company that issues every document in this ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub name_ar: String,
    pub name_en: Option<String>,
    pub vat_number: String,
    pub crn: Option<String>,
    pub street: Option<String>,
    pub building: Option<String>,
    pub district: Option<String>,
    pub city: Option<String>,
    pub postal_code: Option<String>,
    pub country_code: String,
}

/// A Saudi VAT number: 15 digits, starting and ending with 3.
pub fn check_vat_number(field: &'static str, vat: &str) -> Result<()> {
    let ok = vat.len() == 15
        && vat.bytes().all(|b| b.is_ascii_digit())
        && vat.starts_with('3')
        && vat.ends_with('3');
    if ok {
        Ok(())
    } else {
        Err(LedgerError::Invalid {
            field,
            reason: format!("{vat:?} is not 15 digits starting and ending with 3"),
        })
    }
}

pub(crate) fn check_name(field: &'static str, name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(LedgerError::Invalid {
            field,
            reason: "must not be empty".to_owned(),
        });
    }
    Ok(())
}

impl Ledger {
    /// Sets the company profile (insert or replace), audited.
    pub fn set_company(&mut self, c: &Company) -> Result<()> {
        check_name("company.name_ar", &c.name_ar)?;
        check_vat_number("company.vat_number", &c.vat_number)?;
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO company (id, name_ar, name_en, vat_number, crn, street, building,
                     district, city, postal_code, country_code, updated_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)
                 ON CONFLICT (id) DO UPDATE SET name_ar = excluded.name_ar,
                     name_en = excluded.name_en, vat_number = excluded.vat_number,
                     crn = excluded.crn, street = excluded.street, building = excluded.building,
                     district = excluded.district, city = excluded.city,
                     postal_code = excluded.postal_code, country_code = excluded.country_code,
                     updated_at = excluded.updated_at",
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
                    time::now()
                ],
            )?;
            let detail = serde_json::to_string(c).unwrap_or_default();
            audit::append(
                tx,
                actor,
                AuditAction::Set,
                AuditEntity::Company,
                "1",
                &detail,
            )
        })
    }

    /// The company profile, if set.
    pub fn company(&self) -> Result<Option<Company>> {
        Ok(self
            .conn
            .query_row(
                "SELECT name_ar, name_en, vat_number, crn, street, building, district, city,
                     postal_code, country_code FROM company WHERE id = 1",
                [],
                |r| {
                    Ok(Company {
                        name_ar: r.get(0)?,
                        name_en: r.get(1)?,
                        vat_number: r.get(2)?,
                        crn: r.get(3)?,
                        street: r.get(4)?,
                        building: r.get(5)?,
                        district: r.get(6)?,
                        city: r.get(7)?,
                        postal_code: r.get(8)?,
                        country_code: r.get(9)?,
                    })
                },
            )
            .optional()?)
    }
}
