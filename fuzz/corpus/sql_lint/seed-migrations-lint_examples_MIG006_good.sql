ALTER TABLE users ADD COLUMN phone_verified_at timestamptz;
