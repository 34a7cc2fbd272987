//! Sanad's application core: the services the desktop app, the CLI and the tests all call.
//!
//! - [`books`]: one data folder, separate books per environment (practice, sandbox, simulation,
//!   production), each with its ledger and its secrets;
//! - [`secrets`]: the OS keychain, or a passphrase vault by choice; sealed device backups;
//! - [`clock`]: Saudi time for everything written on a document;
//! - [`company`]: the company profile, checked with ZATCA's seller rules;
//! - [`connect`]: the way to FATOORA (ZATCA's, or the built-in simulator in practice mode);
//! - [`onboarding`]: a device from its key to its production CSID, and renewal;
//! - [`check`]: checking any invoice, ours or a supplier's;
//! - [`session`]: the open books, their FATOORA and the events, as an app holds them;
//! - [`preferences`]: the language, the books in use, the paper;
//! - [`catalog`]: customers and items, checked with the engine's rules;
//! - [`wizard`] and [`practice`]: where onboarding stands, and practice books made ready.

pub mod books;
pub mod catalog;
pub mod check;
pub mod clock;
pub mod company;
pub mod connect;
pub mod documents;
pub mod error;
pub mod events;
pub mod explain;
pub mod issuing;
pub mod keys;
pub mod onboarding;
pub mod outcome;
pub mod practice;
pub mod preferences;
pub mod secrets;
pub mod session;
pub mod submit;
pub mod wizard;
pub mod worker;

pub use books::{Books, BooksEnv, DataDir, OpenOptions};
pub use error::{Class, Error};
