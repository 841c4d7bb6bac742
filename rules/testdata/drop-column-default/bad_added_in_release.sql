CREATE TABLE orders (id bigint);
-- migration
-- added by this release with a default, which is then dropped: the old
-- release's inserts never name the column, so they fail
ALTER TABLE orders ADD COLUMN state text NOT NULL DEFAULT 'a';
ALTER TABLE orders ALTER COLUMN state DROP DEFAULT; -- want `drop-column-default: dropping the default of not null column "orders.state" breaks old inserts that omit it`
