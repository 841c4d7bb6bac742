CREATE TYPE mood AS ENUM ('sad');
DROP TYPE mood;
CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
DROP DOMAIN positive_int;
DROP TYPE IF EXISTS order_status;
CREATE TYPE order_status AS ENUM ('new', 'paid', 'refunded');
