-- Instances the gateway created on Z-API. One row per billed instance.
create table instances (
    id            uuid         primary key,
    tenant_id     varchar(64)  not null,
    zapi_id       varchar(255) not null,
    token         varchar(255) not null,
    name          varchar(120) not null,
    session_name  varchar(120),
    -- exactly what was sent to Z-API (only the fields the caller gave)
    zapi_request  jsonb        not null,
    due_at        timestamptz  not null,
    -- true when Z-API's "due" was unreadable and due_at = created_at + trial length
    due_estimated boolean      not null default false,
    created_at    timestamptz  not null,
    created_by    varchar(100) not null,
    constraint uk_instances_zapi_id unique (zapi_id)
);

-- A tenant's instances by due date: serves get-by-id (tenant, zapi_id via the unique index),
-- the paged list ordered by (due_at, zapi_id) and its trial-status (due_at range) filter.
create index ix_instances_tenant_due on instances (tenant_id, due_at, zapi_id);
