-- The DROP … IF EXISTS makes the first ADD safe to re-run; the second ADD of
-- the same name fails on the very first run ("constraint already exists").
CREATE TABLE shipments (id bigint PRIMARY KEY, weight_kg numeric);
-- migration
ALTER TABLE shipments DROP CONSTRAINT IF EXISTS shipments_weight_positive;
ALTER TABLE shipments ADD CONSTRAINT shipments_weight_positive CHECK (weight_kg > 0) NOT VALID;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_weight_positive;
ALTER TABLE shipments ADD CONSTRAINT shipments_weight_positive CHECK (weight_kg >= 0) NOT VALID; -- want `prefer-robust-stmts: add constraint "shipments_weight_positive" fails even on the first run: line 6 already added it to "shipments" and nothing dropped it since`
