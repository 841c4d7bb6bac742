-- pg-version: 11
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX orders_user_idx ON orders (user_id);
-- migration
ALTER INDEX orders_user_idx RENAME TO orders_user_id_idx; -- want `require-lock-timeout: statement takes an access exclusive lock on existing table "orders" without lock_timeout \(and so do 2 later statements\)`
ALTER TABLE orders RENAME COLUMN user_id TO customer_id;
CREATE INDEX orders_customer_id_idx ON orders (customer_id);
