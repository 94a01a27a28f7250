-- Idempotency-Keys of subscribe and cancel (POST .../subscription, .../cancellation), with the
-- same rules as create's keys in instance_creations (V10): one row per tenant and key, committed
-- before Z-API is called, the first successful answer kept for replays. See docs/reliability.md.
create table lifecycle_requests (
    id               uuid         primary key,
    tenant_id        varchar(64)  not null,
    -- the caller's Idempotency-Key, unique per tenant (like create's)
    idempotency_key  varchar(255) not null,
    -- SUBSCRIBE or CANCEL, and the instance it is about (both also in the fingerprint)
    operation        varchar(16)  not null,
    instance_id      varchar(255) not null,
    -- SHA-256 (hex) of the canonical request: operation, instance id and body
    fingerprint      char(64)     not null,
    created_by       varchar(100) not null,
    -- PENDING: being processed (Z-API may be being called); UNKNOWN: Z-API's outcome unknown;
    -- DONE: answered 200, the answer is kept; FAILED: ended without acting (or Z-API refused)
    state            varchar(16)  not null,
    -- while lease_until is in the future, one request owns this key
    lease_until      timestamptz  not null,
    attempts         integer      not null default 1,
    -- the first successful answer (the instance view, never a token), replayed as is
    response         text,
    -- for FAILED/UNKNOWN: a short reason (ZapiException.Failure, a problem type); never a secret
    failure          varchar(40),
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    constraint uk_lifecycle_requests_key unique (tenant_id, idempotency_key),
    constraint ck_lifecycle_requests_operation check (operation in ('SUBSCRIBE', 'CANCEL')),
    constraint ck_lifecycle_requests_state check (state in ('PENDING', 'UNKNOWN', 'DONE', 'FAILED')),
    constraint ck_lifecycle_requests_done check (state <> 'DONE' or response is not null)
);

-- The purge job: keys by age (same retention as create's).
create index ix_lifecycle_requests_created on lifecycle_requests (created_at);
