CREATE TABLE webhooks (webhook_id bigint PRIMARY KEY, webhook_url text NOT NULL);
CREATE TABLE repos (repo_id bigint PRIMARY KEY, repo_uid text NOT NULL);
