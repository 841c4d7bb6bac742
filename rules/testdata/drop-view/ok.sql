CREATE TABLE users (id bigint);
-- migration
CREATE VIEW tmp_users AS SELECT id FROM users;
DROP VIEW tmp_users;
