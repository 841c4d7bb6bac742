ALTER TABLE {{ index .Options "Namespace" }}.users DROP COLUMN name;
