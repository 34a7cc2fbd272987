-- Onboarding, for real.
-- * The company profile carries what ZATCA's seller rules and every device's CSR need: the
--   identification scheme beside its value, the whole national address and the business category.
-- * Each device numbers its documents in a series of its own, so two tills never issue the same
--   number without having to talk to each other.
-- * A device's onboarding progress is written after every step, so it resumes after a crash.
-- * Every certificate a device has held (compliance, production, renewals) stays in the history;
--   only the names of the keychain entries holding their secrets are kept here.

ALTER TABLE company RENAME COLUMN crn TO id_value;
ALTER TABLE company ADD COLUMN id_scheme TEXT;
UPDATE company SET id_scheme = 'CRN' WHERE id_value IS NOT NULL;
ALTER TABLE company ADD COLUMN additional_street TEXT;
ALTER TABLE company ADD COLUMN additional_number TEXT;
ALTER TABLE company ADD COLUMN region TEXT;
ALTER TABLE company ADD COLUMN business_category TEXT NOT NULL DEFAULT '';

ALTER TABLE devices ADD COLUMN series_code TEXT REFERENCES series (code);

CREATE TABLE onboarding (
    device_id                   INTEGER PRIMARY KEY REFERENCES devices (id),
    -- The next step to take; 'active' when onboarding is complete.
    step                        TEXT NOT NULL CHECK (step IN (
                                    'key', 'csr', 'compliance_csid', 'compliance_checks',
                                    'production_csid', 'active')),
    csr_pem                     TEXT,
    compliance_request_id       TEXT,
    compliance_certificate_pem  TEXT,
    -- JSON lists of ZATCA's compliance step names.
    steps_required              TEXT NOT NULL DEFAULT '[]',
    steps_passed                TEXT NOT NULL DEFAULT '[]',
    -- The last failure as a plain sentence with its code; NULL once a step succeeds.
    last_error                  TEXT,
    updated_at                  TEXT NOT NULL
) STRICT;

CREATE TABLE certificates (
    id               INTEGER PRIMARY KEY,
    device_id        INTEGER NOT NULL REFERENCES devices (id),
    kind             TEXT NOT NULL CHECK (kind IN ('compliance', 'production')),
    certificate_pem  TEXT NOT NULL,
    not_after        TEXT NOT NULL,
    request_id       TEXT,
    -- The name of the keychain entry with the CSID's secret (never the secret).
    secret_entry     TEXT NOT NULL,
    issued_at        TEXT NOT NULL,
    -- When a newer certificate of the same kind replaced it (renewal); NULL while current.
    replaced_at      TEXT
) STRICT;
CREATE INDEX certificates_device ON certificates (device_id, kind, id);
CREATE TRIGGER certificates_kept BEFORE DELETE ON certificates BEGIN
    SELECT RAISE(ABORT, 'a certificate stays in the history');
END;
