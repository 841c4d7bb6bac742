CREATE TABLE users (id bigint, email text);
-- migration
ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);
ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_uniq;
