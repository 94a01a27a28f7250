-- Issue 5: expiry alerts. One webhook per tenant, and an outbox of events to deliver at
-- least once (a restart loses none: a claimed event whose delivery never finished is
-- claimed again once its lease runs out).
create table webhooks (
    tenant_id  varchar(64)   primary key,
    url        varchar(2048) not null,
    -- HMAC-SHA256 signing key, shown to the caller once at registration; never logged
    secret     varchar(128)  not null,
    created_at timestamptz   not null,
    created_by varchar(100)  not null
);

create table webhook_outbox (
    id              uuid         primary key,
    tenant_id       varchar(64)  not null,
    event_type      varchar(64)  not null,
    instance_id     varchar(255) not null,
    -- one event per instance, kind and due date: a re-scan never enqueues it twice
    dedup_key       varchar(400) not null,
    payload         jsonb        not null,
    status          varchar(16)  not null default 'PENDING'
        constraint ck_webhook_outbox_status check (status in ('PENDING', 'DELIVERED', 'FAILED')),
    attempts        integer      not null default 0,
    -- next try, or the end of the current delivery's lease
    next_attempt_at timestamptz  not null,
    last_error      varchar(300),
    created_at      timestamptz  not null,
    delivered_at    timestamptz,
    constraint uk_webhook_outbox_dedup unique (dedup_key)
);

create index ix_webhook_outbox_pending on webhook_outbox (next_attempt_at) where status = 'PENDING';
create index ix_webhook_outbox_tenant on webhook_outbox (tenant_id, created_at);
