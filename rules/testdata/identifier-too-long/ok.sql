CREATE TABLE orders (id bigint, note text);
-- migration
CREATE INDEX orders_customer_created_status_country_idx ON orders (id);
COMMENT ON COLUMN orders.note IS 'a comment may be as long as it likes, this string is well over sixty-three bytes long';
-- a comment with a very long word: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1 AS bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb $body$;
