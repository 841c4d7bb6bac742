CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
CREATE INDEX orders_user_id_created_idx ON orders (user_id, id);
-- migration
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- the index comes later in the same file
CREATE TABLE comments (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id), body text);
CREATE INDEX comments_user_id_idx ON comments (user_id);
-- the primary key covers the foreign key
CREATE TABLE profiles (user_id bigint PRIMARY KEY REFERENCES users (id));
