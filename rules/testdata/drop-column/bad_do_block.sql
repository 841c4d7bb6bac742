CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, legacy_email text, old_flag boolean);
-- migration
-- an idempotent guard does not make the drop safe for old code
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'users' AND column_name = 'legacy_email') THEN
    ALTER TABLE users DROP COLUMN legacy_email; -- want `drop-column: dropping column "users.legacy_email"`
  END IF;
  EXECUTE 'ALTER TABLE users DROP COLUMN old_flag'; -- want `drop-column: dropping column "users.old_flag"`
END
$$;
