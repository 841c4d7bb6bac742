CREATE TABLE favorite_repos (repo_id bigint NOT NULL);
