-- Statements that take their lock only to change the catalog are over once
-- they have it: lock_timeout bounds the wait, nothing runs long after.
CREATE TABLE orders (id bigint PRIMARY KEY, note text);
CREATE INDEX orders_note_idx ON orders (note);
-- migration
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN memo text;
DROP INDEX orders_note_idx;
ALTER TABLE orders RENAME COLUMN note TO remark;
ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'open';
