CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
-- migration
CREATE TABLE scratch (id bigint, tmp text);
-- a DO block that only reads, and one that drops a column of a table this release created
DO $$
DECLARE n bigint;
BEGIN
  SELECT count(*) INTO n FROM users;
  PERFORM pg_notify('users', n::text);
  ALTER TABLE scratch DROP COLUMN tmp;
END
$$;
-- the column name is only known at run time: nothing to check
DO $$ BEGIN EXECUTE format('ALTER TABLE %I DROP COLUMN %I', 'users', 'email'); END $$;
