-- Defaults Postgres 15 stores in the catalog without touching a row
-- (relfilenode of "orders" unchanged): stable and immutable built-ins,
-- contrib functions declared immutable, functions the migrations declare
-- STABLE or IMMUTABLE, and a SQL function Postgres inlines (its body is one
-- SELECT of an immutable expression), whatever it declares.
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
CREATE FUNCTION app.default_region() RETURNS text IMMUTABLE LANGUAGE plpgsql AS $$ BEGIN RETURN 'eu'; END $$;
CREATE FUNCTION app.checksum(text) RETURNS text LANGUAGE sql AS $$ SELECT md5($1) $$;
-- migration
CREATE OR REPLACE FUNCTION shop_currency() RETURNS text LANGUAGE sql STABLE AS $$ SELECT 'EUR' $$;
ALTER TABLE orders ADD COLUMN currency text NOT NULL DEFAULT shop_currency();
ALTER TABLE orders ADD COLUMN region text DEFAULT app.default_region();
ALTER TABLE orders ADD COLUMN sum text DEFAULT app.checksum('x');
ALTER TABLE orders ADD COLUMN placed_on date NOT NULL DEFAULT CURRENT_DATE;
ALTER TABLE orders ADD COLUMN placed_at timestamp DEFAULT (now() AT TIME ZONE 'utc');
ALTER TABLE orders ADD COLUMN expires_at timestamptz DEFAULT date_trunc('day', now()) + interval '30 days';
ALTER TABLE orders ADD COLUMN code text DEFAULT upper(md5('x'));
ALTER TABLE orders ADD COLUMN meta jsonb NOT NULL DEFAULT jsonb_build_object('v', 1);
ALTER TABLE orders ADD COLUMN nil_id uuid DEFAULT uuid_nil();
ALTER TABLE orders ADD COLUMN created_by text DEFAULT current_user;
ALTER TABLE orders ADD COLUMN tz text DEFAULT pg_catalog.current_setting('TimeZone');
