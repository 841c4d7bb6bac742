CREATE INDEX CONCURRENTLY repo_uri_idx ON repo (uri);
