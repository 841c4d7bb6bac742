CREATE TABLE users (id bigint PRIMARY KEY, full_name text);
CREATE VIEW named_users AS SELECT id, full_name FROM users;
-- migration
ALTER VIEW named_users RENAME COLUMN full_name TO name; -- want `rename-column: renaming column "named_users.full_name" to "name"`
