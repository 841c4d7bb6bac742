CREATE TABLE users (id bigint);
CREATE TYPE order_status AS ENUM ('new');
-- migration
ALTER TABLE users SET SCHEMA accounts; -- want `set-schema: moving table "users" to schema "accounts" breaks code that still uses the old name`
ALTER TYPE order_status SET SCHEMA billing; -- want `set-schema: moving type "order_status" to schema "billing"`
ALTER FUNCTION public."Order_Total"(bigint, text) SET SCHEMA billing; -- want `set-schema: moving function "public.Order_Total" to schema "billing"`
ALTER MATERIALIZED VIEW IF EXISTS stats SET SCHEMA reporting; -- want `set-schema: moving materialized view "stats"`
