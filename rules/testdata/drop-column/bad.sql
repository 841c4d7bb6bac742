CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, legacy_email text);
-- migration
ALTER TABLE users DROP COLUMN legacy_email; -- want `drop-column: dropping column "users.legacy_email" breaks code that still reads or writes it`
ALTER TABLE users
  ADD COLUMN nickname text,
  DROP COLUMN email; -- want `drop-column: .*"users.email"`
