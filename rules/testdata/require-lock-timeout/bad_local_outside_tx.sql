CREATE TABLE orders (id bigint PRIMARY KEY);
-- migration
-- SET LOCAL outside a transaction block has no effect
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note text; -- want `lock on existing table "orders" without lock_timeout`
