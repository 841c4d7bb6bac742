ALTER TABLE {{ index .Options "Namespace" }}.users ADD COLUMN name text;
CREATE INDEX users_name_idx ON {{ index .Options "Namespace" }}.users (name);
