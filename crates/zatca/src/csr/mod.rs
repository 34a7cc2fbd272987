//! Keys and certificate signing requests for an EGS unit, per ZATCA environment.
