-- Each statement below fails on Postgres 15 with the error in its want.
CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric, status text, tags text[]);
-- migration
UPDATE invoices SET total = 0, status = 'void', total = NULL WHERE status = 'draft'; -- want `duplicate-column: column "total" of "invoices" is assigned twice in the set clause \(first at line 4, column 21\); postgres rejects the statement \(multiple assignments to same column\)`
UPDATE invoices SET (status, total) = ('void', 0), status = 'x'; -- want `duplicate-column: column "status" .*assigned twice`
UPDATE invoices SET tags[1] = 'a', tags = '{}'; -- want `duplicate-column: column "tags" .*assigned twice`
INSERT INTO invoices (id, status, STATUS) VALUES (1, 'a', 'b'); -- want `duplicate-column: column "status" of "invoices" is listed twice in the insert column list`
CREATE TABLE credit_notes (
  id bigint,
  amount numeric,
  Amount text -- want `duplicate-column: column "amount" of "credit_notes" is defined twice \(first at line 10, column 3\)`
);
CREATE TABLE long_names (
  the_amount_of_money_refunded_to_the_customer_after_the_dispute_a int,
  the_amount_of_money_refunded_to_the_customer_after_the_dispute_ab int -- want `duplicate-column: column "the_amount_of_money_refunded_to_the_customer_after_the_dispute_" of "long_names" is defined twice`
);
ALTER TABLE invoices ADD COLUMN paid_at timestamptz, ADD COLUMN paid_at date; -- want `duplicate-column: column "paid_at" is added to "invoices" twice.*already exists`
