CREATE TYPE order_status AS ENUM ('new', 'canceled');
-- migration
ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled'; -- want `rename-enum-value: renaming value "canceled" of enum "order_status" to "cancelled" breaks code that still reads or writes the old value`
