CREATE TABLE billing.invoices (id bigint PRIMARY KEY, total numeric);
ALTER TABLE billing.invoices ADD COLUMN memo text;
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_total_idx ON billing.invoices (total);
CREATE TEMP TABLE scratch (id bigint);
DROP TABLE billing.old_invoices;
