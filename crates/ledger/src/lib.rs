//! The ledger: crash-safe SQLite books of documents, devices, customers, items and submissions.
