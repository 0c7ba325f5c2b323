-- a constraint on a column added in the same change set restricts no existing writer
ALTER TABLE orders ADD COLUMN discount numeric;
ALTER TABLE orders ADD CONSTRAINT discount_non_negative CHECK (discount >= 0) NOT VALID;
