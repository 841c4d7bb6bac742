-- Postgres 11 scans even with a validated check.
-- pg-version: 11
CREATE TABLE payments (id bigint PRIMARY KEY, payer_id bigint);
ALTER TABLE payments ADD CONSTRAINT payments_payer_nn CHECK (payer_id IS NOT NULL);
-- migration
ALTER TABLE payments ALTER COLUMN payer_id SET NOT NULL; -- want `set-not-null-scan: .*\(postgres 11 cannot use the validated check "payments_payer_nn" to skip the scan; 12 and later can\)`
