-- format: goose
-- +goose Up
ALTER TABLE orders ADD COLUMN note text;
ANALYZE orders;
