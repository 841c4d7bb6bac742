CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- migration
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_user_id_idx ON orders (user_id);
-- a table created by the same release: nobody writes to it yet
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
CREATE INDEX invoices_order_id_idx ON invoices (order_id);
