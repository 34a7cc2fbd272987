//! The document header: number, UUID, dates and time, currency and exchange rate, notes, the
//! transaction flags (KSA-2) and the supply date or period.

use chrono::Timelike;
use rust_decimal::Decimal;

use super::MAX_EXCHANGE_RATE;
use super::fields::{Findings, blank, check_date, is_uuid, text};
use super::registry as r;
use crate::model::{DocumentKind, Draft, Flow};

const CURRENCIES: &str = " AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRO MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLL SOS SRD SSP STD SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UZS VEF VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWL ";

/// Number, UUID, dates, issue time, currency, exchange rate and notes.
pub(super) fn check_header(f: &mut Findings, draft: &Draft) {
    text(f, "number", &draft.number, 127);
    if !is_uuid(&draft.uuid) {
        f.add(&r::UUID, "uuid");
    }
    check_date(f, "issue_date", draft.issue_date);
    if let Some(s) = &draft.supply {
        check_date(f, "supply.date", s.date);
        if let Some(end) = s.end_date {
            check_date(f, "supply.end_date", end);
        }
    }
    if draft.issue_time.nanosecond() != 0 {
        f.add(&r::ISSUE_TIME, "issue_time");
    }
    check_currency(f, draft);
    for (i, n) in draft.notes.iter().enumerate() {
        text(f, &format!("notes[{i}]"), n, 1000);
    }
}

fn check_currency(f: &mut Findings, draft: &Draft) {
    let cur = draft.currency.as_str();
    if cur.len() != 3 || !CURRENCIES.contains(&format!(" {cur} ")) {
        f.add_with(&r::CURRENCY, "currency", &[("value", cur)]);
    } else if draft.is_sar() {
        if draft.exchange_rate.is_some() {
            f.add(&r::SAR_EXCHANGE_RATE, "exchange_rate");
        }
    } else {
        match draft.exchange_rate {
            None => f.add(&r::EXCHANGE_RATE_MISSING, "exchange_rate"),
            Some(rate) if rate <= Decimal::ZERO => {
                f.add(&r::EXCHANGE_RATE_POSITIVE, "exchange_rate")
            }
            Some(rate) if rate > Decimal::from(MAX_EXCHANGE_RATE) => f.add_with(
                &r::EXCHANGE_RATE_LARGE,
                "exchange_rate",
                &[("max", &MAX_EXCHANGE_RATE.to_string())],
            ),
            Some(rate) if rate == Decimal::ONE => f.add(&r::EXCHANGE_RATE_ONE, "exchange_rate"),
            Some(rate) if rate.normalize().to_string().replace('.', "").len() > 14 => {
                f.add(&r::EXCHANGE_RATE_DIGITS, "exchange_rate")
            }
            Some(_) => {}
        }
    }
}

/// The transaction flags: self-billing and export only on standard documents, never together.
pub(super) fn check_flags(f: &mut Findings, draft: &Draft) {
    let simplified = draft.flow == Flow::Simplified;
    if simplified && draft.flags.self_billed {
        f.add(&r::SIMPLIFIED_SELF_BILLED, "flags.self_billed");
    }
    if simplified && draft.flags.export {
        f.add(&r::SIMPLIFIED_EXPORT, "flags.export");
    }
    if draft.flags.export && draft.flags.self_billed {
        f.add(&r::EXPORT_SELF_BILLED, "flags.self_billed");
    }
}

/// The supply date and period: summary invoices, standard tax invoices.
pub(super) fn check_supply(f: &mut Findings, draft: &Draft) {
    if draft.flags.summary {
        match &draft.supply {
            Some(s) if s.end_date.is_some() => {}
            _ => f.add(&r::SUMMARY_PERIOD, "supply.end_date"),
        }
    }
    if draft.flow == Flow::Standard && draft.kind == DocumentKind::Invoice && draft.supply.is_none()
    {
        f.add(&r::SUPPLY_DATE, "supply");
    }
    if draft.flow == Flow::Simplified
        && draft.flags.summary
        && draft.buyer.as_ref().is_none_or(|b| blank(&b.name))
    {
        f.add(&r::SUMMARY_BUYER_NAME, "buyer.name");
    }
    if let Some(s) = &draft.supply
        && let Some(end) = s.end_date
        && end < s.date
    {
        f.add(&r::SUPPLY_END_BEFORE_START, "supply.end_date");
    }
}
