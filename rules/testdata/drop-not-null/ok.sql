CREATE TABLE users (id bigint, phone text);
-- migration
-- already nullable
ALTER TABLE users ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE users ADD COLUMN code text NOT NULL DEFAULT '';
ALTER TABLE users ALTER COLUMN code DROP NOT NULL;
