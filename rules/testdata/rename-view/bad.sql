CREATE TABLE users (id bigint);
CREATE VIEW active_users AS SELECT id FROM users;
-- migration
ALTER VIEW active_users RENAME TO current_users; -- want `rename-view: renaming view "active_users" to "current_users" breaks code that still uses the old name`
