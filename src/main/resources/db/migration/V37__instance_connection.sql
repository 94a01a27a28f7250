-- The last known connection of an instance's phone, as the gateway learned it from Z-API
-- (a status read, a QR code request Z-API answered "already connected", a restart or a
-- disconnect through the connection endpoints). Written by the instance module only; a read
-- of the instance never calls Z-API, so this is what the view shows.

-- CONNECTED, DISCONNECTED or NEEDS_RESTORE (Z-API said the session must be restored);
-- null: never checked
alter table instances add column connection_state varchar(16)
    constraint ck_instances_connection_state check (connection_state in ('CONNECTED', 'DISCONNECTED', 'NEEDS_RESTORE'));
-- when connection_state was learned
alter table instances add column connection_checked_at timestamptz;
-- when the gateway first and last saw a phone connected (null: never seen connected)
alter table instances add column first_connected_at timestamptz;
alter table instances add column last_connected_at timestamptz;

-- The summary's trial instances never seen connected, soonest due first (the ones about to be
-- lost): a small partial index, as most instances leave it once connected or subscribed
create index ix_instances_trial_never_connected on instances (tenant_id, due_at, zapi_id)
    where lifecycle = 'TRIAL' and first_connected_at is null;
