CREATE TABLE users (id bigint);
CREATE TABLE users_v2 (id bigint, email text);
-- migration
-- the table swap: a table takes the old name in the same migration
ALTER TABLE users RENAME TO users_old;
-- rbcheck:ignore rename-table users_v2 was never used by code, it was built for this swap
ALTER TABLE users_v2 RENAME TO users;
