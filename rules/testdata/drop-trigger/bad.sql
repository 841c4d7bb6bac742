CREATE TABLE users (id bigint, full_name text, name text);
-- migration
DROP TRIGGER users_sync_full_name ON users; -- want `drop-trigger: dropping trigger "users_sync_full_name" on "users" changes what old code's writes do`
DROP TRIGGER IF EXISTS set_updated_at ON public.orders; -- want `drop-trigger: .*"set_updated_at" on "public.orders"`
