DROP TABLE {{ index .Options "Namespace" }}.users;
