-- format: goose
CREATE TABLE orders (id bigint PRIMARY KEY);
-- migration
-- +goose Up
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN note text;
