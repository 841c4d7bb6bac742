CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
-- migration
-- already NOT NULL: nothing changes
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
ALTER TABLE users ADD COLUMN nickname text;
ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;
