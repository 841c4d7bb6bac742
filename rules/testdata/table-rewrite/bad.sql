CREATE TABLE users (id integer PRIMARY KEY, name varchar(50), born timestamp);
-- migration
ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid(); -- want `table-rewrite: adding column "token" to existing table "users" with volatile default gen_random_uuid\(\) rewrites the whole table under an access exclusive lock`
ALTER TABLE users ADD COLUMN seq bigserial; -- want `adding serial column "seq"`
ALTER TABLE users ADD COLUMN num bigint GENERATED ALWAYS AS IDENTITY; -- want `adding identity column "num"`
ALTER TABLE users ADD COLUMN name_len int GENERATED ALWAYS AS (length(name)) STORED; -- want `adding stored generated column "name_len"`
ALTER TABLE users ALTER COLUMN id TYPE bigint; -- want `changing column "id" of "users" from integer to bigint rewrites`
ALTER TABLE users ALTER COLUMN name TYPE varchar(20); -- want `changing column "name" of "users" from varchar\(50\) to varchar\(20\)`
ALTER TABLE users ALTER COLUMN born TYPE timestamptz; -- want `changing column "born"`
ALTER TABLE users SET LOGGED; -- want `set logged on existing table "users" rewrites`
ALTER TABLE users SET TABLESPACE fast_ssd; -- want `moving existing table "users" to another tablespace`
ALTER TABLE legacy ALTER COLUMN code TYPE text; -- want `changing column "code" of "legacy" to text may rewrite .*unknown`
