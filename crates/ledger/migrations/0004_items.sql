-- Prices are decimal text (rust_decimal), never floating point.
CREATE TABLE items (
    id               INTEGER PRIMARY KEY,
    name_ar          TEXT NOT NULL,
    name_en          TEXT,
    search_text      TEXT NOT NULL,
    unit_code        TEXT NOT NULL DEFAULT 'PCE',
    price            TEXT NOT NULL,
    vat_category     TEXT NOT NULL CHECK (vat_category IN ('S', 'Z', 'E', 'O')),
    vat_rate         TEXT NOT NULL,
    exemption_code   TEXT,
    exemption_reason TEXT,
    barcode          TEXT UNIQUE,
    sku              TEXT UNIQUE,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    CHECK (vat_category = 'S' OR exemption_code IS NOT NULL)
) STRICT;

CREATE VIRTUAL TABLE items_fts USING fts5 (
    search_text, content = 'items', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF search_text ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    INSERT INTO items_fts (rowid, search_text) VALUES (new.id, new.search_text);
END;
