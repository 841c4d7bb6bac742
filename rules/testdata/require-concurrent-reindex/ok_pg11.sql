-- pg-version: 11
-- no concurrent form before postgres 12
REINDEX TABLE orders;
