-- Each SET NOT NULL below is proven by a validated check on Postgres 15
-- (DEBUG1: `existing constraints on column … are sufficient to prove that
-- it does not contain nulls`), or has nothing to scan.
CREATE TABLE payments (id bigint PRIMARY KEY, payer_id bigint, currency text, "Memo" text, note text, settled boolean NOT NULL);
ALTER TABLE payments ADD CONSTRAINT payments_payer_nn CHECK (payer_id IS NOT NULL AND payer_id > 0);
ALTER TABLE payments ADD CONSTRAINT payments_memo_nn CHECK (NOT ("Memo" IS NULL));
ALTER TABLE payments ADD CONSTRAINT payments_currency_nn CHECK (currency IS NOT NULL) NOT VALID;
-- migration
ALTER TABLE payments ALTER COLUMN payer_id SET NOT NULL;
ALTER TABLE payments ALTER COLUMN "Memo" SET NOT NULL;
-- validated by an earlier migration of this release
ALTER TABLE payments VALIDATE CONSTRAINT payments_currency_nn;
ALTER TABLE payments ALTER COLUMN currency SET NOT NULL;
ALTER TABLE payments DROP CONSTRAINT payments_currency_nn;
-- already NOT NULL
ALTER TABLE payments ALTER COLUMN settled SET NOT NULL;
-- a table this release creates holds no rows yet
CREATE TABLE refunds (id bigint, payment_id bigint);
ALTER TABLE refunds ALTER COLUMN payment_id SET NOT NULL;
