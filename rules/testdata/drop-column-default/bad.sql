CREATE TABLE orders (id bigint, status text NOT NULL DEFAULT 'new', kind text DEFAULT 'x');
-- migration
ALTER TABLE orders ALTER COLUMN status DROP DEFAULT; -- want `drop-column-default: dropping the default of not null column "orders.status" breaks old inserts that omit it`
ALTER TABLE orders
  ALTER COLUMN kind SET NOT NULL,
  ALTER COLUMN kind DROP DEFAULT; -- want `drop-column-default: .*"orders.kind"`
