-- The outcome of the latest delivery attempt to each webhook, shown to its tenant (GET .../webhook):
-- when, which event, the receiver's HTTP status if it answered, and what went wrong if anything (a
-- short kind such as refused-address or connect-timeout, never the receiver's body). All null until
-- the first attempt; a new registration clears them.
alter table webhooks
    add column last_delivery_at        timestamptz,
    add column last_delivery_event_id  uuid,
    add column last_delivery_status    integer,
    add column last_delivery_error     varchar(32),
    add column last_delivery_delivered boolean,
    add constraint ck_webhooks_last_delivery check (
        (last_delivery_at is null and last_delivery_event_id is null and last_delivery_status is null
            and last_delivery_error is null and last_delivery_delivered is null)
        or (last_delivery_at is not null and last_delivery_event_id is not null
            and last_delivery_delivered is not null));
