CREATE TABLE users (id bigint PRIMARY KEY);
CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint, total numeric);
-- migration
ALTER TABLE orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0) NOT VALID;
-- plain files run each statement in its own transaction: validating here is fine
ALTER TABLE orders VALIDATE CONSTRAINT orders_user_fk;
-- new table: nothing to scan
CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);
ALTER TABLE invoices ADD CONSTRAINT invoices_order_fk FOREIGN KEY (order_id) REFERENCES orders (id);
