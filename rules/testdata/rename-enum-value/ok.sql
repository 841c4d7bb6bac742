CREATE TYPE mood AS ENUM ('sad', 'hapy');
ALTER TYPE mood RENAME VALUE 'hapy' TO 'happy';
