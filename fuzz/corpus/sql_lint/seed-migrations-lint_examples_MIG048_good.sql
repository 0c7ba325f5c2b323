CREATE INDEX CONCURRENTLY cse_customer_created_idx ON customer_subscription_events (customer_id);
