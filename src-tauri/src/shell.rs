//! What the app holds while it runs: the data folder, the one events channel (forwarded to the
//! window on [`EVENT_CHANNEL`]) and the session of the books in use, opened in the background at
//! start and swapped when the person changes environment.

use std::sync::Arc;

use sanad::events::Events;
use sanad::session::Session;
use sanad::{Books, BooksEnv, Class, DataDir, Error, OpenOptions};
use tauri::{AppHandle, Emitter, Runtime};
use tokio::sync::{Mutex, watch};

/// The one Tauri event every service event reaches the UI on.
pub const EVENT_CHANNEL: &str = "sanad:event";

#[derive(Clone)]
enum Slot {
    Opening,
    Open(Arc<Session>),
    Failed(Error),
}

pub struct Shell {
    data: DataDir,
    events: Events,
    slot: watch::Sender<Slot>,
    /// One environment change at a time.
    switching: Mutex<()>,
}

/// What a command fails with: one error, or a form's errors (each at its field).
pub trait Failure: Send + 'static {
    fn from_error(e: Error) -> Self;
}

impl Failure for Error {
    fn from_error(e: Error) -> Self {
        e
    }
}

impl Failure for Vec<Error> {
    fn from_error(e: Error) -> Self {
        vec![e]
    }
}

/// A failure of Sanad itself (a task that panicked, a closed channel).
pub fn internal(what: &str, e: impl std::fmt::Display) -> Error {
    Error::new(
        "SANAD-INTERNAL",
        Class::Local,
        format!("{what} failed inside Sanad"),
        "حدث خطأ داخلي في سند",
    )
    .with_detail(e.to_string())
}

impl Shell {
    pub fn new(data: DataDir) -> Self {
        Self {
            data,
            events: Events::new(),
            slot: watch::channel(Slot::Opening).0,
            switching: Mutex::new(()),
        }
    }

    pub fn data(&self) -> &DataDir {
        &self.data
    }

    /// Forwards every service event to the window, for as long as the app runs.
    pub fn forward_events<R: Runtime>(&self, app: AppHandle<R>) {
        let mut rx = self.events.subscribe();
        tauri::async_runtime::spawn(async move {
            use tokio::sync::broadcast::error::RecvError;
            loop {
                match rx.recv().await {
                    Ok(event) => {
                        if let Err(e) = app.emit(EVENT_CHANNEL, &event) {
                            tracing::warn!(%e, "event not forwarded");
                        }
                    }
                    Err(RecvError::Lagged(n)) => tracing::warn!(n, "events dropped"),
                    Err(RecvError::Closed) => break,
                }
            }
        });
    }

    /// The open session (waits while it opens).
    pub async fn session(&self) -> Result<Arc<Session>, Error> {
        let mut rx = self.slot.subscribe();
        loop {
            match &*rx.borrow_and_update() {
                Slot::Open(s) => return Ok(Arc::clone(s)),
                Slot::Failed(e) => return Err(e.clone()),
                Slot::Opening => {}
            }
            rx.changed()
                .await
                .map_err(|e| internal("opening the books", e))?;
        }
    }

    /// Opens the books of `env` (creating them on first use), connects them to their FATOORA
    /// and makes them the session in use; the previous one is closed.
    pub async fn open(&self, env: BooksEnv) -> Result<Arc<Session>, Error> {
        let _one = self.switching.lock().await;
        if let Slot::Open(s) = &*self.slot.borrow()
            && s.books.env() == env
        {
            return Ok(Arc::clone(s));
        }
        let previous = self.slot.send_replace(Slot::Opening);
        // The previous books close first: the same books are never open twice.
        if let Slot::Open(old) = previous {
            close(old).await;
        }
        let result = self.connect(env).await;
        match &result {
            Ok(s) => {
                tracing::info!(env = %env, fatoora = s.fatoora.as_ref().map(|f| f.base_url()), "books open");
                self.slot.send_replace(Slot::Open(Arc::clone(s)));
            }
            Err(e) => {
                tracing::warn!(env = %env, %e, "books not opened");
                self.slot.send_replace(Slot::Failed(e.clone()));
            }
        }
        result
    }

    async fn connect(&self, env: BooksEnv) -> Result<Arc<Session>, Error> {
        let data = self.data.clone();
        let books = tauri::async_runtime::spawn_blocking(move || {
            Books::open(&data, env, OpenOptions::default())
        })
        .await
        .map_err(|e| internal("opening the books", e))??;
        let mut session = Session::connect(books).await?;
        session.events = self.events.clone();
        Ok(Arc::new(session))
    }

    /// Runs blocking ledger work on a blocking thread, never on the async runtime's.
    pub async fn blocking<T, E>(
        &self,
        work: impl FnOnce(&Session) -> Result<T, E> + Send + 'static,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: Failure,
    {
        let session = self.session().await.map_err(E::from_error)?;
        tauri::async_runtime::spawn_blocking(move || work(&session))
            .await
            .map_err(|e| E::from_error(internal("a command", e)))?
    }

    /// Runs blocking work that needs no session (preferences, files).
    pub async fn blocking_plain<T: Send + 'static>(
        &self,
        work: impl FnOnce(&DataDir) -> Result<T, Error> + Send + 'static,
    ) -> Result<T, Error> {
        let data = self.data.clone();
        tauri::async_runtime::spawn_blocking(move || work(&data))
            .await
            .map_err(|e| internal("a command", e))?
    }

    /// Runs async service work that also blocks on the ledger (onboarding, renewal) on a
    /// blocking thread of its own.
    pub async fn blocking_async<T, F>(
        &self,
        work: impl FnOnce(Arc<Session>) -> F + Send + 'static,
    ) -> Result<T, Error>
    where
        T: Send + 'static,
        F: std::future::Future<Output = Result<T, Error>> + Send,
    {
        let session = self.session().await?;
        // The runtime's handle drives the future from a blocking thread (`Handle::block_on` is
        // made for that), so the ledger's blocking calls inside never stall a runtime worker.
        let handle = tokio::runtime::Handle::current();
        tauri::async_runtime::spawn_blocking(move || handle.block_on(work(session)))
            .await
            .map_err(|e| internal("a command", e))?
    }
}

async fn close(session: Arc<Session>) {
    // Commands still running hold their own reference; the last one lets go.
    match Arc::try_unwrap(session) {
        Ok(s) => s.close().await,
        Err(shared) => drop(shared),
    }
}

/// The session's FATOORA, or why there is none.
pub fn fatoora(session: &Session) -> Result<&sanad::connect::Fatoora, Error> {
    session.fatoora.as_ref().ok_or_else(|| {
        Error::new(
            "SANAD-OFFLINE",
            Class::Unreachable,
            "these books are not connected to FATOORA",
            "هذه الدفاتر غير متصلة بمنصة فاتورة",
        )
    })
}
