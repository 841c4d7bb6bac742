BEGIN;
ALTER TABLE orders ADD COLUMN note text;
BEGIN; -- want `begin inside the transaction opened at line 1 is ignored`
COMMIT;
