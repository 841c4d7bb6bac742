CREATE TABLE customers (id bigint);
-- migration
ALTER TABLE customers RENAME TO accounts; -- want `rename-table: renaming table "customers" to "accounts" breaks code that still uses the old name`
