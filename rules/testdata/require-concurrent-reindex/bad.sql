CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX orders_user_id_idx ON orders (user_id);
-- migration
REINDEX INDEX orders_user_id_idx; -- want `require-concurrent-reindex: reindexing index "orders_user_id_idx" without concurrently blocks writes`
REINDEX TABLE orders; -- want `reindexing table "orders"`
