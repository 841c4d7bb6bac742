-- format: goose
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
-- migration
-- +goose Up
ALTER TABLE orders ADD COLUMN note text;
UPDATE orders SET note = ''; -- want `statements-after-access-exclusive: statement runs while existing table "orders" is still locked access exclusive by the statement at line 5 of the same transaction`
