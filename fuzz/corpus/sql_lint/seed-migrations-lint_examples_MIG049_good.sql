ALTER TABLE events ADD COLUMN happened_at timestamptz;
