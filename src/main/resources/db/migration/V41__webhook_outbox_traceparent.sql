-- The W3C traceparent of the trace an outbox event was enqueued in (the request or job pass that
-- caused it), so that its delivery, made later by a job pass, continues that trace and the
-- receiver gets the same trace id. Null when nothing was traced (events enqueued before this
-- column existed, or with tracing off): the delivery then belongs to the dispatch pass's trace.
alter table webhook_outbox add column traceparent varchar(55);
