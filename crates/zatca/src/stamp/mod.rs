//! The cryptographic stamp: invoice hash, XAdES signature, ICV/PIH chain fields, QR.
