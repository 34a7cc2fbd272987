//! Line and document totals with exact decimal money (rust_decimal, half away from zero).
