CREATE TABLE users (id bigserial PRIMARY KEY, email text);
CREATE VIEW active_users AS SELECT * FROM users;
