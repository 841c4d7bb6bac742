CREATE TABLE webauthn_devices (
    id serial PRIMARY KEY,
    username varchar(100) NOT NULL
);
