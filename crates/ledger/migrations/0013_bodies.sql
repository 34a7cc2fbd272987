-- Compressed document bodies (zstd with a dictionary), and the QR kept once.
-- * `body_dictionaries` holds every dictionary a body was compressed with, whole, never changed
--   nor deleted: the books decode on their own, whatever dictionaries later Sanads ship. A
--   dictionary is the shipped one (`base`, e.g. 'v1', trained on Sanad's own signed documents)
--   with the first document of one signing certificate (`certificate_sha256`; NULL when a
--   document carries none) and flow appended: every document a device signs repeats its
--   certificate, the public key in its QR, the shop's name and address.
-- * Each body says how it is stored (`codec`: 'raw' or 'zstd') and with which dictionary
--   (`dict`). Rows written before this step are raw; Sanad compresses them after opening, a
--   chunk per transaction (a raw body is read as it is meanwhile). The only change a stored body
--   allows is that one: raw to zstd, once.

CREATE TABLE body_dictionaries (
    id                  INTEGER PRIMARY KEY,
    base                TEXT NOT NULL,
    certificate_sha256  TEXT,
    flow                TEXT NOT NULL CHECK (flow IN ('standard', 'simplified')),
    bytes               BLOB NOT NULL,
    created_at          TEXT NOT NULL,
    UNIQUE (base, certificate_sha256, flow)
) STRICT;
CREATE TRIGGER body_dictionaries_sealed BEFORE UPDATE ON body_dictionaries BEGIN
    SELECT RAISE(ABORT, 'a body dictionary is never changed');
END;
CREATE TRIGGER body_dictionaries_kept BEFORE DELETE ON body_dictionaries BEGIN
    SELECT RAISE(ABORT, 'a body dictionary is never deleted');
END;

ALTER TABLE document_bodies ADD COLUMN codec TEXT NOT NULL DEFAULT 'raw'
    CHECK (codec IN ('raw', 'zstd'));
ALTER TABLE document_bodies ADD COLUMN dict INTEGER REFERENCES body_dictionaries (id);

DROP TRIGGER document_bodies_sealed;
CREATE TRIGGER document_bodies_sealed BEFORE UPDATE OF document_id, signed_xml, codec, dict
ON document_bodies
WHEN NOT (old.codec = 'raw' AND new.codec = 'zstd' AND new.document_id = old.document_id)
BEGIN
    SELECT RAISE(ABORT, 'a signed document is never changed');
END;
DROP TRIGGER document_bodies_cleared_once;
CREATE TRIGGER document_bodies_cleared_once BEFORE UPDATE OF cleared_xml ON document_bodies
WHEN old.cleared_xml IS NOT NULL AND NOT (old.codec = 'raw' AND new.codec = 'zstd') BEGIN
    SELECT RAISE(ABORT, 'cleared bytes are stored once');
END;
CREATE INDEX document_bodies_raw ON document_bodies (document_id) WHERE codec = 'raw';

-- The QR text was kept twice: in the signed bytes and in `documents.qr` (about 500 bytes a
-- document). It is read from the bytes now; the column goes.
DROP TRIGGER documents_sealed;
ALTER TABLE documents DROP COLUMN qr;
CREATE TRIGGER documents_sealed BEFORE UPDATE OF
    device_id, icv, pih, hash, uuid, series_id, seq, number, kind, flow, issued_at, customer_id,
    original_id, original_number, currency, total_excl_vat, vat_total, total_incl_vat,
    total_halalas, due_at ON documents
BEGIN
    SELECT RAISE(ABORT, 'a signed document is never changed');
END;
