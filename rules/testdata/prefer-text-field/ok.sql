CREATE TABLE users (id bigint, nickname text, email varchar);
