CREATE TABLE {{ index .Options "Namespace" }}.users (
    id uuid PRIMARY KEY,
    email text NOT NULL
);
COMMENT ON TABLE {{ index .Options "Namespace" }}.users IS 'in {{ index .Options "Namespace" }}';
