ALTER TABLE orders ADD CONSTRAINT orders_ref_check CHECK (ref <> '') NOT VALID;
