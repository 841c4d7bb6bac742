CREATE TABLE notes (id bigserial PRIMARY KEY, body text NOT NULL);
CREATE TABLE events (id bigserial PRIMARY KEY, kind text NOT NULL);
CREATE TABLE subs (id bigserial PRIMARY KEY, email text NOT NULL, plan text);
CREATE UNIQUE INDEX subs_email_key ON subs (email);
CREATE TABLE tokens (id bigserial PRIMARY KEY, value text NOT NULL, CONSTRAINT tokens_value_uniq UNIQUE (value));
CREATE TABLE accounts (id bigint NOT NULL, code text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id));
CREATE UNIQUE INDEX accounts_id_idx ON accounts (id);
CREATE TABLE reports (id bigint PRIMARY KEY, title text);
CREATE TABLE reports_v2 (id bigint PRIMARY KEY, heading text);
