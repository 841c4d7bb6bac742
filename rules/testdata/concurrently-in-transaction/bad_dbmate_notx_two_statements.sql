-- format: dbmate
-- dbmate sends the part as one query string: two statements form an implicit transaction
-- migrate:up transaction:false
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note); -- want `create index concurrently cannot run inside a transaction block`
DROP INDEX CONCURRENTLY IF EXISTS orders_old_idx; -- want `drop index concurrently cannot run inside a transaction block`

-- migrate:down
DROP INDEX CONCURRENTLY IF EXISTS orders_note_idx;
