CREATE TABLE users (id bigint PRIMARY KEY, email text, handle text, CONSTRAINT users_handle_key UNIQUE (handle));
CREATE UNIQUE INDEX users_email_idx ON users (email);
-- migration
DROP INDEX users_email_idx; -- want `drop-unique: dropping unique index "users_email_idx" on "users" \(email\) breaks old inserts that rely on it in on conflict`
ALTER TABLE users DROP CONSTRAINT users_handle_key; -- want `drop-unique: dropping unique constraint "users_handle_key" of "users" \(handle\)`
ALTER TABLE users DROP CONSTRAINT users_pkey; -- want `drop-unique: dropping primary key constraint "users_pkey" of "users" \(id\)`
