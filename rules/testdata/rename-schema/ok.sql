CREATE SCHEMA staging;
ALTER SCHEMA staging RENAME TO staging_v2;
