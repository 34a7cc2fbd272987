-- One vocabulary with the engine and the FATOORA client:
-- * a document's flow is `standard` or `simplified` (the engine's words), no longer the route
--   it is sent on (`clearance`, `reporting`);
-- * each submission attempt records its own route, because ZATCA's 303 sends a standard
--   document to reporting;
-- * an attempt's outcome uses the client's words: `bad_request` (a 400 without validation
--   results, formerly `malformed`), `unauthorized` (formerly `auth_problem`), `unknown` (sent
--   without an answer, formerly `timeout`), and the client's `malformed` (an unreadable 2xx)
--   and `unexpected_status`;
-- * a device keeps every field of its CSR (VAT number, organization and country too).
-- SQLite cannot change a CHECK constraint in place, so the three tables are rebuilt with every
-- row and id kept (foreign keys are checked before the migration commits). Dropping a table
-- drops its indexes and triggers; they are created again as they were.

CREATE TABLE drafts_new (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'debit_note', 'prepayment')),
    flow        TEXT NOT NULL CHECK (flow IN ('standard', 'simplified')),
    body        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
INSERT INTO drafts_new (id, kind, flow, body, updated_at)
    SELECT id, kind, CASE flow WHEN 'clearance' THEN 'standard' ELSE 'simplified' END, body,
           updated_at
    FROM drafts;
DROP TABLE drafts;
ALTER TABLE drafts_new RENAME TO drafts;

CREATE TABLE documents_new (
    id              INTEGER PRIMARY KEY,
    device_id       INTEGER NOT NULL REFERENCES devices (id),
    icv             INTEGER NOT NULL CHECK (icv >= 1),
    pih             TEXT NOT NULL,
    hash            TEXT NOT NULL,
    uuid            TEXT NOT NULL UNIQUE,
    series_id       INTEGER NOT NULL REFERENCES series (id),
    seq             INTEGER NOT NULL,
    number          TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'debit_note', 'prepayment')),
    flow            TEXT NOT NULL CHECK (flow IN ('standard', 'simplified')),
    issued_at       TEXT NOT NULL,
    customer_id     INTEGER REFERENCES customers (id),
    original_id     INTEGER REFERENCES documents (id),
    original_number TEXT,
    currency        TEXT NOT NULL,
    total_excl_vat  TEXT NOT NULL,
    vat_total       TEXT NOT NULL,
    total_incl_vat  TEXT NOT NULL,
    total_halalas   INTEGER NOT NULL,
    qr              TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN (
                        'queued', 'in_doubt', 'held', 'reported', 'reported_with_warnings',
                        'cleared', 'cleared_with_warnings', 'rejected')),
    status_at       TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    UNIQUE (device_id, icv),
    UNIQUE (series_id, seq),
    CHECK (kind IN ('invoice', 'prepayment') OR original_number IS NOT NULL)
) STRICT;
INSERT INTO documents_new
    SELECT id, device_id, icv, pih, hash, uuid, series_id, seq, number, kind,
           CASE flow WHEN 'clearance' THEN 'standard' ELSE 'simplified' END,
           issued_at, customer_id, original_id, original_number, currency, total_excl_vat,
           vat_total, total_incl_vat, total_halalas, qr, status, status_at, attempts,
           next_attempt_at
    FROM documents;
DROP TABLE documents;
ALTER TABLE documents_new RENAME TO documents;
CREATE INDEX documents_newest ON documents (issued_at DESC, id DESC);
CREATE INDEX documents_customer ON documents (customer_id, issued_at DESC);
CREATE INDEX documents_amount ON documents (total_halalas);
CREATE INDEX documents_pending ON documents (status, issued_at)
    WHERE status IN ('queued', 'in_doubt', 'held');
CREATE TRIGGER documents_sealed BEFORE UPDATE OF
    device_id, icv, pih, hash, uuid, series_id, seq, number, kind, flow, issued_at, customer_id,
    original_id, original_number, currency, total_excl_vat, vat_total, total_incl_vat,
    total_halalas, qr ON documents
BEGIN
    SELECT RAISE(ABORT, 'a signed document is never changed');
END;
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents BEGIN
    SELECT RAISE(ABORT, 'a signed document is never deleted');
END;

CREATE TABLE submissions_new (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    attempt      INTEGER NOT NULL CHECK (attempt >= 1),
    route        TEXT NOT NULL CHECK (route IN ('clearance', 'reporting')),
    endpoint     TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    duration_ms  INTEGER NOT NULL CHECK (duration_ms >= 0),
    http_status  INTEGER,
    outcome      TEXT NOT NULL CHECK (outcome IN (
                     'accepted', 'accepted_with_warnings', 'duplicate', 'clearance_off',
                     'rejected', 'bad_request', 'unauthorized', 'too_large', 'throttled',
                     'server_error', 'unknown', 'not_sent', 'malformed', 'unexpected_status')),
    messages     TEXT NOT NULL DEFAULT '[]',
    UNIQUE (document_id, attempt)
) STRICT;
-- The route of an earlier attempt: the one its endpoint names, else its document's flow's.
INSERT INTO submissions_new
    SELECT s.id, s.document_id, s.attempt,
           CASE
               WHEN s.endpoint LIKE '%reporting%' THEN 'reporting'
               WHEN s.endpoint LIKE '%clearance%' THEN 'clearance'
               WHEN d.flow = 'standard' THEN 'clearance'
               ELSE 'reporting'
           END,
           s.endpoint, s.started_at, s.duration_ms, s.http_status,
           CASE s.outcome
               WHEN 'malformed' THEN 'bad_request'
               WHEN 'auth_problem' THEN 'unauthorized'
               WHEN 'timeout' THEN 'unknown'
               ELSE s.outcome
           END,
           s.messages
    FROM submissions s JOIN documents d ON d.id = s.document_id;
DROP TABLE submissions;
ALTER TABLE submissions_new RENAME TO submissions;
CREATE TRIGGER submissions_immutable BEFORE UPDATE ON submissions BEGIN
    SELECT RAISE(ABORT, 'a submission attempt is never changed');
END;
CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions BEGIN
    SELECT RAISE(ABORT, 'a submission attempt is never deleted');
END;

-- The CSR fields a device had from the company: filled from the company row where there is one.
ALTER TABLE devices ADD COLUMN csr_vat_number TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN csr_organization TEXT NOT NULL DEFAULT '';
ALTER TABLE devices ADD COLUMN csr_country TEXT NOT NULL DEFAULT 'SA';
UPDATE devices SET
    csr_vat_number = coalesce((SELECT vat_number FROM company WHERE id = 1), ''),
    csr_organization = coalesce((SELECT name_ar FROM company WHERE id = 1), ''),
    csr_country = coalesce((SELECT country_code FROM company WHERE id = 1), 'SA');
