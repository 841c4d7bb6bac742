CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
-- migration
-- already NOT NULL: nothing changes
ALTER TABLE users ALTER COLUMN email SET NOT NULL;
-- added by this release with a default: old inserts that leave it out get the default
ALTER TABLE users ADD COLUMN nickname text DEFAULT '';
ALTER TABLE users ALTER COLUMN nickname SET NOT NULL;
-- a table this release creates: no old code writes to it
CREATE TABLE tags (id bigint, label text);
ALTER TABLE tags ALTER COLUMN label SET NOT NULL;
