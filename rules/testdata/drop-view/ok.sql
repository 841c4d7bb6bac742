CREATE TABLE users (id bigint);
-- migration
CREATE VIEW tmp_users AS SELECT id FROM users;
DROP VIEW tmp_users;
-- dropped and created again under the same name: old queries keep working
DROP VIEW IF EXISTS active_users;
CREATE VIEW active_users AS SELECT id FROM users;
