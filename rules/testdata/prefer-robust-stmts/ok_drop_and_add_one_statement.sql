-- Dropping and re-adding the constraint in one ALTER TABLE is safe to re-run,
-- and so is a DROP, ADD, DROP, ADD sequence.
CREATE TABLE shipments (id bigint PRIMARY KEY, weight_kg numeric);
-- migration
ALTER TABLE shipments
  DROP CONSTRAINT IF EXISTS shipments_weight_positive,
  ADD CONSTRAINT shipments_weight_positive CHECK (weight_kg > 0) NOT VALID;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_weight_positive;
ALTER TABLE shipments DROP CONSTRAINT IF EXISTS shipments_weight_positive;
ALTER TABLE shipments ADD CONSTRAINT shipments_weight_positive CHECK (weight_kg >= 0) NOT VALID;
CREATE INDEX CONCURRENTLY IF NOT EXISTS shipments_weight_idx ON shipments (weight_kg);
