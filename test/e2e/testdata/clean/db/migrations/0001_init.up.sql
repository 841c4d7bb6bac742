CREATE TABLE users (
    id bigserial PRIMARY KEY,
    email text NOT NULL,
    legacy_email text,
    nickname text
);
CREATE TABLE sessions (id bigserial PRIMARY KEY, user_id bigint NOT NULL);
CREATE TABLE audit_log (id bigserial PRIMARY KEY, msg text);
