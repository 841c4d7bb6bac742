CREATE TYPE order_status AS ENUM ('new', 'paid');
-- migration
-- already there: IF NOT EXISTS makes it a no-op
ALTER TYPE order_status ADD VALUE IF NOT EXISTS 'paid';
CREATE TYPE mood AS ENUM ('sad');
ALTER TYPE mood ADD VALUE 'happy';
