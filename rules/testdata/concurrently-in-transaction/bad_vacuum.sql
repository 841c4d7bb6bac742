-- format: goose
-- +goose Up
ALTER TABLE orders ADD COLUMN note text;
VACUUM (ANALYZE) orders; -- want `concurrently-in-transaction: vacuum cannot run inside a transaction block`
