CREATE TABLE customers (
    id            INTEGER PRIMARY KEY,
    name_ar       TEXT NOT NULL,
    name_en       TEXT,
    search_text   TEXT NOT NULL,
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

-- Substring search in both names, folded (`search_text`, see src/text.rs), trigram.
CREATE VIRTUAL TABLE customers_fts USING fts5 (
    search_text, content = 'customers', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
    INSERT INTO customers_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_text ON customers BEGIN
    INSERT INTO customers_fts (customers_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    INSERT INTO customers_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
