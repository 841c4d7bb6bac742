CREATE TYPE order_status AS ENUM ('new', 'paid');
-- migration
ALTER TYPE order_status ADD VALUE 'refunded'; -- want `add-enum-value: adding value "refunded" to enum "order_status" can break old code that reads a value it does not know`
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'disputed' AFTER 'paid'; -- want `add-enum-value: .*"disputed"`
