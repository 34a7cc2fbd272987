//! Pre-flight business rules, reported with ZATCA's own rule codes.
