CREATE TABLE orders (id bigint, total integer, placed_at timestamp, code varchar(20), amount numeric(10,2), label varchar(20));
CREATE TABLE identities (id char(36), code varchar(2), ref char(36), doc json, at timestamptz, net cidr, ratio real);
CREATE TABLE step_runs (id uuid, "order" SMALLSERIAL, seq serial);
-- migration
ALTER TABLE orders ALTER COLUMN total TYPE bigint; -- want `change-column-type: widening column "orders.total" from integer to bigint breaks code that scans it into a type sized for integer`
ALTER TABLE orders ALTER COLUMN code TYPE integer USING code::integer; -- want `change-column-type: changing the type of column "orders.code" from varchar\(20\) to integer breaks code that reads or writes it as the old type`
ALTER TABLE orders ALTER COLUMN placed_at TYPE timestamptz; -- want `change-column-type: .*"orders.placed_at" from timestamp to timestamptz`
ALTER TABLE orders ALTER COLUMN amount TYPE varchar(10); -- want `change-column-type: .*"orders.amount" from numeric\(10,2\) to varchar\(10\)`
ALTER TABLE orders ALTER COLUMN amount TYPE numeric(12,4); -- want `change-column-type: .*"orders.amount"`
ALTER TABLE orders ALTER COLUMN label TYPE varchar(10); -- want `change-column-type: .*"orders.label" from varchar\(20\) to varchar\(10\)`
ALTER TABLE identities ALTER COLUMN id TYPE char(40); -- want `change-column-type: .*"identities.id" from char\(36\) to char\(40\)`
ALTER TABLE identities ALTER COLUMN code TYPE char(2); -- want `change-column-type: .*"identities.code" from varchar\(2\) to char\(2\)`
ALTER TABLE identities ALTER COLUMN ref TYPE varchar(20); -- want `change-column-type: .*"identities.ref" from char\(36\) to varchar\(20\)`
ALTER TABLE identities ALTER COLUMN doc TYPE jsonb; -- want `change-column-type: .*"identities.doc" from json to jsonb`
ALTER TABLE identities ALTER COLUMN at TYPE timestamp; -- want `change-column-type: .*"identities.at" from timestamptz to timestamp`
ALTER TABLE identities ALTER COLUMN net TYPE inet; -- want `change-column-type: changing the type of column "identities.net" from cidr to inet`
ALTER TABLE identities ALTER COLUMN ratio TYPE double precision; -- want `change-column-type: changing the type of column "identities.ratio" from real to double precision`
-- a serial column: the message names the type it is stored as, and the help its sequence
ALTER TABLE step_runs ALTER COLUMN "order" TYPE bigint; -- want `change-column-type: widening column "step_runs.order" from SMALLSERIAL to bigint breaks code that scans it into a type sized for smallint$`
ALTER TABLE step_runs ALTER COLUMN seq TYPE bigint; -- want `change-column-type: widening column "step_runs.seq" from serial to bigint breaks code that scans it into a type sized for integer$`
