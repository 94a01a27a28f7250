-- Whether the instance's subscription includes voice calls, as far as the gateway knows:
-- true once a subscribe with withCalls true or an upgrade was confirmed by Z-API, false once a
-- subscribe with withCalls false was; null when unknown (never subscribed through the gateway,
-- subscribed with Z-API's undocumented default, subscribed outside the gateway as the sync
-- found, or subscribed before this column existed). Kept after a cancel: it describes the
-- subscription that was cancelled.
alter table instances add column with_calls boolean;

-- the upgrade to calls claims the instance like subscribe and cancel
alter table instance_operations drop constraint ck_instance_operations_operation;
alter table instance_operations add constraint ck_instance_operations_operation
    check (operation in ('SUBSCRIBE', 'CANCEL', 'UPGRADE'));
