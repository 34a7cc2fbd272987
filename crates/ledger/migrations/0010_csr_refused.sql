-- The FATOORA client names a refused CSR as its own answer (`csr_refused`); an attempt's outcome
-- has one word per answer of the client, so the list grows by it. The table is rebuilt as in
-- 0009 (SQLite cannot change a CHECK constraint in place), every row kept.
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
                     'rejected', 'bad_request', 'csr_refused', 'unauthorized', 'too_large',
                     'throttled', 'server_error', 'unknown', 'not_sent', 'malformed',
                     'unexpected_status')),
    messages     TEXT NOT NULL DEFAULT '[]',
    UNIQUE (document_id, attempt)
) STRICT;
INSERT INTO submissions_new SELECT * FROM submissions;
DROP TABLE submissions;
ALTER TABLE submissions_new RENAME TO submissions;
CREATE TRIGGER submissions_immutable BEFORE UPDATE ON submissions BEGIN
    SELECT RAISE(ABORT, 'a submission attempt is never changed');
END;
CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions BEGIN
    SELECT RAISE(ABORT, 'a submission attempt is never deleted');
END;
