CREATE TABLE orders (id bigint PRIMARY KEY, legacy text);
-- migration
CREATE INDEX CONCURRENTLY orders_legacy_idx ON orders (legacy); -- want `prefer-robust-stmts: create index "orders_legacy_idx" without if not exists fails when the migration is retried`
CREATE TABLE invoices (id bigint); -- want `create table "invoices" without if not exists`
ALTER TABLE orders ADD COLUMN note text; -- want `add column "note" without if not exists`
ALTER TABLE orders DROP COLUMN legacy; -- want `drop column "legacy" without if exists`
DROP TABLE invoices; -- want `drop table "invoices" without if exists`
ALTER TABLE orders ADD CONSTRAINT orders_id_positive CHECK (id > 0) NOT VALID; -- want `add constraint "orders_id_positive" fails when the migration is retried`
