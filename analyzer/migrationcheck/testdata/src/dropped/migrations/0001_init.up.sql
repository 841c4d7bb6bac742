CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL, legacy_email text, name text);
CREATE TABLE old_orders (id bigint PRIMARY KEY, total numeric);
CREATE TABLE accounts (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, nickname text, plan text);
CREATE TABLE audit_log (id bigserial PRIMARY KEY, msg text);
CREATE TABLE widgets (id bigserial PRIMARY KEY, title text NOT NULL, code text NOT NULL DEFAULT 'x');
CREATE TABLE carts (id bigserial PRIMARY KEY);
CREATE TABLE legacy_flags (id bigint PRIMARY KEY, flag text);
