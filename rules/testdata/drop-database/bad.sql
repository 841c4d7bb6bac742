DROP DATABASE legacy_reporting; -- want `drop-database: dropping database "legacy_reporting" deletes every object and row in it`
