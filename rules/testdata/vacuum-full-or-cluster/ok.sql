CREATE TABLE orders (id bigint PRIMARY KEY);
-- migration
VACUUM (ANALYZE) orders;
ANALYZE orders;
