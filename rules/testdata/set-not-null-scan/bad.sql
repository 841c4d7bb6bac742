-- Each SET NOT NULL below makes Postgres 15 scan "payments" (DEBUG1 says
-- `verifying table "payments"`).
CREATE TABLE payments (id bigint PRIMARY KEY, payer_id bigint, amount numeric, currency text, "Memo" text);
ALTER TABLE payments ADD CONSTRAINT payments_amount_positive CHECK (amount > 0);
-- migration
ALTER TABLE payments ALTER COLUMN payer_id SET NOT NULL; -- want `set-not-null-scan: setting not null on column "payer_id" of existing table "payments" scans the whole table under an access exclusive lock that blocks reads and writes of "payments"$`
ALTER TABLE payments ADD CONSTRAINT payments_currency_not_null CHECK (currency IS NOT NULL) NOT VALID;
ALTER TABLE payments ALTER COLUMN currency SET NOT NULL; -- want `set-not-null-scan: .*"currency".*: check constraint "payments_currency_not_null" is not validated yet, so postgres cannot use it to skip the scan`
-- a strict comparison lets NULL through a CHECK, so it proves nothing
ALTER TABLE payments ALTER COLUMN amount SET NOT NULL; -- want `set-not-null-scan: setting not null on column "amount"`
-- a check added by the same statement is not there yet when the scan starts
ALTER TABLE payments ADD CONSTRAINT payments_memo_nn CHECK ("Memo" IS NOT NULL),
  ALTER COLUMN "Memo" SET NOT NULL; -- want `set-not-null-scan: setting not null on column "Memo"`
