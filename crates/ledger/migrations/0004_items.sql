-- Prices are decimal text (rust_decimal), never floating point.
CREATE TABLE items (
    id               INTEGER PRIMARY KEY,
    name_ar          TEXT NOT NULL,
    name_en          TEXT,
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
    name_ar, name_en, content = 'items', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts (rowid, name_ar, name_en) VALUES (new.id, new.name_ar, new.name_en);
END;
CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, name_ar, name_en)
        VALUES ('delete', old.id, old.name_ar, old.name_en);
END;
CREATE TRIGGER items_fts_update AFTER UPDATE OF name_ar, name_en ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, name_ar, name_en)
        VALUES ('delete', old.id, old.name_ar, old.name_en);
    INSERT INTO items_fts (rowid, name_ar, name_en) VALUES (new.id, new.name_ar, new.name_en);
END;
