CREATE TABLE legacy_sessions (id bigint);
CREATE TABLE audit (id bigint);
-- migration
DROP TABLE legacy_sessions; -- want `drop-table: dropping table "legacy_sessions" breaks code that still reads or writes it and deletes its rows`
DROP TABLE IF EXISTS audit, unknown_table CASCADE; -- want `drop-table: .*"audit".*cascade` `drop-table: .*"unknown_table"`
