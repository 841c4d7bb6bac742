ALTER TABLE users ADD COLUMN nickname text;
CREATE INDEX orders_total ON orders (total);
CREATE TABLE tags (id bigserial PRIMARY KEY, name text);
ALTER TABLE tags ADD COLUMN color text;
ALTER TABLE posts DROP COLUMN title;
