-- A customer carries what the engine's buyer needs: its type (business, government, consumer),
-- the scheme of its identifier (`crn` holds the identifier itself: CRN, NAT, TIN, …), and the
-- rest of the national address (additional street, additional number, region).
ALTER TABLE customers ADD COLUMN kind TEXT NOT NULL DEFAULT 'business'
    CHECK (kind IN ('business', 'government', 'consumer'));
ALTER TABLE customers ADD COLUMN id_scheme TEXT;
ALTER TABLE customers ADD COLUMN additional_street TEXT;
ALTER TABLE customers ADD COLUMN additional_number TEXT;
ALTER TABLE customers ADD COLUMN region TEXT;
UPDATE customers SET id_scheme = 'CRN' WHERE crn IS NOT NULL;
