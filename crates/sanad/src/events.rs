//! What the services tell whoever listens (the desktop shell forwards it to the UI on one
//! channel; the CLI prints it): a document's status changed, onboarding moved, an alert.

use serde::Serialize;
use tokio::sync::broadcast;

/// One event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "SanadEvent"))]
#[serde(
    tag = "kind",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum Event {
    /// A document was issued, or ZATCA's answer moved it (reported, cleared, rejected, …).
    Document {
        document_id: i64,
        number: String,
        /// The device that issued it.
        device: String,
        status: ledger::documents::DocumentStatus,
    },
    /// A device's onboarding or renewal moved.
    Device {
        device: String,
        /// Its next onboarding step.
        next_step: ledger::onboarding::Step,
    },
    /// Something a person should look at; see [`crate::Error`]'s code in the catalogue.
    Alert {
        code: String,
        en: String,
        ar: String,
    },
}

/// The channel of events: many senders, many listeners; a slow listener loses the oldest.
#[derive(Debug, Clone)]
pub struct Events(broadcast::Sender<Event>);

impl Default for Events {
    fn default() -> Self {
        Self(broadcast::channel(1024).0)
    }
}

impl Events {
    pub fn new() -> Self {
        Self::default()
    }

    /// Tells every listener (none listening is fine).
    pub fn send(&self, e: Event) {
        let _ = self.0.send(e);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.0.subscribe()
    }
}
