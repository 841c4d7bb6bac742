CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint, user_id bigint, CONSTRAINT orders_id_check CHECK (id > 0));
-- migration
ALTER TABLE orders DROP CONSTRAINT orders_id_check;
ALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id);
ALTER TABLE orders DROP CONSTRAINT orders_user_id_fkey;
