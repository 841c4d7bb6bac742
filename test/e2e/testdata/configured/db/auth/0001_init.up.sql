CREATE SCHEMA IF NOT EXISTS {{ index .Options "Namespace" }};
CREATE TABLE {{ index .Options "Namespace" }}.clients (id bigint PRIMARY KEY, name text, secret text);
CREATE TABLE public.clients (id bigint PRIMARY KEY, secret text);
