CREATE TABLE users (id bigint);
-- migration
-- a compatibility view under the old name keeps old code working
ALTER TABLE users SET SCHEMA accounts;
CREATE VIEW users AS SELECT * FROM accounts.users;
CREATE TABLE staging (id bigint);
ALTER TABLE staging SET SCHEMA scratch;
ALTER EXTENSION pg_trgm SET SCHEMA extensions;
