-- format: golang-migrate
BEGIN;
ALTER TABLE orders ADD COLUMN note text;
COMMIT;
