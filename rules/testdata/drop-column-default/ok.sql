CREATE TABLE orders (id bigint, note text DEFAULT '', status text NOT NULL DEFAULT 'new');
-- migration
-- nullable: old inserts that omit it store NULL
ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;
ALTER TABLE orders ADD COLUMN state text DEFAULT 'a';
ALTER TABLE orders ALTER COLUMN state DROP DEFAULT;
-- a table this release creates: no old code writes to it
CREATE TABLE events (id bigint, kind text NOT NULL DEFAULT 'x');
ALTER TABLE events ALTER COLUMN kind DROP DEFAULT;
-- rbcheck:ignore drop-column-default every insert names status since v3
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
