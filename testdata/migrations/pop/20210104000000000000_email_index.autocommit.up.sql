CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON {{ index .Options "Namespace" }}.users (email);
