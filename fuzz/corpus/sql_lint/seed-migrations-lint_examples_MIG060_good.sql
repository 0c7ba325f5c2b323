CREATE INDEX CONCURRENTLY orders_search_idx ON orders (user_id, status, created_at) INCLUDE (total);
CREATE UNIQUE INDEX CONCURRENTLY orders_natural_key ON orders (tenant_id, user_id, number, revision);
