CREATE TABLE users (id bigint);
-- migration
CREATE TABLE tmp_import (id bigint);
DROP TABLE tmp_import;
DROP INDEX IF EXISTS some_index;
