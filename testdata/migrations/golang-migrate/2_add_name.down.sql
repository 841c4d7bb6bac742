-- rbcheck:ignore drop-column name was added by 2_add_name.up.sql in this release
ALTER TABLE users DROP COLUMN name;
