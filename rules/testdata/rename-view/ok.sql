CREATE TABLE users (id bigint);
-- migration
CREATE VIEW v1 AS SELECT id FROM users;
ALTER VIEW v1 RENAME TO v2;
