CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
-- migration
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0); -- want `require-statement-timeout: statement holds an access exclusive lock on existing table "orders" without statement_timeout; reads and writes of "orders" wait for as long as it runs \(and so does 1 later statement\)`
UPDATE orders SET total = 0;
