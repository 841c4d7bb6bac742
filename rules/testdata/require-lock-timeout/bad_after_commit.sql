CREATE TABLE orders (id bigint PRIMARY KEY);
-- migration
BEGIN;
SET LOCAL lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN a text;
COMMIT;
-- SET LOCAL ended with the transaction
ALTER TABLE orders ADD COLUMN b text; -- want `access exclusive lock on existing table "orders" without lock_timeout;`
