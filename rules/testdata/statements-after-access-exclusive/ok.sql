CREATE TABLE orders (id bigint PRIMARY KEY, status text);
-- migration
-- plain file: every statement commits on its own
ALTER TABLE orders ADD COLUMN note text;
UPDATE orders SET note = '' WHERE id < 1000;
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
COMMIT;
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_idx ON orders (status);
