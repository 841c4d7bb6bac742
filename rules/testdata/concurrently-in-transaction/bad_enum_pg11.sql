-- pg-version: 11
-- format: goose
CREATE TYPE order_status AS ENUM ('new', 'paid');
-- migration
-- +goose Up
ALTER TYPE order_status ADD VALUE 'shipped'; -- want `alter type … add value \(before postgres 12\) cannot run inside a transaction block`
