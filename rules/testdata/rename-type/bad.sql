CREATE TYPE order_status AS ENUM ('new');
CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
-- migration
ALTER TYPE order_status RENAME TO order_state; -- want `rename-type: renaming enum "order_status" to "order_state" breaks code that still names it`
ALTER DOMAIN email RENAME TO email_address; -- want `rename-type: renaming domain "email" to "email_address"`
