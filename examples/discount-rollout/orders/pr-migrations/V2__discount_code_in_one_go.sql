-- A PR that drops the old column in the same release as its replacement.
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN discount_code text;
UPDATE orders SET discount_code = upper(coupon);
ALTER TABLE orders DROP COLUMN coupon;
