CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric);
CREATE INDEX orders_user_idx ON orders (user_id);
CREATE TABLE measurements (id bigint, taken_at date) PARTITION BY RANGE (taken_at);
CREATE TABLE measurements_2020 (id bigint, taken_at date);
-- migration
-- postgres 12+: renaming an index takes share update exclusive
ALTER INDEX orders_user_idx RENAME TO orders_user_id_idx;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;
ALTER TABLE orders ALTER COLUMN total SET STATISTICS 500;
VACUUM (ANALYZE) orders;
