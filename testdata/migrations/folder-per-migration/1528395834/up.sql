CREATE TABLE repo (id serial PRIMARY KEY, name text NOT NULL);
