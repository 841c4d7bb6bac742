CREATE TABLE users (id bigint, nickname varchar(40)); -- want `prefer-text-field: column "nickname" of "users" is varchar\(40\)`
ALTER TABLE users ADD COLUMN email character varying(255); -- want `column "email" of "users" is character varying\(255\)`
