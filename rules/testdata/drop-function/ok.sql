CREATE FUNCTION tmp_helper() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
DROP FUNCTION tmp_helper();
