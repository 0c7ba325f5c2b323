-- orders 2.0.0, migrate: copy old coupons over, in small batches.
UPDATE orders SET discount_code = upper(coupon)
WHERE id IN (SELECT id FROM orders WHERE coupon IS NOT NULL AND discount_code IS NULL LIMIT 1000);
