-- Each statement below runs on Postgres 15.
CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric, status text, "Status" text, tags text[]);
-- migration
UPDATE invoices SET total = 0, status = 'void' WHERE status = 'draft';
UPDATE invoices SET tags[1] = 'a', tags[2] = 'b';
INSERT INTO invoices (id, status, "Status") VALUES (1, 'a', 'b');
INSERT INTO invoices (id, tags[1], tags[2]) VALUES (2, 'a', 'b');
CREATE TABLE credit_notes (id bigint, amount numeric, "Amount" text);
ALTER TABLE invoices ADD COLUMN paid_at timestamptz, ADD COLUMN IF NOT EXISTS paid_at date;
ALTER TABLE invoices ADD COLUMN void_reason text, DROP COLUMN total;
