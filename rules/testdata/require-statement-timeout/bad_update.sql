CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
-- migration
UPDATE orders SET total = 0; -- want `whole-table update on existing table "orders" runs without statement_timeout; it locks every row of "orders" for as long as it runs`
