CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX orders_user_id_idx ON orders (user_id);
-- migration
DROP INDEX CONCURRENTLY IF EXISTS orders_user_id_idx;
-- an index created by this release on a new table
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX invoices_order_id_idx ON invoices (order_id);
DROP INDEX invoices_order_id_idx;
