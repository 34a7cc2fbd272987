-- Drafts: unsigned, editable, outside the chain.
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'debit_note', 'prepayment')),
    flow        TEXT NOT NULL CHECK (flow IN ('clearance', 'reporting')),
    body        TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- Signed documents: one row per chain slot; the chain fields never change once stored (triggers
-- below). The bytes live in `document_bodies`, so that lists, searches and queue queries read
-- small rows (a few hundred bytes, many per page) instead of walking 10 KB records.
-- Times are UTC, 'YYYY-MM-DDTHH:MM:SSZ', so text order is time order.
-- Amounts: decimal text as written in the XML, plus `total_halalas` (integer) for range search.
CREATE TABLE documents (
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
    flow            TEXT NOT NULL CHECK (flow IN ('clearance', 'reporting')),
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

-- The exact bytes that were hashed and signed, and ZATCA's cleared document once it is cleared.
CREATE TABLE document_bodies (
    document_id  INTEGER PRIMARY KEY REFERENCES documents (id),
    signed_xml   BLOB NOT NULL,
    cleared_xml  BLOB
) STRICT;
CREATE TRIGGER document_bodies_sealed BEFORE UPDATE OF document_id, signed_xml ON document_bodies
BEGIN
    SELECT RAISE(ABORT, 'a signed document is never changed');
END;
CREATE TRIGGER document_bodies_cleared_once BEFORE UPDATE OF cleared_xml ON document_bodies
WHEN old.cleared_xml IS NOT NULL BEGIN
    SELECT RAISE(ABORT, 'cleared bytes are stored once');
END;
CREATE TRIGGER document_bodies_no_delete BEFORE DELETE ON document_bodies BEGIN
    SELECT RAISE(ABORT, 'a signed document is never deleted');
END;
