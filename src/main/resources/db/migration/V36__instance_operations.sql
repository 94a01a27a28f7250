-- The subscribe or cancel call to Z-API in flight per instance, owned by the subscription
-- module (instances is written by the instance module only). A row exists while a call is
-- claimed; a row whose lease ran out is taken over (its holder died). Leases are on the
-- database's clock.
create table instance_operations (
    -- Z-API's instance id (unique across tenants)
    instance_id  varchar(255) primary key,
    -- SUBSCRIBE or CANCEL
    operation    varchar(16)  not null,
    -- the claim's owner: a release never ends a claim another call took over
    holder       uuid         not null,
    lease_until  timestamptz  not null,
    constraint ck_instance_operations_operation check (operation in ('SUBSCRIBE', 'CANCEL'))
);

-- A call in flight during the upgrade keeps its claim for as long as the default settings
-- let a Z-API call run (connect 5 s x 3 attempts, backoff 2 s x 2, read 30 s, plus 30 s).
insert into instance_operations (instance_id, operation, holder, lease_until)
select zapi_id, pending_operation, gen_random_uuid(), pending_since + interval '79 seconds'
from instances
where pending_operation is not null and pending_since is not null;

alter table instances drop column pending_operation;
alter table instances drop column pending_since;
