CREATE TABLE users (id bigint, email text, CONSTRAINT users_email_key UNIQUE (email));
-- migration
ALTER TABLE users RENAME CONSTRAINT users_email_key TO users_email_uniq; -- want `rename-constraint: renaming constraint "users_email_key" of "users" to "users_email_uniq" breaks code that names it`
