//! The document model: every ZATCA document kind, parties, lines, VAT categories, amounts.
