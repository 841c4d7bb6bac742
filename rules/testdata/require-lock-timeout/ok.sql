CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- migration
-- a new table takes no lock that matters
CREATE TABLE invoices (id bigint PRIMARY KEY);
ALTER TABLE invoices ADD COLUMN note text;
-- concurrent forms do not block reads or writes
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note text;
DROP TABLE orders;
