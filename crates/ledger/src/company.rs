//! The seller's profile (one row).

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

use zatca::model::{Address, PartyId};

use crate::audit::{AuditAction, AuditEntity};
use crate::{Ledger, LedgerError, Result, audit, time};

/// The company that issues every document in this ledger: the seller of its documents and the
/// subject of its devices' CSRs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Company {
    /// The legal name in Arabic, as in the commercial registration (the seller's name on every
    /// document and the CSR's organisation).
    pub name_ar: String,
    /// The legal name in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// The 15-digit VAT registration number (a VAT group's when its 11th digit is 1).
    pub vat_number: String,
    /// The commercial registration number, or another identification scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<PartyId>,
    /// The national address.
    pub address: Address,
    /// The business category (the CSR's `businessCategory`).
    pub business_category: String,
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
        let a = &c.address;
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO company (id, name_ar, name_en, vat_number, id_scheme, id_value,
                     street, additional_street, building, additional_number, district, city,
                     postal_code, region, country_code, business_category, updated_at)
                 VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
                 ON CONFLICT (id) DO UPDATE SET name_ar = excluded.name_ar,
                     name_en = excluded.name_en, vat_number = excluded.vat_number,
                     id_scheme = excluded.id_scheme, id_value = excluded.id_value,
                     street = excluded.street, additional_street = excluded.additional_street,
                     building = excluded.building, additional_number = excluded.additional_number,
                     district = excluded.district, city = excluded.city,
                     postal_code = excluded.postal_code, region = excluded.region,
                     country_code = excluded.country_code,
                     business_category = excluded.business_category,
                     updated_at = excluded.updated_at",
                params![
                    c.name_ar,
                    c.name_en,
                    c.vat_number,
                    c.id.as_ref().map(|i| &i.scheme),
                    c.id.as_ref().map(|i| &i.value),
                    a.street,
                    a.additional_street,
                    a.building_number,
                    a.additional_number,
                    a.district,
                    a.city,
                    a.postal_zone,
                    a.region,
                    a.country,
                    c.business_category,
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
                "SELECT name_ar, name_en, vat_number, id_scheme, id_value, street,
                     additional_street, building, additional_number, district, city,
                     postal_code, region, country_code, business_category
                 FROM company WHERE id = 1",
                [],
                |r| {
                    let scheme: Option<String> = r.get(3)?;
                    let value: Option<String> = r.get(4)?;
                    Ok(Company {
                        name_ar: r.get(0)?,
                        name_en: r.get(1)?,
                        vat_number: r.get(2)?,
                        id: match (scheme, value) {
                            (Some(scheme), Some(value)) => Some(PartyId { scheme, value }),
                            _ => None,
                        },
                        address: Address {
                            street: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                            additional_street: r.get(6)?,
                            building_number: r.get(7)?,
                            additional_number: r.get(8)?,
                            district: r.get(9)?,
                            city: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
                            postal_zone: r.get(11)?,
                            region: r.get(12)?,
                            country: r.get(13)?,
                        },
                        business_category: r.get(14)?,
                    })
                },
            )
            .optional()?)
    }
}
