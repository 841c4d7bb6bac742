CREATE TABLE jobs (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE pipelines (id serial PRIMARY KEY, name text NOT NULL);
