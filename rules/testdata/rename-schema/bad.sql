CREATE SCHEMA reporting;
-- migration
ALTER SCHEMA reporting RENAME TO analytics; -- want `rename-schema: renaming schema "reporting" to "analytics" breaks code that still uses the old name`
