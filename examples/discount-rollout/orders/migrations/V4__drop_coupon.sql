-- orders 3.0.0, contract: nothing reads `coupon` any more once 2.0.0 runs everywhere.
SET lock_timeout = '2s';
ALTER TABLE orders DROP COLUMN coupon;
