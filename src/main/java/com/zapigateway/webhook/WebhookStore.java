package com.zapigateway.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * SQL for webhooks and the outbox, nothing else.
 */
@Repository
class WebhookStore {

	/** The values of an outbox row, in the insert's column order. */
	private static final String EVENT_ROW = ":id, :tenant, :type, :instance, :dedup, cast(:payload as jsonb),"
			+ " clock_timestamp(), :now, :traceparent";

	private final JdbcClient jdbc;

	private final DeliveryTraces traces;

	WebhookStore(JdbcClient jdbc, DeliveryTraces traces) {
		this.jdbc = jdbc;
		this.traces = traces;
	}

	@Transactional
	void register(Webhook webhook) {
		this.jdbc.sql("""
				insert into webhooks (tenant_id, url, secret, created_at, created_by)
				values (:tenant, :url, :secret, :createdAt, :createdBy)
				on conflict (tenant_id) do update set url = excluded.url, secret = excluded.secret,
				created_at = excluded.created_at, created_by = excluded.created_by,
				last_delivery_at = null, last_delivery_event_id = null, last_delivery_status = null,
				last_delivery_error = null, last_delivery_delivered = null
				""")
			.param("tenant", webhook.tenantId())
			.param("url", webhook.url())
			.param("secret", webhook.secret())
			.param("createdAt", Timestamp.from(webhook.createdAt()))
			.param("createdBy", webhook.createdBy())
			.update();
	}

	Optional<Webhook> find(String tenantId) {
		return this.jdbc.sql("select * from webhooks where tenant_id = :tenant")
			.param("tenant", tenantId)
			.query(WebhookStore::webhook)
			.optional();
	}

	/**
	 * Records the latest delivery attempt to a webhook, unless it was replaced (or
	 * removed) since the attempt started: the outcome belongs to the registration it was
	 * made for.
	 */
	@Transactional
	void recordDelivery(Webhook webhook, LastDelivery delivery) {
		this.jdbc.sql("""
				update webhooks set last_delivery_at = :at, last_delivery_event_id = :event,
				last_delivery_status = :status, last_delivery_error = :error, last_delivery_delivered = :delivered
				where tenant_id = :tenant and created_at = :createdAt and url = :url
				""")
			.param("at", Timestamp.from(delivery.at()))
			.param("event", delivery.eventId())
			.param("status", delivery.status(), Types.INTEGER)
			.param("error", delivery.error(), Types.VARCHAR)
			.param("delivered", delivery.delivered())
			.param("tenant", webhook.tenantId())
			.param("createdAt", Timestamp.from(webhook.createdAt()))
			.param("url", webhook.url())
			.update();
	}

	Map<String, Webhook> all() {
		return this.jdbc.sql("select * from webhooks")
			.query(WebhookStore::webhook)
			.list()
			.stream()
			.collect(Collectors.toMap(Webhook::tenantId, (webhook) -> webhook));
	}

	@Transactional
	boolean delete(String tenantId) {
		return this.jdbc.sql("delete from webhooks where tenant_id = :tenant").param("tenant", tenantId).update() == 1;
	}

	/**
	 * Enqueues an event unless one with the same dedup key exists; it is due at once (the
	 * database's time, as the claim compares with it). The current trace is stored with
	 * it ({@link DeliveryTraces}).
	 * @return {@code true} if enqueued
	 */
	@Transactional
	boolean enqueue(UUID id, String tenantId, String type, String instanceId, String dedupKey, String payload,
			Instant now) {
		return insertEvent("values (" + EVENT_ROW + ")", id, tenantId, type, instanceId, dedupKey, payload, now);
	}

	/**
	 * Like {@link #enqueue}, if the tenant has a webhook; one statement, not
	 * transactional itself: it joins the caller's transaction, whichever manager opened
	 * it.
	 * @return {@code true} if enqueued
	 */
	boolean enqueueIfRegistered(UUID id, String tenantId, String type, String instanceId, String dedupKey,
			String payload, Instant now) {
		return insertEvent("select " + EVENT_ROW + " from webhooks where tenant_id = :tenant", id, tenantId, type,
				instanceId, dedupKey, payload, now);
	}

	/**
	 * One outbox row, from {@code rows} (a {@code values} or a {@code select} of
	 * {@link #EVENT_ROW}).
	 */
	private boolean insertEvent(String rows, UUID id, String tenantId, String type, String instanceId, String dedupKey,
			String payload, Instant now) {
		return this.jdbc.sql("""
				insert into webhook_outbox (id, tenant_id, event_type, instance_id, dedup_key, payload,
				next_attempt_at, created_at, traceparent)
				""" + rows + "\non conflict (dedup_key) do nothing")
			.param("id", id)
			.param("tenant", tenantId)
			.param("type", type)
			.param("instance", instanceId)
			.param("dedup", dedupKey)
			.param("payload", payload)
			.param("now", Timestamp.from(now))
			.param("traceparent", this.traces.current(), Types.VARCHAR)
			.update() == 1;
	}

	/**
	 * Claims due events for delivery: each gets one more attempt and a lease (other
	 * replicas skip it until the lease ends; after a crash it is delivered again). The
	 * lease is {@code next_attempt_at} itself, on the database's clock
	 * ({@code clock_timestamp()}) like the other leases: one clock for every replica, so
	 * one whose clock runs ahead cannot take an event whose lease has not ended.
	 */
	@Transactional
	List<OutboxEvent> claim(Duration lease, int limit) {
		return this.jdbc.sql("""
				update webhook_outbox set attempts = attempts + 1,
				    next_attempt_at = clock_timestamp() + :leaseMillis * interval '1 millisecond'
				where id in (select id from webhook_outbox where status = 'PENDING'
				    and next_attempt_at <= clock_timestamp()
				    order by next_attempt_at limit :limit for update skip locked)
				returning id, tenant_id, event_type, payload::text as payload, attempts, traceparent
				""")
			.param("leaseMillis", lease.toMillis())
			.param("limit", limit)
			.query((rs, n) -> new OutboxEvent(rs.getObject("id", UUID.class), rs.getString("tenant_id"),
					rs.getString("event_type"), rs.getString("payload"), rs.getInt("attempts"),
					rs.getString("traceparent")))
			.list();
	}

	@Transactional
	void delivered(UUID id, Instant now) {
		this.jdbc.sql("""
				update webhook_outbox set status = 'DELIVERED', delivered_at = :now, last_error = null where id = :id
				""").param("id", id).param("now", Timestamp.from(now)).update();
	}

	/**
	 * Schedules the next attempt, {@code backoff} from now on the database's clock (the
	 * one {@link #claim} compares with); this also ends the attempt's lease.
	 */
	@Transactional
	void retryAfter(UUID id, Duration backoff, String error) {
		this.jdbc
			.sql("""
					update webhook_outbox set next_attempt_at = clock_timestamp() + :backoffMillis * interval '1 millisecond',
					    last_error = :error where id = :id
					""")
			.param("id", id)
			.param("backoffMillis", backoff.toMillis())
			.param("error", error)
			.update();
	}

	@Transactional
	void failed(UUID id, String error) {
		this.jdbc.sql("update webhook_outbox set status = 'FAILED', last_error = :error where id = :id")
			.param("id", id)
			.param("error", error)
			.update();
	}

	private static Webhook webhook(ResultSet rs, int row) throws SQLException {
		Timestamp lastAt = rs.getTimestamp("last_delivery_at");
		LastDelivery last = (lastAt != null) ? new LastDelivery(lastAt.toInstant(),
				rs.getObject("last_delivery_event_id", UUID.class), rs.getObject("last_delivery_status", Integer.class),
				rs.getString("last_delivery_error"), rs.getBoolean("last_delivery_delivered")) : null;
		return new Webhook(rs.getString("tenant_id"), rs.getString("url"), rs.getString("secret"),
				rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"), last);
	}

	/**
	 * A tenant's webhook.
	 *
	 * @param tenantId the tenant
	 * @param url where events are posted
	 * @param secret the signing key (never logged)
	 * @param createdAt when registered
	 * @param createdBy the client that registered it
	 * @param lastDelivery the latest delivery attempt since it was registered, if any
	 */
	record Webhook(String tenantId, String url, String secret, Instant createdAt, String createdBy,
			@Nullable LastDelivery lastDelivery) {

		@Override
		public String toString() {
			return "Webhook[tenantId=" + this.tenantId + ", url=" + this.url + ", secret=<redacted>]";
		}

	}

	/**
	 * An event claimed for delivery.
	 *
	 * @param id the event id (sent as {@code X-Webhook-Id}; receivers deduplicate on it)
	 * @param tenantId the tenant
	 * @param type the event type
	 * @param payload the JSON body
	 * @param attempts this delivery's number, from 1
	 * @param traceparent the W3C traceparent of the trace it was enqueued in, if any
	 */
	record OutboxEvent(UUID id, String tenantId, String type, String payload, int attempts,
			@Nullable String traceparent) {
	}

}
