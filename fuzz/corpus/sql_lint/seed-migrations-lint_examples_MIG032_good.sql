SET statement_timeout = '5min';
UPDATE users SET active = true;
