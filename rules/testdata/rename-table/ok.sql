CREATE TABLE customers (id bigint);
-- migration
-- a compatibility view under the old name keeps old code working
ALTER TABLE customers RENAME TO accounts;
CREATE VIEW customers AS SELECT * FROM accounts;
-- a table created by the checked migrations has no reader yet
CREATE TABLE staging (id bigint);
ALTER TABLE staging RENAME TO staging_v2;
