//! Verifying a signed invoice: hash, signature, certificate digest, signed properties, QR.
