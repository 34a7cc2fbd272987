use chrono::{DateTime, SecondsFormat, Utc};

/// A UTC instant as the ledger stores it: `YYYY-MM-DDTHH:MM:SSZ`, so text order is time order.
pub type Timestamp = DateTime<Utc>;

pub(crate) fn to_db(t: &Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

pub(crate) fn from_db(s: &str) -> rusqlite::Result<Timestamp> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

pub(crate) fn now() -> String {
    to_db(&Utc::now())
}
