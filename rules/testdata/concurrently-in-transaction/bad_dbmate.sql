-- format: dbmate
-- migrate:up
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note); -- want `create index concurrently cannot run inside a transaction block; the migration fails because it runs inside the migration tool's transaction`

-- migrate:down
DROP INDEX IF EXISTS orders_note_idx;
