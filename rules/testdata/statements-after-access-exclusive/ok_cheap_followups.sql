-- format: goose
CREATE TABLE orders (id bigint PRIMARY KEY, status text);
-- migration
-- +goose Up
ALTER TABLE orders ADD COLUMN note text;
ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';
COMMENT ON COLUMN orders.note IS 'free text';
CREATE TABLE order_notes (id bigint PRIMARY KEY, body text);
CREATE INDEX order_notes_body_idx ON order_notes (body);
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status <> '') NOT VALID;
