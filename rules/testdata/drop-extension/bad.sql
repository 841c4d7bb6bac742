DROP EXTENSION pg_trgm CASCADE; -- want `drop-extension: dropping extension "pg_trgm" breaks code that uses its functions and types, and cascade`
DROP EXTENSION IF EXISTS "uuid-ossp"; -- want `drop-extension: .*"uuid-ossp"`
