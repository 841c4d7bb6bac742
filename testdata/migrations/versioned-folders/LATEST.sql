CREATE TABLE memo (id serial PRIMARY KEY, content text NOT NULL, visibility text);
