-- format: goose
-- +goose Up
ALTER TABLE orders ADD COLUMN note text;
COMMIT; -- want `transaction-nesting: commit ends the migration tool's transaction early`
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note);
