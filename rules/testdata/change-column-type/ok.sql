CREATE TABLE users (email varchar(255), bio varchar, code varchar(20), amount numeric(10,2), price numeric(10,2), net cidr, bits varbit(8), note text);
-- migration
ALTER TABLE users ALTER COLUMN email TYPE text;
ALTER TABLE users ALTER COLUMN bio TYPE text;
ALTER TABLE users ALTER COLUMN code TYPE varchar(50);
ALTER TABLE users ALTER COLUMN amount TYPE numeric(14,2);
ALTER TABLE users ALTER COLUMN price TYPE numeric;
ALTER TABLE users ALTER COLUMN net TYPE inet;
ALTER TABLE users ALTER COLUMN bits TYPE varbit(16);
ALTER TABLE users ALTER COLUMN note TYPE varchar;
CREATE TABLE fresh (n integer);
ALTER TABLE fresh ALTER COLUMN n TYPE bigint;
