-- The per-client create rate, shared by every replica (owned by the limits module). One row per
-- configured client: the generic cell rate algorithm's theoretical arrival time, i.e. the moment
-- the client's bucket would be full again if it made no more creates. A create is one
-- insert ... on conflict do update on this row, timed by the database's clock_timestamp().
-- accepted: whether the last create that touched the row was let through (what the statement
-- returns to the replica that ran it).
create table create_rate_limits (
    client       varchar(255) primary key,
    full_at      timestamptz  not null,
    accepted     boolean      not null
);
