-- format: goose
-- +goose Up
CREATE INDEX CONCURRENTLY orders_user_id_idx ON orders (user_id); -- want `create index concurrently cannot run inside a transaction block; the migration fails because it runs inside the migration tool's transaction`
