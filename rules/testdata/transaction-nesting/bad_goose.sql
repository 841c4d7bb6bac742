-- format: goose
-- +goose Up
BEGIN; -- want `transaction-nesting: begin inside the migration tool's transaction is ignored`
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
