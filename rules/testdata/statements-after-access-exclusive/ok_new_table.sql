-- format: goose
-- +goose Up
CREATE TABLE invoices (id bigint PRIMARY KEY, note text);
ALTER TABLE invoices ADD COLUMN total numeric;
CREATE INDEX invoices_total_idx ON invoices (total);
