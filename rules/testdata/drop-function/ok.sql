CREATE FUNCTION tmp_helper() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
DROP FUNCTION tmp_helper();
-- dropped and created again with another signature
DROP FUNCTION order_total(bigint);
CREATE FUNCTION order_total(bigint, text) RETURNS numeric LANGUAGE sql AS $$ SELECT 0::numeric $$;
