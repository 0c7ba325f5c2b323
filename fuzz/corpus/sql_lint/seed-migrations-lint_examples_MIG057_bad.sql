CREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');
ALTER DOMAIN email ADD CONSTRAINT email_short CHECK (char_length(VALUE) < 320);
