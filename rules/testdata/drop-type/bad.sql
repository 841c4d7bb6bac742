CREATE TYPE order_status AS ENUM ('new', 'paid');
-- migration
DROP TYPE order_status; -- want `drop-type: dropping enum "order_status" breaks code that still uses it`
DROP DOMAIN IF EXISTS email_address CASCADE; -- want `drop-type: dropping domain "email_address" breaks code that still uses it, and cascade`
