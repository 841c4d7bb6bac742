-- +migrate Up
-- +migrate StatementBegin
CREATE FUNCTION one() RETURNS int AS $$
BEGIN
    RETURN 1;
END;
$$ LANGUAGE plpgsql;
-- +migrate StatementEnd

-- +migrate Down
DROP FUNCTION one();
