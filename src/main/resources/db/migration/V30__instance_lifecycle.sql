-- Issue 5: what happened to an instance after it was created (subscribed, cancelled,
-- deleted by Z-API after its trial) and when Z-API last confirmed it.

-- TRIAL (as created), SUBSCRIBED, CANCELLED (subscription cancelled: runs until due_at),
-- DELETED (no longer listed by Z-API after its due date)
alter table instances add column lifecycle varchar(16) not null default 'TRIAL'
    constraint ck_instances_lifecycle check (lifecycle in ('TRIAL', 'SUBSCRIBED', 'CANCELLED', 'DELETED'));
-- Z-API's paymentStatus as last listed (undocumented values, kept as sent)
alter table instances add column payment_status varchar(64);
-- when the gateway last saw this instance's state confirmed by Z-API (an answer or a sync)
alter table instances add column confirmed_at timestamptz;
alter table instances add column subscribed_at timestamptz;
alter table instances add column cancelled_at timestamptz;
alter table instances add column deleted_at timestamptz;
-- first complete sync listing that did not show this (past-due) instance; a second one
-- marks it DELETED. Cleared whenever it is listed.
alter table instances add column unlisted_at timestamptz;
-- a subscribe/cancel call to Z-API in flight (claimed with a conditional update, never
-- holding a transaction across the call): which one and since when
alter table instances add column pending_operation varchar(16);
alter table instances add column pending_since timestamptz;

-- Filters and counts by lifecycle per tenant (SUBSCRIBED/DELETED lists, summary)
create index ix_instances_tenant_lifecycle_due on instances (tenant_id, lifecycle, due_at, zapi_id);
-- Expiry alerts and sync look across tenants at what runs out by due date
create index ix_instances_due_running_out on instances (due_at) where lifecycle in ('TRIAL', 'CANCELLED');

-- ShedLock's standard schema (shared with other scheduled jobs)
create table if not exists shedlock (
    name       varchar(64)  not null,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null,
    primary key (name)
);
