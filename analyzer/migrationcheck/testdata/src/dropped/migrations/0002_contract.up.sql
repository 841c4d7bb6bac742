-- contract the legacy columns
ALTER TABLE users DROP COLUMN legacy_email;
DROP TABLE old_orders;
ALTER TABLE users RENAME COLUMN name TO full_name;
ALTER TABLE widgets ADD COLUMN owner_id bigint NOT NULL;
ALTER TABLE carts RENAME TO baskets;
DO $$ BEGIN
  ALTER TABLE legacy_flags DROP COLUMN IF EXISTS flag;
END $$;
