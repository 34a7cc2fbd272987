CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    name_ar       TEXT NOT NULL,
    name_en       TEXT,
    vat_number    TEXT,
    crn           TEXT,
    street        TEXT,
    building      TEXT,
    district      TEXT,
    city          TEXT,
    postal_code   TEXT,
    country_code  TEXT NOT NULL DEFAULT 'SA',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX customers_vat ON customers (vat_number) WHERE vat_number IS NOT NULL;
CREATE INDEX customers_crn ON customers (crn) WHERE crn IS NOT NULL;

-- Substring search in Arabic and English names (trigram, external content).
CREATE VIRTUAL TABLE customers_fts USING fts5 (
    name_ar, name_en, content = 'customers', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_fts (rowid, name_ar, name_en) VALUES (new.id, new.name_ar, new.name_en);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, name_ar, name_en)
        VALUES ('delete', old.id, old.name_ar, old.name_en);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF name_ar, name_en ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, name_ar, name_en)
        VALUES ('delete', old.id, old.name_ar, old.name_en);
    INSERT INTO customers_fts (rowid, name_ar, name_en) VALUES (new.id, new.name_ar, new.name_en);
END;
