CREATE SCHEMA reporting;
-- migration
DROP SCHEMA reporting CASCADE; -- want `drop-schema: dropping schema "reporting" breaks code that uses any object in it, and cascade`
DROP SCHEMA IF EXISTS legacy; -- want `drop-schema: .*"legacy"`
