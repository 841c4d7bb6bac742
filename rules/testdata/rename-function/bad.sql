CREATE FUNCTION order_total(bigint) RETURNS numeric LANGUAGE sql AS $$ SELECT 0::numeric $$;
-- migration
ALTER FUNCTION order_total(bigint) RENAME TO order_sum; -- want `rename-function: renaming function "order_total" to "order_sum" breaks code that still calls it`
ALTER PROCEDURE archive_orders() RENAME TO archive_old_orders; -- want `rename-function: renaming procedure "archive_orders"`
