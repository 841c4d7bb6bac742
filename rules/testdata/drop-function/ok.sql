CREATE FUNCTION touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
CREATE FUNCTION log_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN END $$;
-- migration
CREATE FUNCTION tmp_helper() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
DROP FUNCTION tmp_helper();
-- dropped and created again with another signature
DROP FUNCTION order_total(bigint);
CREATE FUNCTION order_total(bigint, text) RETURNS numeric LANGUAGE sql AS $$ SELECT 0::numeric $$;
-- trigger functions: no query can call them (Postgres refuses the call), so
-- no old code breaks; Postgres refuses to drop one a trigger still uses
-- (2BP01) unless CASCADE drops the trigger with it
DROP FUNCTION touch_updated_at();
DROP FUNCTION log_ddl();
