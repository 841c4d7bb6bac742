CREATE TABLE executions (shard_id INTEGER NOT NULL, run_id BYTEA NOT NULL, data BYTEA NOT NULL, PRIMARY KEY (shard_id, run_id));
