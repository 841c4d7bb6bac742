CREATE TABLE orders (id bigint, total integer, placed_at timestamp, code varchar(20), amount numeric(10,2), label varchar(20));
-- migration
ALTER TABLE orders ALTER COLUMN total TYPE bigint; -- want `change-column-type: widening column "orders.total" from integer to bigint breaks code that scans it into a type sized for integer`
ALTER TABLE orders ALTER COLUMN code TYPE integer USING code::integer; -- want `change-column-type: changing the type of column "orders.code" from varchar\(20\) to integer breaks code that reads or writes it as the old type`
ALTER TABLE orders ALTER COLUMN placed_at TYPE timestamptz; -- want `change-column-type: .*"orders.placed_at" from timestamp to timestamptz`
ALTER TABLE orders ALTER COLUMN amount TYPE varchar(10); -- want `change-column-type: .*"orders.amount" from numeric\(10,2\) to varchar\(10\)`
ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,4); -- want `change-column-type: .*"orders.amount"`
ALTER TABLE orders ALTER COLUMN label TYPE varchar(10); -- want `change-column-type: .*"orders.label" from varchar\(20\) to varchar\(10\)`
