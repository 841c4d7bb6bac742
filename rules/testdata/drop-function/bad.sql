CREATE FUNCTION order_total(bigint) RETURNS numeric LANGUAGE sql AS $$ SELECT 0::numeric $$;
-- migration
DROP FUNCTION order_total(bigint); -- want `drop-function: dropping function "order_total" breaks code that still calls it`
DROP PROCEDURE IF EXISTS archive_orders; -- want `drop-function: dropping procedure "archive_orders"`
