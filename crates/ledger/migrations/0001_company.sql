-- The seller: one row, the company whose VAT number every document carries.
CREATE TABLE company (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    name_ar       TEXT NOT NULL,
    name_en       TEXT,
    vat_number    TEXT NOT NULL,
    crn           TEXT,
    street        TEXT,
    building      TEXT,
    district      TEXT,
    city          TEXT,
    postal_code   TEXT,
    country_code  TEXT NOT NULL DEFAULT 'SA',
    updated_at    TEXT NOT NULL
) STRICT;
