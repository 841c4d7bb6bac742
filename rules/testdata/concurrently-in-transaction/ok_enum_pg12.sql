-- pg-version: 12
-- format: goose
CREATE TYPE order_status AS ENUM ('new', 'paid');
-- migration
-- +goose Up
ALTER TYPE order_status ADD VALUE 'shipped';
