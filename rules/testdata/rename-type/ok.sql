CREATE TYPE mood AS ENUM ('sad');
ALTER TYPE mood RENAME TO feeling;
CREATE TYPE pair AS (a int, b int);
ALTER TYPE pair RENAME TO couple;
