CREATE TABLE orders (id bigint PRIMARY KEY);
-- migration
VACUUM FULL orders; -- want `vacuum-full-or-cluster: vacuum full rewrites existing table "orders" under an access exclusive lock`
CLUSTER orders USING orders_pkey; -- want `cluster rewrites existing table "orders"`
VACUUM FULL; -- want `vacuum full rewrites every table`
