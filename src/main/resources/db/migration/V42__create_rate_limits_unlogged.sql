-- The create rate's buckets need no WAL: a create's statement on a logged table waits for its
-- commit to be flushed to disk (0.24 ms against 0.06 ms unlogged in pgbench here, 1.3-1.8 ms against
-- 0.3 ms with four clients on one row), which was most of the rate's cost per create. What an
-- unlogged table gives up is harmless for a rate: after a PostgreSQL crash, or on a standby promoted
-- by a failover (unlogged tables are not replicated), the table is empty, so every client's bucket
-- starts full again, as on a first start. Nothing else reads it.
alter table create_rate_limits set unlogged;
