-- orders 2.0.0, expand: the new column next to the old one; 1.0.0 keeps working.
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN discount_code text;
