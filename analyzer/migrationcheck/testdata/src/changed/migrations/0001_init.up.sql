CREATE TABLE users (id bigserial PRIMARY KEY, email text);
CREATE TABLE orders (id bigserial PRIMARY KEY, total numeric);
CREATE TABLE notes (id bigserial PRIMARY KEY, body text);
CREATE TABLE posts (id bigserial PRIMARY KEY, title text);
