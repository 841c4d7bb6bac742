CREATE TABLE users (id bigint PRIMARY KEY, legacy_email text);
-- migration
-- rbcheck:ignore drop-column nothing has read legacy_email since v2.1
ALTER TABLE users DROP COLUMN legacy_email;
