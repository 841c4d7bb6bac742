CREATE TABLE users (id bigint, phone text NOT NULL);
-- migration
ALTER TABLE users ALTER COLUMN phone DROP NOT NULL; -- want `drop-not-null: dropping not null on column "users.phone" lets new code write nulls that old code may fail to read`
