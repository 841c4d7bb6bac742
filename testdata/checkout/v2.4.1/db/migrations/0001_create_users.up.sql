CREATE TABLE users (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email        text NOT NULL UNIQUE,
    full_name    text NOT NULL,
    legacy_email text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
