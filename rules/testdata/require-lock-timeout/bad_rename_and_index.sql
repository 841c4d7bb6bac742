-- pg-version: 11
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX orders_user_idx ON orders (user_id);
-- migration
ALTER INDEX orders_user_idx RENAME TO orders_user_id_idx; -- want `require-lock-timeout: statement takes an access exclusive lock on existing table "orders"`
ALTER TABLE orders RENAME COLUMN user_id TO customer_id; -- want `access exclusive lock on existing table "orders"`
CREATE INDEX orders_customer_id_idx ON orders (customer_id); -- want `statement takes a share lock on existing table "orders" without lock_timeout; while it waits for the lock, writes of "orders" queue behind it`
