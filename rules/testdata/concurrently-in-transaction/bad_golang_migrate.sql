-- format: golang-migrate
-- golang-migrate sends the file as one query string: postgres runs it as one implicit transaction
ALTER TABLE orders ADD COLUMN note text;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_idx ON orders (note); -- want `create index concurrently cannot run inside a transaction block; the migration fails because it runs inside the implicit transaction postgres uses for a multi-statement file`
