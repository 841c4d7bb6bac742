CREATE TABLE users (id bigint, full_name text);
-- migration
-- backfilling a column added by the checked migrations overwrites nothing
ALTER TABLE users ADD COLUMN display_name text;
UPDATE users SET display_name = full_name WHERE display_name IS NULL;
CREATE TABLE fresh (id bigint, v int);
UPDATE fresh SET v = 1;
