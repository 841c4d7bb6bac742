ALTER TYPE order_status RENAME VALUE 'shipped' TO 'dispatched';
DROP FUNCTION order_total(bigint);
DROP SEQUENCE invoice_no;
ALTER SCHEMA archive RENAME TO archive_2026;
UPDATE orders SET state = 'open' WHERE state = 'new';
ALTER TABLE carts DROP CONSTRAINT carts_customer_fk,
  ADD CONSTRAINT carts_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE RESTRICT;
DROP TRIGGER ledger_guard ON ledger;
ALTER TABLE orders ALTER COLUMN qty TYPE text;
ALTER TABLE orders ALTER COLUMN note SET NOT NULL;
UPDATE orders SET doc = doc - 'sku' || jsonb_build_object('item_sku', doc->'sku') WHERE doc ? 'sku';
ALTER TYPE ticket_priority RENAME TO ticket_priority_old;
CREATE TYPE ticket_priority AS ENUM ('low', 'high');
ALTER TABLE tickets ALTER COLUMN priority TYPE ticket_priority USING priority::text::ticket_priority;
DROP TYPE ticket_priority_old;
ALTER TABLE memos ALTER COLUMN memo SET NOT NULL;
