-- format: flyway
-- Flyway runs a migration containing CONCURRENTLY without a transaction
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
