-- User-visible numbering. `next_seq` only grows; a number is taken inside the same
-- transaction that stores its document, so a number is never reused and never skipped.
CREATE TABLE series (
    id        INTEGER PRIMARY KEY,
    code      TEXT NOT NULL UNIQUE,
    prefix    TEXT NOT NULL,
    width     INTEGER NOT NULL CHECK (width BETWEEN 1 AND 12),
    next_seq  INTEGER NOT NULL DEFAULT 1 CHECK (next_seq >= 1)
) STRICT;
CREATE TRIGGER series_never_back BEFORE UPDATE OF next_seq ON series
WHEN new.next_seq < old.next_seq BEGIN
    SELECT RAISE(ABORT, 'series numbers never go back');
END;
CREATE TRIGGER series_no_delete BEFORE DELETE ON series BEGIN
    SELECT RAISE(ABORT, 'a series is never deleted');
END;
