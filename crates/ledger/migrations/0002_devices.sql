-- EGS units. Never a private key or a secret here: those live in the OS keychain.
-- `uuid` names the device across databases (backups, restores, the chain guard).
-- `chain_state` is 'open' or 'suspended'; a suspended device issues nothing until
-- `chain_note` has been dealt with (see docs/ledger.md, "Backup and restore").
CREATE TABLE devices (
    id               INTEGER PRIMARY KEY,
    uuid             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL UNIQUE,
    environment      TEXT NOT NULL CHECK (environment IN ('sandbox', 'simulation', 'production')),
    csr_common_name  TEXT NOT NULL,
    csr_serial       TEXT NOT NULL,
    csr_org_unit     TEXT NOT NULL,
    csr_invoice_type TEXT NOT NULL CHECK (length(csr_invoice_type) = 4),
    csr_location     TEXT NOT NULL,
    csr_industry     TEXT NOT NULL,
    certificate_pem  TEXT,
    cert_not_after   TEXT,
    state            TEXT NOT NULL CHECK (state IN ('new', 'compliance', 'production', 'retired')),
    chain_state      TEXT NOT NULL DEFAULT 'open' CHECK (chain_state IN ('open', 'suspended')),
    chain_note       TEXT,
    created_at       TEXT NOT NULL
) STRICT;
