CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint, user_id bigint, CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE);
-- migration
ALTER TABLE orders DROP CONSTRAINT orders_user_fk; -- want `drop-foreign-key: dropping foreign key "orders_user_fk" of "orders" to "(public\.)?users" lets orphan rows in`
ALTER TABLE payments DROP CONSTRAINT payments_order_id_fkey; -- want `drop-foreign-key: .*"payments_order_id_fkey"`
