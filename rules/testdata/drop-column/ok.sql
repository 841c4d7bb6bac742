CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
-- migration
-- a column added by the checked migrations has no reader yet
ALTER TABLE users ADD COLUMN tmp_flag boolean;
ALTER TABLE users DROP COLUMN tmp_flag;
-- a table created by the checked migrations has no reader yet
CREATE TABLE imports (id bigint, payload jsonb);
ALTER TABLE imports DROP COLUMN payload;
-- the table is fully known and has no such column: DROP … IF EXISTS is a no-op
ALTER TABLE users DROP COLUMN IF EXISTS never_existed;
