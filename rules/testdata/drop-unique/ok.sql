CREATE TABLE users (id bigint PRIMARY KEY, email text, age int CONSTRAINT users_age_check CHECK (age > 0));
CREATE INDEX users_email_idx ON users (email);
-- migration
-- not unique
DROP INDEX users_email_idx;
ALTER TABLE users DROP CONSTRAINT users_age_check;
-- created by the checked migrations
CREATE UNIQUE INDEX users_email_key ON users (email);
DROP INDEX users_email_key;
-- unknown, and not named like a unique key
DROP INDEX IF EXISTS orders_created_at_idx;
