-- One table for every request made with an Idempotency-Key (and every create, with or without
-- one): recorded and leased before the gateway acts, its result kept for replays. Replaces
-- instance_creations (V10) and lifecycle_requests (V32), whose rows it takes over unchanged.
-- See docs/reliability.md.
create table idempotent_requests (
    id               uuid         primary key,
    -- CREATE, or LIFECYCLE (subscribe and cancel): each its own key space per tenant
    scope            varchar(16)  not null,
    tenant_id        varchar(64)  not null,
    -- the caller's Idempotency-Key (null only for a create sent without one)
    idempotency_key  varchar(255),
    -- what the request is about: a create's gateway reference (sent to Z-API inside the instance
    -- name as " [gw:<reference>]"), the instance a subscribe or cancel is for
    subject          varchar(255) not null,
    -- SHA-256 (hex) of the caller's canonical request
    fingerprint      char(64)     not null,
    -- exactly what the caller asked for (a create: its own name, without the reference)
    request          jsonb        not null,
    created_by       varchar(100) not null,
    -- PENDING: being processed (Z-API may be being called); UNKNOWN: sent, outcome unknown;
    -- DONE: finished, result kept; FAILED: provably nothing done (or Z-API refused)
    state            varchar(16)  not null,
    -- while lease_until (database clock) is in the future, one caller or replica owns this row
    lease_until      timestamptz  not null,
    attempts         integer      not null default 0,
    -- once DONE: a create's Z-API instance id; a subscribe's or cancel's answer (the instance
    -- view as JSON, never a token), replayed as is
    result           text,
    -- for FAILED/UNKNOWN: a short reason (ZapiException.Failure, a problem type); never a secret
    failure          varchar(40),
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    constraint ck_idempotent_requests_scope check (scope in ('CREATE', 'LIFECYCLE')),
    constraint ck_idempotent_requests_state check (state in ('PENDING', 'UNKNOWN', 'DONE', 'FAILED')),
    constraint ck_idempotent_requests_done check (state <> 'DONE' or result is not null),
    constraint ck_idempotent_requests_key check (scope = 'CREATE' or idempotency_key is not null)
);

-- An Idempotency-Key is scoped per tenant and scope: two replicas racing on one key insert one row.
create unique index uk_idempotent_requests_key on idempotent_requests (tenant_id, scope, idempotency_key)
    where idempotency_key is not null;

-- A create's gateway reference identifies it on Z-API: never two creates with one reference.
create unique index uk_idempotent_requests_reference on idempotent_requests (subject)
    where scope = 'CREATE';

-- The reconciler's work list: unresolved requests whose lease ran out.
create index ix_idempotent_requests_unresolved on idempotent_requests (scope, lease_until)
    where state in ('PENDING', 'UNKNOWN');

-- The purge job: requests by age.
create index ix_idempotent_requests_created on idempotent_requests (created_at);

insert into idempotent_requests (id, scope, tenant_id, idempotency_key, subject, fingerprint, request, created_by,
    state, lease_until, attempts, result, failure, created_at, updated_at)
select id, 'CREATE', tenant_id, idempotency_key, reference, fingerprint, request, created_by,
    state, lease_until, attempts, zapi_id, failure, created_at, updated_at
from instance_creations;

-- a subscribe's or cancel's request body was only kept in its fingerprint
insert into idempotent_requests (id, scope, tenant_id, idempotency_key, subject, fingerprint, request, created_by,
    state, lease_until, attempts, result, failure, created_at, updated_at)
select id, 'LIFECYCLE', tenant_id, idempotency_key, instance_id, fingerprint,
    jsonb_build_object('operation', operation, 'instanceId', instance_id), created_by,
    state, lease_until, attempts, response, failure, created_at, updated_at
from lifecycle_requests;

drop table instance_creations;
drop table lifecycle_requests;
