CREATE TABLE orders (id bigint);
-- migration
CREATE INDEX orders_customer_id_created_at_status_shipping_country_partial_idx ON orders (id); -- want `identifier-too-long: identifier "orders_customer_id_created_at_status_shipping_country_partial_idx" is 65 bytes long; postgres silently truncates it to "orders_customer_id_created_at_status_shipping_country_partial_i"`
ALTER TABLE orders ADD COLUMN "A_Quoted_Column_Name_That_Is_Definitely_Longer_Than_Sixty_Three_B" text; -- want `identifier "A_Quoted_Column_Name_That_Is_Definitely_Longer_Than_Sixty_Three_B" is 65 bytes`
