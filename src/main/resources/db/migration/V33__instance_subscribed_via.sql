-- Issue 5: how the gateway learned an instance is subscribed. GATEWAY: subscribed through the
-- gateway (Z-API confirmed); SYNC: subscribed outside the gateway, seen by the sync in Z-API's
-- listing with a payment status configured as subscribed (gateway.sync.subscribed-payment-statuses).
alter table instances add column subscribed_via varchar(16)
    constraint ck_instances_subscribed_via check (subscribed_via in ('GATEWAY', 'SYNC'));

-- every subscription so far was made through the gateway
update instances set subscribed_via = 'GATEWAY' where subscribed_at is not null;
