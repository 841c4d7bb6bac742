CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, created_at timestamptz);
-- migration
CREATE INDEX orders_user_id_idx ON orders (user_id); -- want `require-concurrent-index: creating index "orders_user_id_idx" on existing table "orders" without concurrently blocks writes to "orders"`
CREATE UNIQUE INDEX ON orders (created_at, id); -- want `creating an index on existing table "orders"`
