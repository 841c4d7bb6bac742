-- users and their orders
CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email text NOT NULL
);

CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint REFERENCES users (id));
