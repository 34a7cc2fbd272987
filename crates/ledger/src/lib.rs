//! The ledger: crash-safe SQLite books of documents, devices, customers, items and submissions.
//!
//! One file per concern: `migrate` (versioned SQL in `migrations/`), one query module per table
//! (`company`, `devices`, `customers`, `items`, `series`, `documents`, `submissions`, `audit`),
//! the chain allocator (`chain`), the chain guard that outlives restores (`guard`), the submission
//! queue with claims, routes and device pauses (`queue`), compressed bodies (`body`), KPI queries
//! (`kpis`), `backup` and `search`. The ledger never signs and never holds a private key:
//! the caller's signer is a closure handed a [`chain::ChainSlot`].

pub mod audit;
pub mod backup;
pub mod body;
pub mod certificates;
pub mod chain;
pub mod company;
pub mod customers;
pub mod devices;
pub mod documents;
pub mod drafts;
mod error;
pub mod guard;
pub mod items;
pub mod kpis;
mod migrate;
pub mod onboarding;
pub mod queue;
pub mod search;
pub mod series;
pub mod submissions;
pub mod text;
mod time;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

pub(crate) use zatca::words;

pub use chain::{ChainSlot, GENESIS_PIH, IssueError, IssueRequest, Issued, SignedDocument};
pub use error::LedgerError;
pub use migrate::SCHEMA_VERSION;
pub use time::Timestamp;

/// Result type of every ledger call.
pub type Result<T> = std::result::Result<T, LedgerError>;

/// How long a writer waits for another connection's write lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// How often a waiting writer looks again. SQLite's own busy timeout backs off to 100 ms sleeps,
/// which leaves the lock idle while every waiter sleeps; issuing at several tills wants the next
/// writer in at once.
const BUSY_POLL: Duration = Duration::from_millis(1);

fn busy(attempt: i32) -> bool {
    let waited = BUSY_POLL * u32::try_from(attempt).unwrap_or(u32::MAX);
    if waited >= BUSY_TIMEOUT {
        return false;
    }
    std::thread::sleep(BUSY_POLL);
    true
}

/// `PRAGMA application_id` of a Sanad ledger ("SAND").
const APPLICATION_ID: i64 = 0x5341_4E44;

/// One open ledger: a connection to the books and one to the chain guard.
///
/// A `Ledger` serves one thread at a time (it may move between threads, as the app's books do
/// behind their mutex); open one per process (SQLite serialises writers).
pub struct Ledger {
    conn: Connection,
    guard: guard::ChainGuard,
    bodies: std::sync::Arc<body::Bodies>,
    path: PathBuf,
    actor: String,
}

/// Where the chain guard lives when none is given: beside the database, never inside a backup.
pub fn default_guard_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".chain-guard");
    db.with_file_name(name)
}

impl Ledger {
    /// Opens (creating if needed) the ledger at `path`, with its chain guard beside it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        Self::open_with_guard(path, default_guard_path(path))
    }

    /// Opens the ledger at `path` with the chain guard at `guard_path`.
    ///
    /// Applies pending migrations; a database written by a newer Sanad is refused untouched.
    pub fn open_with_guard(path: impl AsRef<Path>, guard_path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let conn = open_raw(&path)?;
        // Refuse a foreign or newer file before anything (even the journal mode) touches it.
        migrate::check(&conn, &path)?;
        configure(&conn, &path)?;
        migrate::migrate(&conn, &path)?;
        let guard = guard::ChainGuard::open(guard_path.as_ref())?;
        let mut ledger = Self {
            conn,
            guard,
            bodies: Default::default(),
            path,
            actor: "sanad".to_owned(),
        };
        ledger.compact_bodies()?;
        Ok(ledger)
    }

    /// Compresses the bodies older books stored raw, a chunk per transaction (a raw body reads
    /// as it is until then; a crash midway leaves every row readable). Returns how many.
    pub fn compact_bodies(&mut self) -> Result<u64> {
        let mut done = 0;
        // Books with nothing raw (all but the first open after an upgrade) take no write lock.
        let raw: bool = self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM document_bodies WHERE codec = 'raw')",
            [],
            |r| r.get(0),
        )?;
        if !raw {
            return Ok(0);
        }
        loop {
            let bodies = self.bodies.clone();
            let n = self.write(|tx, _| bodies.compact_chunk(tx))?;
            if n == 0 {
                return Ok(done);
            }
            done += n as u64;
        }
    }

    /// Names who acts in the audit log from now on (a user name, "worker", …).
    pub fn set_actor(&mut self, actor: impl Into<String>) {
        self.actor = actor.into();
    }

    /// The file this ledger lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction (the write lock is taken at once, so two
    /// writers never deadlock on an upgrade); commits if `f` succeeds.
    pub(crate) fn write<T, E: From<LedgerError>>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &str) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| E::from(e.into()))?;
        let value = f(&tx, &self.actor)?;
        tx.commit().map_err(|e| E::from(e.into()))?;
        Ok(value)
    }
}

/// Opens a connection that waits up to [`BUSY_TIMEOUT`] for a lock, and nothing else changed.
pub(crate) fn open_raw(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_handler(Some(busy))?;
    Ok(conn)
}

/// Opens a connection with Sanad's settings (see [`configure`]).
pub(crate) fn open_connection(path: &Path) -> Result<Connection> {
    let conn = open_raw(path)?;
    configure(&conn, path)?;
    Ok(conn)
}

/// WAL, `synchronous=FULL` (a commit is on disk before it is acknowledged), foreign keys on.
pub(crate) fn configure(conn: &Connection, path: &Path) -> Result<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(LedgerError::Invalid {
            field: "journal_mode",
            reason: format!(
                "{} cannot use write-ahead logging (got {mode})",
                path.display()
            ),
        });
    }
    // 32 MiB of page cache: the indexes a shop's searches walk stay in memory.
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;",
    )?;
    Ok(())
}
