CREATE TABLE users (id bigint, email text, plan text, tenant text);
-- migration
ALTER TABLE users ADD COLUMN tier text;
-- a backfill of a column the release adds
UPDATE users SET tier = 'free' WHERE tier = 'none';
-- values computed, not a constant moved
UPDATE users SET email = lower(email) WHERE email = 'X@EXAMPLE.COM';
-- a constant written to every row, or to rows another column selects
UPDATE users SET plan = 'free';
UPDATE users SET plan = 'free' WHERE tenant = 'acme';
-- NULL filled in (old code's IS NULL tests are not read)
UPDATE users SET plan = 'free' WHERE plan IS NULL;
-- the same value
UPDATE users SET plan = 'free' WHERE plan = 'free';
-- a table the release creates
CREATE TABLE flags (id int, state text);
UPDATE flags SET state = 'on' WHERE state = 'off';
