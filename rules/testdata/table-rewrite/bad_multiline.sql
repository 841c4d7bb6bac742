CREATE TABLE users (id integer PRIMARY KEY, score integer);
-- migration
ALTER TABLE users
  ADD COLUMN note text,
  ADD COLUMN ref uuid DEFAULT uuid_generate_v4(), -- want `adding column "ref" to existing table "users" with volatile default uuid_generate_v4\(\)`
  ALTER COLUMN score TYPE numeric USING score::numeric; -- want `changing column "score" of "users" from integer to numeric`
