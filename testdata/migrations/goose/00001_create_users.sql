-- +goose Up
CREATE TABLE users (
    id bigint PRIMARY KEY,
    email text NOT NULL
);
INSERT INTO users (id, email) VALUES (1, 'a;b@example.com');

-- +goose Down
DROP TABLE users;
