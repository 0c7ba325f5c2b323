-- expand: add the new column; the app writes both until the old one is deprecated
ALTER TABLE users ADD COLUMN full_name text;
