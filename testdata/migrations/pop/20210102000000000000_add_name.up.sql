ALTER TABLE {{ index .Options "Namespace" }}.users ADD COLUMN name text;
