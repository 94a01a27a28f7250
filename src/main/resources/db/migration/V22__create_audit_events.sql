-- Security-relevant events (see com.zapigateway.audit.AuditLog): who, for which tenant and instance,
-- how it ended, under which request id. Never a token or an API key.
create table audit_events (
    id          bigint       generated always as identity primary key,
    occurred_at timestamptz  not null,
    action      varchar(64)  not null,
    client      varchar(100),
    tenant_id   varchar(64),
    instance_id varchar(255),
    outcome     varchar(64)  not null,
    request_id  varchar(64)
);

-- "what happened to this tenant / this instance lately", and time-range scans
create index ix_audit_events_tenant_time on audit_events (tenant_id, occurred_at);
create index ix_audit_events_instance on audit_events (instance_id);
create index ix_audit_events_time on audit_events (occurred_at);
