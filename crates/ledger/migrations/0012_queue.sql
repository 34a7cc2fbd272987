-- The submission queue.
-- * Each document has the route it is sent on now. It starts as its flow's (standard: clearance,
--   simplified: reporting); ZATCA's 303 (clearance switched off) moves a standard document to
--   reporting, and that is the only move a route makes.
-- * Each document has the time ZATCA must have it by (`due_at`): a standard document at once (it
--   may not be shared before it is cleared), a simplified one 24 hours after its issue. The queue
--   hands documents out in that order.
-- * A worker claims a document before it sends it (`claimed_by` until `claimed_until`): two
--   workers never send one document at once, and a crashed worker's claim lapses.
-- * A device's queue is paused when FATOORA refuses its credentials (401/403), with the reason,
--   the time and the attempt; a new production certificate or an explicit resume lifts it.

ALTER TABLE documents ADD COLUMN route TEXT NOT NULL DEFAULT 'reporting'
    CHECK (route IN ('clearance', 'reporting'));
-- A standard document still goes to clearance unless ZATCA already answered it with a 303.
UPDATE documents SET route = 'clearance'
WHERE flow = 'standard' AND NOT EXISTS (
    SELECT 1 FROM submissions s WHERE s.document_id = documents.id AND s.outcome = 'clearance_off');
ALTER TABLE documents ADD COLUMN due_at TEXT NOT NULL DEFAULT '';
UPDATE documents SET due_at = CASE flow
    WHEN 'standard' THEN issued_at
    ELSE strftime('%Y-%m-%dT%H:%M:%SZ', issued_at, '+24 hours')
END;
ALTER TABLE documents ADD COLUMN claimed_by TEXT;
ALTER TABLE documents ADD COLUMN claimed_until TEXT;

-- One index for every queue query: the documents not finally answered, by deadline.
DROP INDEX documents_pending;
CREATE INDEX documents_pending ON documents (due_at, id)
    WHERE status IN ('queued', 'in_doubt', 'held');

-- The deadline is sealed with the chain fields it follows from; the route only moves forward.
DROP TRIGGER documents_sealed;
CREATE TRIGGER documents_sealed BEFORE UPDATE OF
    device_id, icv, pih, hash, uuid, series_id, seq, number, kind, flow, issued_at, customer_id,
    original_id, original_number, currency, total_excl_vat, vat_total, total_incl_vat,
    total_halalas, qr, due_at ON documents
BEGIN
    SELECT RAISE(ABORT, 'a signed document is never changed');
END;
CREATE TRIGGER documents_route_forward BEFORE UPDATE OF route ON documents
WHEN new.route <> old.route AND NOT (old.route = 'clearance' AND new.route = 'reporting') BEGIN
    SELECT RAISE(ABORT, 'a document''s route only moves from clearance to reporting');
END;

ALTER TABLE devices ADD COLUMN queue_paused_at TEXT;
ALTER TABLE devices ADD COLUMN queue_pause_reason TEXT;
ALTER TABLE devices ADD COLUMN queue_pause_attempt INTEGER REFERENCES submissions (id);
