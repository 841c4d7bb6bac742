CREATE TABLE orders (id bigint, note text DEFAULT '', status text NOT NULL DEFAULT 'new');
-- migration
-- nullable: old inserts that omit it store NULL
ALTER TABLE orders ALTER COLUMN note DROP DEFAULT;
ALTER TABLE orders ADD COLUMN state text NOT NULL DEFAULT 'a';
ALTER TABLE orders ALTER COLUMN state DROP DEFAULT;
-- rbcheck:ignore drop-column-default every insert names status since v3
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;
