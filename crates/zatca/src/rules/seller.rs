//! The seller: name, VAT number, identifier and national address.

use super::SELLER_ID_SCHEMES;
use super::fields::{Findings, alnum, is_vat_number, text};
use super::party::{AddressRules, check_address, check_id_value};
use super::registry as r;
use crate::model::Party;

/// The most bytes QR tag 1 (the seller's name) carries: its TLV length is one byte.
pub const MAX_SELLER_NAME_BYTES: usize = 255;

const SELLER_ADDRESS: AddressRules = AddressRules {
    building_number_missing: &r::SELLER_BUILDING_NUMBER_MISSING,
    postal_code_missing: &r::SELLER_POSTAL_CODE_MISSING,
    district_missing: &r::SELLER_DISTRICT_MISSING,
    building_number: &r::SELLER_BUILDING_NUMBER,
    postal_code: &r::SELLER_POSTAL_CODE,
};

pub(super) fn check_seller(f: &mut Findings, s: &Party) {
    text(f, "seller.name", &s.name, 1000);
    if s.name.len() > MAX_SELLER_NAME_BYTES {
        f.add(&r::SELLER_NAME_QR, "seller.name");
    }
    match s.vat_number.as_deref() {
        None => f.add(&r::SELLER_VAT_MISSING, "seller.vat_number"),
        Some(v) if !is_vat_number(v) => f.add(&r::SELLER_VAT_FORMAT, "seller.vat_number"),
        Some(_) => {}
    }
    match &s.id {
        None => f.add(&r::SELLER_ID_MISSING, "seller.id"),
        Some(id) => {
            if !SELLER_ID_SCHEMES.contains(&id.scheme.as_str()) {
                f.add_with(
                    &r::SELLER_ID_SCHEME,
                    "seller.id.scheme",
                    &[
                        ("value", &id.scheme),
                        ("list", &SELLER_ID_SCHEMES.join(", ")),
                    ],
                );
            } else if !alnum(&id.value) {
                f.add(&r::SELLER_ID_CHARACTERS, "seller.id.value");
            } else {
                check_id_value(f, "seller.id.value", id);
            }
        }
    }
    match &s.address {
        None => f.add(&r::SELLER_ADDRESS_MISSING, "seller.address"),
        Some(a) => {
            if a.country != "SA" {
                f.add(&r::SELLER_COUNTRY, "seller.address.country");
            }
            check_address(f, "seller.address", a, true, &SELLER_ADDRESS);
        }
    }
}
