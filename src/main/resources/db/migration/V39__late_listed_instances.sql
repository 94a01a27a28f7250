-- Instances Z-API listed only after the gateway had concluded their create was absent (Z-API
-- listed them later than gateway.idempotency.settle-time). The sync's pass adopts every listed
-- instance whose name carries a gateway reference and that the gateway does not hold.
-- adopted_as: LATE_LISTED for such an adoption, null for every instance stored by its create
-- (or by the reconciler's lookup). duplicate_of: Z-API's id of the instance the same intent
-- produced, when this one is a second billed instance of one create; null otherwise.
alter table instances
    add column adopted_as varchar(16)
        constraint ck_instances_adopted_as check (adopted_as in ('LATE_LISTED')),
    add column duplicate_of varchar(255),
    add constraint ck_instances_duplicate_adopted check (duplicate_of is null or adopted_as is not null);

-- What the sync's last complete pass over Z-API's listing found that the gateway does not
-- hold and must not assign to a tenant by guess: instances listed without a gateway reference
-- (made outside the gateway) and instances whose reference matches no intent the gateway keeps
-- (purged, or another gateway's). One row, written by the sync (one replica at a time) after
-- each complete pass, so every replica answers the same numbers.
create table zapi_listing_census (
    id                         smallint     primary key default 1,
    completed_at               timestamptz  not null,
    listed                     integer      not null,
    unreferenced               integer      not null,
    -- at most a bounded sample of Z-API ids (never names or tokens), as a JSON array
    unreferenced_sample        jsonb        not null,
    unknown_reference          integer      not null,
    unknown_reference_sample   jsonb        not null,
    constraint ck_zapi_listing_census_one_row check (id = 1)
);
