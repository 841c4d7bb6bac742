-- migrate:up
CREATE TABLE users (id bigint PRIMARY KEY, email text);
CREATE TABLE posts (id bigint PRIMARY KEY);

-- migrate:down
DROP TABLE posts;
DROP TABLE users;
