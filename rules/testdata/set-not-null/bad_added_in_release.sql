CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);
-- migration
-- added by this release, backfilled, then required: the old release's
-- inserts never name it, so they fail
ALTER TABLE users ADD COLUMN nickname text;
UPDATE users SET nickname = email;
ALTER TABLE users ALTER COLUMN nickname SET NOT NULL; -- want `set-not-null: setting column "users.nickname" not null breaks old code that writes null to it or omits it in inserts`
