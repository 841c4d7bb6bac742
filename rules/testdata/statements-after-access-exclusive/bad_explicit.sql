CREATE TABLE orders (id bigint PRIMARY KEY, status text);
-- migration
BEGIN;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
CREATE INDEX orders_status_idx ON orders (status); -- want `"orders" is still locked access exclusive by the statement at line 4`
COMMIT;
