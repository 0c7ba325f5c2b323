ALTER TABLE orders DROP CONSTRAINT orders_ref_key;
