//! The simulator's state in SQLite: its CA, the CSIDs it issued, compliance steps, accepted
//! documents (for duplicates), every attempt, settings. It survives restarts.

use std::path::Path;

use rusqlite::{Connection, OptionalExtension, params};

pub type Result<T> = rusqlite::Result<T>;

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS ca (
    name TEXT PRIMARY KEY,          -- 'ca' (the issuing CA) or 'stamp' (the clearance stamp)
    key_der BLOB NOT NULL,
    cert_der BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS csids (
    request_id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('compliance', 'production')),
    token TEXT NOT NULL UNIQUE,
    secret_sha256 TEXT NOT NULL,    -- the secret itself is never kept
    cert_der BLOB NOT NULL,
    csr_der BLOB NOT NULL,
    vat TEXT NOT NULL,
    common_name TEXT NOT NULL,
    title TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    compliance_request_id INTEGER,  -- for production CSIDs: the compliance CSID they came from
    issued_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS compliance_steps (
    request_id INTEGER NOT NULL,
    step TEXT NOT NULL,
    PRIMARY KEY (request_id, step)
);
CREATE TABLE IF NOT EXISTS documents (
    hash TEXT PRIMARY KEY,
    uuid TEXT NOT NULL,
    flow TEXT NOT NULL CHECK (flow IN ('reporting', 'clearance')),
    status INTEGER NOT NULL,
    answer TEXT NOT NULL,           -- the JSON answered when it was accepted
    accepted_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_uuid ON documents (uuid);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY,
    endpoint TEXT NOT NULL,
    uuid TEXT,
    body_sha256 TEXT NOT NULL,
    status INTEGER,
    fault TEXT,
    at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS otps (
    otp TEXT PRIMARY KEY,
    expires_at TEXT                 -- NULL: never expires
);
CREATE TABLE IF NOT EXISTS settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"#;

/// A CSID the simulator issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csid {
    pub request_id: i64,
    pub kind: String,
    pub token: String,
    /// Hex SHA-256 of the secret (the secret itself is handed out once and never kept).
    pub secret_sha256: String,
    pub cert_der: Vec<u8>,
    pub csr_der: Vec<u8>,
    pub vat: String,
    pub common_name: String,
    pub title: String,
    pub active: bool,
    pub compliance_request_id: Option<i64>,
}

/// An accepted document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub hash: String,
    pub uuid: String,
    /// `reporting` or `clearance`.
    pub flow: String,
    /// The status it was accepted with (200 or 202).
    pub status: u16,
    /// The JSON answered (with the cleared invoice).
    pub answer: String,
}

/// Counts for `/admin/stats` and the tests.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub accepted_reporting: i64,
    pub accepted_clearance: i64,
    /// Compliance checks passed (`POST /compliance/invoices` answered 200 or 202).
    pub compliance_checks_passed: i64,
    /// Duplicates answered (208 and 409).
    pub duplicates_answered: i64,
    pub attempts: i64,
    /// UUIDs whose attempts carried more than one distinct body.
    pub uuids_with_differing_bodies: i64,
    /// UUIDs accepted more than once (must stay 0).
    pub uuids_accepted_twice: i64,
    /// Injected faults by kind.
    pub faults: std::collections::BTreeMap<String, i64>,
}

pub struct Store {
    conn: Connection,
}

impl Store {
    pub fn open(path: &Path) -> Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self { conn })
    }

    pub fn key_pair(&self, name: &str) -> Result<Option<(Vec<u8>, Vec<u8>)>> {
        self.conn
            .query_row(
                "SELECT key_der, cert_der FROM ca WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
    }

    pub fn save_key_pair(&self, name: &str, key_der: &[u8], cert_der: &[u8]) -> Result<()> {
        self.conn.execute(
            "INSERT INTO ca (name, key_der, cert_der) VALUES (?1, ?2, ?3)",
            params![name, key_der, cert_der],
        )?;
        Ok(())
    }

    pub fn next_request_id(&self) -> Result<i64> {
        let max: Option<i64> =
            self.conn
                .query_row("SELECT MAX(request_id) FROM csids", [], |r| r.get(0))?;
        Ok(max.map_or(1_234_567_890_123, |m| m + 1))
    }

    pub fn insert_csid(&self, c: &Csid, issued_at: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO csids (request_id, kind, token, secret_sha256, cert_der, csr_der, vat, common_name,
                title, active, compliance_request_id, issued_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                c.request_id,
                c.kind,
                c.token,
                c.secret_sha256,
                c.cert_der,
                c.csr_der,
                c.vat,
                c.common_name,
                c.title,
                c.active,
                c.compliance_request_id,
                issued_at
            ],
        )?;
        Ok(())
    }

    fn csid_where(&self, clause: &str, value: &dyn rusqlite::ToSql) -> Result<Option<Csid>> {
        self.conn
            .query_row(
                &format!(
                    "SELECT request_id, kind, token, secret_sha256, cert_der, csr_der, vat, common_name,
                        title, active, compliance_request_id FROM csids WHERE {clause}"
                ),
                [value],
                |r| {
                    Ok(Csid {
                        request_id: r.get(0)?,
                        kind: r.get(1)?,
                        token: r.get(2)?,
                        secret_sha256: r.get(3)?,
                        cert_der: r.get(4)?,
                        csr_der: r.get(5)?,
                        vat: r.get(6)?,
                        common_name: r.get(7)?,
                        title: r.get(8)?,
                        active: r.get(9)?,
                        compliance_request_id: r.get(10)?,
                    })
                },
            )
            .optional()
    }

    pub fn csid_by_token(&self, token: &str) -> Result<Option<Csid>> {
        self.csid_where("token = ?1", &token)
    }

    /// Renewal: the old production CSID stops working.
    pub fn deactivate(&self, request_id: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE csids SET active = 0 WHERE request_id = ?1",
            [request_id],
        )?;
        Ok(())
    }

    pub fn add_step(&self, request_id: i64, step: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO compliance_steps (request_id, step) VALUES (?1, ?2)",
            params![request_id, step],
        )?;
        Ok(())
    }

    pub fn steps(&self, request_id: i64) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare("SELECT step FROM compliance_steps WHERE request_id = ?1")?;
        st.query_map([request_id], |r| r.get(0))?.collect()
    }

    pub fn accepted_by_hash(&self, hash: &str) -> Result<Option<Accepted>> {
        self.accepted_where("hash = ?1", hash)
    }

    pub fn accepted_by_uuid(&self, uuid: &str) -> Result<Option<Accepted>> {
        self.accepted_where("uuid = ?1", uuid)
    }

    /// Every document accepted under `uuid` (the simulator accepts a UUID once).
    pub fn accepted_all_by_uuid(&self, uuid: &str) -> Result<Vec<Accepted>> {
        let mut st = self.conn.prepare(
            "SELECT hash, uuid, flow, status, answer FROM documents WHERE uuid = ?1 ORDER BY accepted_at",
        )?;
        st.query_map([uuid], |r| {
            Ok(Accepted {
                hash: r.get(0)?,
                uuid: r.get(1)?,
                flow: r.get(2)?,
                status: r.get(3)?,
                answer: r.get(4)?,
            })
        })?
        .collect()
    }

    fn accepted_where(&self, clause: &str, value: &str) -> Result<Option<Accepted>> {
        self.conn
            .query_row(
                &format!(
                    "SELECT hash, uuid, flow, status, answer FROM documents WHERE {clause} LIMIT 1"
                ),
                [value],
                |r| {
                    Ok(Accepted {
                        hash: r.get(0)?,
                        uuid: r.get(1)?,
                        flow: r.get(2)?,
                        status: r.get(3)?,
                        answer: r.get(4)?,
                    })
                },
            )
            .optional()
    }

    pub fn insert_accepted(&self, a: &Accepted, at: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO documents (hash, uuid, flow, status, answer, accepted_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![a.hash, a.uuid, a.flow, a.status, a.answer, at],
        )?;
        Ok(())
    }

    /// Records a request as it arrives; returns its id for [`Store::set_attempt_status`].
    pub fn record_attempt(
        &self,
        endpoint: &str,
        uuid: Option<&str>,
        body_sha256: &str,
        fault: Option<&str>,
        at: &str,
    ) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO attempts (endpoint, uuid, body_sha256, fault, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![endpoint, uuid, body_sha256, fault, at],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// The status the server answered (or meant to answer, when the connection was cut).
    pub fn set_attempt_status(&self, id: i64, status: u16) -> Result<()> {
        self.conn.execute(
            "UPDATE attempts SET status = ?2 WHERE id = ?1",
            params![id, status],
        )?;
        Ok(())
    }

    pub fn add_otp(&self, otp: &str, expires_at: Option<&str>) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO otps (otp, expires_at) VALUES (?1, ?2)",
            params![otp, expires_at],
        )?;
        Ok(())
    }

    /// The OTP's expiry (`Some(None)` = never expires), or `None` if unknown.
    pub fn otp(&self, otp: &str) -> Result<Option<Option<String>>> {
        self.conn
            .query_row("SELECT expires_at FROM otps WHERE otp = ?1", [otp], |r| {
                r.get(0)
            })
            .optional()
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
            params![key, value],
        )?;
        Ok(())
    }

    pub fn stats(&self) -> Result<Stats> {
        let count = |sql: &str| -> Result<i64> { self.conn.query_row(sql, [], |r| r.get(0)) };
        Ok(Stats {
            accepted_reporting: count("SELECT COUNT(*) FROM documents WHERE flow = 'reporting'")?,
            accepted_clearance: count("SELECT COUNT(*) FROM documents WHERE flow = 'clearance'")?,
            compliance_checks_passed: count(
                "SELECT COUNT(*) FROM attempts WHERE endpoint = 'compliance-invoices'
                 AND status IN (200, 202)",
            )?,
            duplicates_answered: count("SELECT COUNT(*) FROM attempts WHERE status IN (208, 409)")?,
            attempts: count("SELECT COUNT(*) FROM attempts")?,
            uuids_with_differing_bodies: count(
                "SELECT COUNT(*) FROM (SELECT uuid FROM attempts WHERE uuid IS NOT NULL
                 GROUP BY endpoint, uuid HAVING COUNT(DISTINCT body_sha256) > 1)",
            )?,
            uuids_accepted_twice: count(
                "SELECT COUNT(*) FROM (SELECT uuid FROM documents GROUP BY uuid HAVING COUNT(*) > 1)",
            )?,
            faults: {
                let mut st = self.conn.prepare(
                    "SELECT fault, COUNT(*) FROM attempts WHERE fault IS NOT NULL GROUP BY fault",
                )?;
                st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<Result<_>>()?
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_survives_reopen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sim.sqlite");
        {
            let s = Store::open(&path).expect("open");
            s.insert_accepted(
                &Accepted {
                    hash: "h".into(),
                    uuid: "u".into(),
                    flow: "reporting".into(),
                    status: 200,
                    answer: "{}".into(),
                },
                "2026-01-01T00:00:00Z",
            )
            .expect("insert");
            s.set_setting("clearance", "off").expect("setting");
        }
        let s = Store::open(&path).expect("reopen");
        assert_eq!(s.accepted_by_uuid("u").expect("q").expect("row").hash, "h");
        assert_eq!(s.setting("clearance").expect("q").as_deref(), Some("off"));
        assert_eq!(s.stats().expect("stats").accepted_reporting, 1);
    }
}
