CREATE TABLE users (id bigint, legacy_email text);
-- migration
/* rbcheck:ignore drop-column the column was never read */ -- want `unused-ignore: rbcheck:ignore for "drop-column" suppresses nothing`
ALTER TABLE users ADD COLUMN nickname text;
/* rbcheck:ignore drop-column,drop-table both unused since v2 */ -- want `unused-ignore: .*"drop-table" suppresses nothing`
ALTER TABLE users DROP COLUMN legacy_email;
/* rbcheck:ignore-file truncate-table no truncates here */ -- want `unused-ignore: rbcheck:ignore-file for "truncate-table" suppresses nothing: the rule reports no finding on this file`
