CREATE TABLE users (id bigint PRIMARY KEY);
-- migration
ALTER TABLE users ADD COLUMN nick text;
ALTER TABLE users RENAME COLUMN nick TO nickname;
CREATE TABLE drafts (id bigint, title text);
ALTER TABLE drafts RENAME COLUMN title TO headline;
