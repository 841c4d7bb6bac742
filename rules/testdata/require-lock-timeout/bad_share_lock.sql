CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- migration
CREATE INDEX orders_user_id_idx ON orders (user_id); -- want `statement takes a share lock on existing table "orders" without lock_timeout; while it waits for the lock, writes of "orders" queue behind it`
