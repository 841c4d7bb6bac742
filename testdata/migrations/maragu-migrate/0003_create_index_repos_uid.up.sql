CREATE INDEX repos_uid ON repos (repo_uid);
