-- Postgres' one-byte "char" (pg_catalog.char, what pg_class.relkind uses)
-- is a different type from char(n): it neither pads nor takes a length.
CREATE TABLE ledger_entries (id bigint, side "char" NOT NULL, kind pg_catalog.char, flags "char"[]);
ALTER TABLE ledger_entries ADD COLUMN status pg_catalog."char" DEFAULT 'a';
