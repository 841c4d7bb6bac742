DROP INDEX repos_uid;
