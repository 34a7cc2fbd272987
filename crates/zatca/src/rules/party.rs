//! What the seller and the buyer share: the format of Saudi identifiers and the national address.

use super::fields::{Findings, digits, join, opt_text, text};
use super::registry::{self as r, Rule};
use crate::model::{Address, PartyId};

/// The format of Saudi identifiers (BR-KSA-F-07…11) and ZATCA's check against placeholder
/// numbers such as 12345678 or 00000000 (BR-KSA-F-13).
pub(super) fn check_id_value(f: &mut Findings, path: &str, id: &PartyId) {
    let v = id.value.as_str();
    let ten = |first: Option<char>| digits(v, 10) && first.is_none_or(|c| v.starts_with(c));
    let format: Option<(bool, &'static Rule)> = match id.scheme.as_str() {
        "CRN" => Some((ten(None), &r::ID_CRN)),
        "700" => Some((ten(Some('7')), &r::ID_700)),
        "TIN" => Some((ten(Some('3')), &r::ID_TIN)),
        "NAT" => Some((ten(Some('1')), &r::ID_NAT)),
        "IQA" => Some((ten(Some('2')), &r::ID_IQA)),
        _ => None,
    };
    if let Some((false, rule)) = format {
        f.add(rule, path);
    }
    let placeholder = v.bytes().all(|b| b.is_ascii_digit())
        && v.as_bytes().windows(8).any(|w| {
            let up = w.windows(2).all(|p| p[1] == p[0] + 1);
            let down = w.windows(2).all(|p| p[0] == p[1] + 1);
            let same = w.windows(2).all(|p| p[0] == p[1]);
            up || down || same
        });
    if placeholder {
        f.add(&r::ID_PLACEHOLDER, path);
    }
}

/// The rules a party's national address is checked with.
pub(super) struct AddressRules {
    pub(super) building_number_missing: &'static Rule,
    pub(super) postal_code_missing: &'static Rule,
    pub(super) district_missing: &'static Rule,
    pub(super) building_number: &'static Rule,
    pub(super) postal_code: &'static Rule,
}

/// A Saudi national address. `full` requires every part.
pub(super) fn check_address(
    f: &mut Findings,
    path: &str,
    a: &Address,
    full: bool,
    rules: &AddressRules,
) {
    text(f, &join(path, "street"), &a.street, 127);
    text(f, &join(path, "city"), &a.city, 127);
    opt_text(
        f,
        &join(path, "additional_street"),
        &a.additional_street,
        127,
    );
    opt_text(f, &join(path, "region"), &a.region, 127);
    let building = join(path, "building_number");
    match a.building_number.as_deref() {
        None if full => f.add(rules.building_number_missing, building),
        Some(n) if !digits(n, 4) => f.add(rules.building_number, building),
        _ => {}
    }
    let postal = join(path, "postal_zone");
    match a.postal_zone.as_deref() {
        None if full => f.add(rules.postal_code_missing, postal),
        Some(n) if !digits(n, 5) => f.add(rules.postal_code, postal),
        _ => {}
    }
    match a.district.as_deref() {
        None if full => f.add(rules.district_missing, join(path, "district")),
        Some(d) => text(f, &join(path, "district"), d, 127),
        None => {}
    }
    if let Some(n) = &a.additional_number
        && !digits(n, 4)
    {
        f.add(&r::ADDITIONAL_NUMBER, join(path, "additional_number"));
    }
}
