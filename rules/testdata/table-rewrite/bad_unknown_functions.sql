-- A function rbcheck has no CREATE FUNCTION for is volatile, as Postgres
-- makes every function unless it is declared otherwise. Checked on
-- Postgres 15 (relfilenode of "orders" before and after) with
-- make_payload(), billing.next_reference(text) and lead_time() created as
-- plpgsql functions without a volatility: each ALTER below rewrites.
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
CREATE FUNCTION app.stamp() RETURNS text LANGUAGE plpgsql AS $$ BEGIN RETURN 'x'; END $$;
CREATE FUNCTION app.noise() RETURNS float8 LANGUAGE sql AS $$ SELECT random() * 2 $$;
-- migration
ALTER TABLE orders ADD COLUMN payload jsonb DEFAULT make_payload(); -- want `table-rewrite: adding column "payload" to existing table "orders" with default make_payload\(\) rewrites the whole table .*: make_payload\(\) is neither a built-in stable or immutable function nor one the migrations create`
ALTER TABLE orders ADD COLUMN ref text DEFAULT billing.next_reference('ORD'); -- want `with default billing.next_reference\(\) rewrites`
-- a stable built-in next to an unknown function does not make it safe
ALTER TABLE orders ADD COLUMN due date DEFAULT (now() + lead_time())::date; -- want `with default lead_time\(\) rewrites`
-- app.stamp declares no volatility and is not inlined (plpgsql): volatile
ALTER TABLE orders ADD COLUMN stamp text DEFAULT app.stamp(); -- want `with volatile default app.stamp\(\) rewrites`
-- app.noise is inlined, and its body calls random()
ALTER TABLE orders ADD COLUMN noise float8 DEFAULT app.noise(); -- want `with volatile default app.noise\(\) rewrites`
-- pg_catalog.* is always the built-in: random() is volatile
ALTER TABLE orders ADD COLUMN jitter float8 DEFAULT pg_catalog.random(); -- want `with volatile default random\(\) rewrites`
-- contrib: uuid-ossp's uuid_generate_v1mc is volatile
ALTER TABLE orders ADD COLUMN token uuid DEFAULT extensions.uuid_generate_v1mc(); -- want `with volatile default extensions.uuid_generate_v1mc\(\) rewrites`
