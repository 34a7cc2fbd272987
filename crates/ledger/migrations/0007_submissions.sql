-- One immutable row per attempt to send a document to FATOORA.
CREATE TABLE submissions (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    attempt      INTEGER NOT NULL CHECK (attempt >= 1),
    endpoint     TEXT NOT NULL,
    started_at   TEXT NOT NULL,
    duration_ms  INTEGER NOT NULL CHECK (duration_ms >= 0),
    http_status  INTEGER,
    outcome      TEXT NOT NULL CHECK (outcome IN (
                     'accepted', 'accepted_with_warnings', 'duplicate', 'rejected', 'malformed',
                     'auth_problem', 'too_large', 'throttled', 'server_error', 'timeout',
                     'not_sent', 'clearance_off')),
    messages     TEXT NOT NULL DEFAULT '[]',
    UNIQUE (document_id, attempt)
) STRICT;
CREATE TRIGGER submissions_immutable BEFORE UPDATE ON submissions BEGIN
    SELECT RAISE(ABORT, 'a submission attempt is never changed');
END;
CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions BEGIN
    SELECT RAISE(ABORT, 'a submission attempt is never deleted');
END;
