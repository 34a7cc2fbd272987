//! The buyer: required on standard documents, optional on simplified ones; and the rule that
//! the buyer is not the seller.

use super::BUYER_ID_SCHEMES;
use super::fields::{Findings, alnum, is_vat_number, opt_text, optional_text, text};
use super::party::{AddressRules, check_address, check_id_value};
use super::registry as r;
use crate::model::{Draft, Flow, Party};

const BUYER_ADDRESS: AddressRules = AddressRules {
    building_number_missing: &r::BUYER_BUILDING_NUMBER_MISSING,
    postal_code_missing: &r::BUYER_POSTAL_CODE_MISSING,
    district_missing: &r::BUYER_DISTRICT_MISSING,
    building_number: &r::BUYER_BUILDING_NUMBER,
    postal_code: &r::BUYER_POSTAL_CODE,
};

pub(super) fn check_buyer_of(f: &mut Findings, draft: &Draft) {
    let standard = draft.flow == Flow::Standard;
    match &draft.buyer {
        Some(b) => check_buyer(f, b, standard),
        None if standard => f.add(&r::BUYER_MISSING, "buyer"),
        None => {}
    }
    if let (Some(s), Some(b)) = (
        &draft.seller.vat_number,
        draft.buyer.as_ref().and_then(|b| b.vat_number.as_ref()),
    ) && s == b
    {
        f.add(&r::SAME_VAT_NUMBER, "buyer.vat_number");
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
        f.add(&r::BUYER_VAT_FORMAT, "buyer.vat_number");
    }
    match &b.id {
        Some(id) => {
            if !BUYER_ID_SCHEMES.contains(&id.scheme.as_str()) {
                f.add_with(
                    &r::BUYER_ID_SCHEME,
                    "buyer.id.scheme",
                    &[
                        ("value", &id.scheme),
                        ("list", &BUYER_ID_SCHEMES.join(", ")),
                    ],
                );
            } else if !alnum(&id.value) {
                f.add(&r::BUYER_ID_CHARACTERS, "buyer.id.value");
            } else {
                check_id_value(f, "buyer.id.value", id);
            }
        }
        None if standard && b.vat_number.is_none() => f.add(&r::BUYER_ID_MISSING, "buyer.id"),
        None => {}
    }
    match &b.address {
        None if standard => f.add(&r::BUYER_ADDRESS_MISSING, "buyer.address"),
        None => {}
        Some(a) if a.country == "SA" => {
            check_address(f, "buyer.address", a, standard, &BUYER_ADDRESS)
        }
        Some(a) => {
            text(f, "buyer.address.street", &a.street, 127);
            text(f, "buyer.address.city", &a.city, 127);
            if a.country.len() != 2 || !a.country.bytes().all(|c| c.is_ascii_uppercase()) {
                f.add(&r::BUYER_COUNTRY, "buyer.address.country");
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
