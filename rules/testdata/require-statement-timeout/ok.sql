CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
-- migration
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_total_idx ON orders (total);
UPDATE orders SET total = 0 WHERE id < 1000;
SET statement_timeout = '5min';
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);
UPDATE orders SET total = 0;
