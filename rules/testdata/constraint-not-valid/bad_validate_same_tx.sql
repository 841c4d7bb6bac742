-- format: goose
CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);
-- migration
-- +goose Up
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;
ALTER TABLE orders VALIDATE CONSTRAINT orders_total_positive; -- want `validating constraint "orders_total_positive" in the same transaction that added it not valid \(line 5\) keeps the access exclusive lock on "orders", blocking reads and writes,`
