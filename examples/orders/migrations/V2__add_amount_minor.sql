-- Expand: add the new column next to the old one; old app versions keep working.
SET lock_timeout = '2s';
ALTER TABLE orders ADD COLUMN amount_minor bigint;
