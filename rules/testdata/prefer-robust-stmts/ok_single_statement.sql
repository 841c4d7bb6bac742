SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY orders_legacy_idx ON orders (legacy);
