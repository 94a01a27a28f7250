-- Bench-only: turns one instance the gateway stored (created through the API against the stub)
-- into 100,000 instances across 1,000 tenants: ids BENCH<n>, tenants tenant-<n % 1000>.
-- Every column is copied from that template row (so columns added later, e.g. an encrypted
-- token, keep a value the gateway itself wrote); only identity, tenant and dates change.
\set ON_ERROR_STOP on
begin;
create temp table seed_template on commit drop as select * from instances order by created_at limit 1;
create temp table seed on commit drop as
    select t.* from seed_template t cross join generate_series(0, :ids - 1) g(n);
alter table seed add column seed_n bigserial;
update seed set
    id = gen_random_uuid(),
    zapi_id = 'BENCH' || (seed_n - 1),
    tenant_id = 'tenant-' || ((seed_n - 1) % :tenants),
    -- due dates from 1 day ago to 3 days ahead: expired, expiring-soon and active trials
    due_at = now() + (((seed_n - 1) % 96) - 24) * interval '1 hour',
    created_at = now() - interval '1 day';
alter table seed drop column seed_n;
delete from instances;
insert into instances select * from seed;
commit;
analyze instances;
select count(*) as instances, count(distinct tenant_id) as tenants from instances;
