-- One row per create the gateway attempts on Z-API (its "intent"), written and committed
-- before Z-API is called. See docs/reliability.md.
create table instance_creations (
    id               uuid         primary key,
    -- the gateway reference, sent to Z-API inside the instance name as " [gw:<reference>]"
    reference        varchar(32)  not null,
    tenant_id        varchar(64)  not null,
    -- the caller's Idempotency-Key (null when the caller sent none), unique per tenant
    idempotency_key  varchar(255),
    -- SHA-256 (hex) of the caller's canonical request body
    fingerprint      char(64)     not null,
    -- exactly what the caller asked for (its own name, without the reference)
    request          jsonb        not null,
    created_by       varchar(100) not null,
    -- PENDING: Z-API may be being called; UNKNOWN: sent, outcome unknown;
    -- DONE: instance stored; FAILED: provably nothing created on Z-API
    state            varchar(16)  not null,
    -- while lease_until is in the future, one caller or replica owns this row
    lease_until      timestamptz  not null,
    attempts         integer      not null default 0,
    zapi_id          varchar(255),
    -- for FAILED/UNKNOWN: the ZapiException.Failure (or another short reason); never a secret
    failure          varchar(40),
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    constraint uk_instance_creations_reference unique (reference),
    constraint ck_instance_creations_state check (state in ('PENDING', 'UNKNOWN', 'DONE', 'FAILED')),
    constraint ck_instance_creations_done check (state <> 'DONE' or zapi_id is not null)
);

-- An Idempotency-Key is scoped per tenant: two replicas racing on one key insert one row.
create unique index uk_instance_creations_key on instance_creations (tenant_id, idempotency_key)
    where idempotency_key is not null;

-- The reconciler's work list: unresolved creations whose lease ran out.
create index ix_instance_creations_unresolved on instance_creations (lease_until)
    where state in ('PENDING', 'UNKNOWN');

-- The purge job: finished creations by age.
create index ix_instance_creations_created on instance_creations (created_at);
