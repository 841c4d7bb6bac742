CREATE TABLE users (id bigint, email text);
-- migration
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON users (email);
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX users_email_key;
CREATE TABLE teams (id bigint, name text);
ALTER TABLE teams ADD CONSTRAINT teams_name_key UNIQUE (name);
