CREATE TABLE orders (id bigint PRIMARY KEY, legacy text);
-- migration
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_legacy_idx ON orders (legacy);
CREATE TABLE IF NOT EXISTS invoices (id bigint);
ALTER TABLE orders ADD COLUMN IF NOT EXISTS note text;
ALTER TABLE orders DROP COLUMN IF EXISTS legacy;
DROP TABLE IF EXISTS invoices;
ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_id_positive;
ALTER TABLE orders ADD CONSTRAINT orders_id_positive CHECK (id > 0) NOT VALID;
