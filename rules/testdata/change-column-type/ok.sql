CREATE TABLE identities (id char(36), code character(2), nid char(36), tags varchar(20)[]);
CREATE TABLE users (email varchar(255), bio varchar, code varchar(20), amount numeric(10,2), price numeric(10,2), bits varbit(8), note text);
-- migration
ALTER TABLE users ALTER COLUMN email TYPE text;
ALTER TABLE users ALTER COLUMN bio TYPE text;
ALTER TABLE users ALTER COLUMN code TYPE varchar(50);
ALTER TABLE users ALTER COLUMN amount TYPE numeric(14,2);
ALTER TABLE users ALTER COLUMN price TYPE numeric;
ALTER TABLE users ALTER COLUMN bits TYPE varbit(16);
ALTER TABLE users ALTER COLUMN note TYPE varchar;
CREATE TABLE fresh (n integer);
ALTER TABLE fresh ALTER COLUMN n TYPE bigint;
ALTER TABLE identities ALTER COLUMN id TYPE varchar(36);
ALTER TABLE identities ALTER COLUMN code TYPE text;
ALTER TABLE identities ALTER COLUMN nid TYPE varchar;
ALTER TABLE identities ALTER COLUMN tags TYPE text[];
