//! Sanad's e-invoicing engine for ZATCA (FATOORA, Phase 2).
//!
//! Pure, synchronous Rust: data in, bytes out. No files, no clock (time is an argument), no
//! network. Everything else in Sanad depends on this crate; it depends on nothing of Sanad's.

pub mod calc;
pub mod csr;
pub mod model;
pub mod read;
pub mod rules;
pub mod stamp;
pub mod ubl;
pub mod verify;
