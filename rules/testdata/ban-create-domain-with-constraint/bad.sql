CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0); -- want `ban-create-domain-with-constraint: domain "positive_int" is created with a constraint`
CREATE DOMAIN app.email AS text NOT NULL; -- want `domain "app.email"`
