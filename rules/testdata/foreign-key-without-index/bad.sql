CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
-- migration
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID; -- want `foreign-key-without-index: foreign key to "users" on "orders" \(user_id\) has no index on the referencing columns; deletes and key updates on the referenced table scan "orders"`
CREATE TABLE comments (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), body text); -- want `foreign key to "users" on "comments" \(user_id\)`
