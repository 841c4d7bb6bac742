CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX orders_user_id_idx ON orders (user_id);
-- migration
DROP INDEX orders_user_id_idx; -- want `require-concurrent-index-drop: dropping index "orders_user_id_idx" without concurrently takes an access exclusive lock that blocks reads and writes of "orders"`
DROP INDEX IF EXISTS legacy_idx; -- want `dropping index "legacy_idx" .* of its table`
