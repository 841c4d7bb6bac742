CREATE TABLE users (id bigint PRIMARY KEY);
CREATE FUNCTION make_code() RETURNS text LANGUAGE sql AS $$ SELECT md5(random()::text) $$;
-- migration
ALTER TABLE users ADD COLUMN code text DEFAULT make_code(); -- want `with volatile default make_code\(\) rewrites`
ALTER TABLE users ADD COLUMN seen timestamptz NOT NULL DEFAULT clock_timestamp(); -- want `with volatile default clock_timestamp\(\)`
ALTER TABLE users ADD COLUMN n bigint DEFAULT nextval('users_n_seq'); -- want `with volatile default nextval\(\)`
ALTER TABLE users SET ACCESS METHOD heap2; -- want `changing the access method of existing table "users" rewrites`
