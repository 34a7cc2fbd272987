//! The UBL 2.1 writer, in ZATCA's element order.
