//! A running Sanad: the open books of one environment, the way to FATOORA (the practice
//! simulator runs inside while the session is open), the events, and the keys in memory. The
//! desktop app holds one for as long as it runs; each CLI command opens one.

use crate::books::Books;
use crate::connect::Fatoora;
use crate::error::Error;
use crate::events::Events;
use crate::keys::Keys;

pub struct Session {
    pub books: Books,
    /// `None` when the session works offline (nothing is sent).
    pub fatoora: Option<Fatoora>,
    pub events: Events,
    pub keys: Keys,
}

impl Session {
    /// A session connected to its FATOORA (practice books start their simulator).
    pub async fn connect(books: Books) -> Result<Self, Error> {
        let fatoora = Some(Fatoora::connect(&books).await?);
        Ok(Self::with(books, fatoora))
    }

    /// A session that sends nothing (issuing still works: documents wait in the queue).
    pub fn offline(books: Books) -> Self {
        Self::with(books, None)
    }

    fn with(books: Books, fatoora: Option<Fatoora>) -> Self {
        Self {
            books,
            fatoora,
            events: Events::new(),
            keys: Keys::new(),
        }
    }

    /// Ends the session (stops the practice simulator after what is in flight).
    pub async fn close(self) {
        if let Some(f) = self.fatoora {
            f.close().await;
        }
    }
}
