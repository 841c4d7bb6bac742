SET search_path = billing;
CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric); -- want `require-table-schema: create table names table "invoices" without its schema`
ALTER TABLE invoices ADD COLUMN memo text; -- want `alter table names table "invoices" without its schema`
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_total_idx ON invoices (total); -- want `create index names table "invoices"`
DROP TABLE billing.old_invoices, invoice_drafts; -- want `drop table names table "invoice_drafts"`
