CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric);
-- migration
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id); -- want `constraint-not-valid: adding foreign key constraint "orders_user_fk" to existing table "orders" without not valid scans the whole table while blocking writes to "orders" and "users"`
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0); -- want `adding check constraint "orders_total_positive" .* blocking reads and writes of "orders"`
ALTER TABLE orders ADD COLUMN buyer_id bigint REFERENCES users (id); -- want `adding column "buyer_id" with a foreign key constraint to existing table "orders" validates every row`
