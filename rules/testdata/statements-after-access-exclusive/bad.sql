-- format: goose
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
CREATE TABLE users (id bigint PRIMARY KEY);
-- migration
-- +goose Up
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
UPDATE orders SET note = ''; -- want `statements-after-access-exclusive: statement may run long while existing table "orders" is still locked access exclusive by the statement at line 6 of the same transaction`
ALTER TABLE users ADD COLUMN nickname text; -- want `statement waits for a lock on "users" while existing table "orders" is still locked`
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status <> ''); -- want `may run long while existing table "orders"`
