CREATE TABLE users (id bigint PRIMARY KEY, full_name text);
-- migration
ALTER TABLE users RENAME COLUMN full_name TO display_name; -- want `rename-column: renaming column "users.full_name" to "display_name" breaks code that still uses the old name`
CREATE VIEW named_users AS SELECT id, full_name FROM users; -- a view created by the migration: quiet
ALTER VIEW named_users RENAME COLUMN full_name TO name;
