CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX orders_user_id_idx ON orders (user_id);
-- migration
REINDEX INDEX CONCURRENTLY orders_user_id_idx;
REINDEX TABLE CONCURRENTLY orders;
