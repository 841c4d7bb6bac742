CREATE TABLE prices (id integer, amount numeric(12,2), note varchar(20), at timestamp(3));
-- migration
ALTER TABLE prices ALTER COLUMN id TYPE bigint;
ALTER TABLE prices ALTER COLUMN amount TYPE numeric(14,2);
ALTER TABLE prices ALTER COLUMN amount TYPE numeric;
-- fails on values that do not fit instead of losing them
ALTER TABLE prices ALTER COLUMN note TYPE varchar(10);
ALTER TABLE prices ALTER COLUMN at TYPE timestamp(6);
-- the current type is unknown: nothing to compare
ALTER TABLE other ALTER COLUMN x TYPE date;
CREATE TABLE fresh (v numeric(10,4));
ALTER TABLE fresh ALTER COLUMN v TYPE numeric(10,0);
