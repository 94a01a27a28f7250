package com.zapigateway.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.zapigateway.outbound.OutboundUrlPolicy;
import com.zapigateway.shared.jobs.JobRuns;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers due outbox events: claims a batch (each with a lease, so replicas share the
 * work and a crashed delivery is retried), posts each signed event to its tenant's
 * current webhook, then marks it delivered (any 2xx), schedules a retry with exponential
 * backoff, or gives it up after {@code max-attempts}. At least once: receivers
 * deduplicate on {@code webhook-id} (also sent as {@code X-Webhook-Id}). Signed as
 * {@link WebhookSigner} says. No database transaction is open during a post.
 * <p>
 * The stored URL is judged by {@link OutboundUrlPolicy} again before every post (a row
 * may hold a URL the policy refuses: written without the policy, or while the loopback
 * opt-in was on), and {@link WebhookTransport} checks what its host resolves to when
 * connecting. Each attempt's outcome is recorded on the event and, for the tenant to see,
 * on the webhook. One event failing in any way never stops the others of the batch.
 * <p>
 * When an event is due, and the lease, are the database's time ({@link WebhookStore}), as
 * for every other lease: replicas whose clocks disagree still agree on who holds an
 * event. What is recorded (when delivered, the latest delivery, the signature's
 * timestamp) is the application's {@link Clock}, as every other recorded time.
 */
@Component
public class WebhookDispatcher {

	static final String JOB = "webhook-dispatch";

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	private final WebhookStore store;

	private final WebhookProperties properties;

	private final Clock clock;

	private final JobRuns runs;

	private final MeterRegistry meters;

	private final WebhookTransport transport;

	private final DeliveryTraces traces;

	WebhookDispatcher(WebhookStore store, WebhookProperties properties, Clock clock, JobRuns runs, MeterRegistry meters,
			WebhookTransport transport, DeliveryTraces traces) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		this.runs = runs;
		this.meters = meters;
		this.transport = transport;
		this.traces = traces;
	}

	@Scheduled(fixedDelayString = "${gateway.webhooks.dispatch-interval:5s}", initialDelayString = "20s")
	public void scheduled() {
		try {
			dispatch();
		}
		catch (RuntimeException ex) {
			log.warn("Webhook dispatch failed: {}", ex.getMessage());
		}
	}

	/**
	 * Delivers one batch of due events.
	 * @return how many were delivered
	 */
	public int dispatch() {
		return this.runs.record(JOB, () -> {
			List<WebhookStore.OutboxEvent> events = this.store.claim(this.properties.lease(),
					this.properties.batchSize());
			int delivered = 0;
			for (WebhookStore.OutboxEvent event : events) {
				try {
					if (deliver(event)) {
						delivered++;
					}
				}
				catch (RuntimeException ex) {
					// e.g. the database failed while recording the outcome: the event
					// stays claimed until its lease ends, then it is tried again
					log.warn("Could not handle webhook event {} of tenant {}: {}", event.id(), event.tenantId(),
							ex.getClass().getSimpleName());
				}
			}
			return delivered;
		});
	}

	private boolean deliver(WebhookStore.OutboxEvent event) {
		Optional<WebhookStore.Webhook> found = this.store.find(event.tenantId());
		if (found.isEmpty()) {
			this.store.failed(event.id(), "no webhook registered");
			count("dropped");
			return false;
		}
		WebhookStore.Webhook webhook = found.get();
		DeliveryOutcome outcome = this.traces.deliver(event.traceparent(), event.type(),
				(tracing) -> post(webhook, event, tracing));
		Instant now = this.clock.instant();
		boolean delivered = outcome.delivered();
		if (delivered) {
			this.store.delivered(event.id(), now);
			count("delivered");
		}
		else if (event.attempts() >= this.properties.maxAttempts()) {
			this.store.failed(event.id(), outcome.lastError());
			count("failed");
			log.warn("Gave up delivering webhook event {} ({}) to tenant {} after {} attempts: {}", event.id(),
					event.type(), event.tenantId(), event.attempts(), outcome.lastError());
		}
		else {
			this.store.retryAfter(event.id(), this.properties.backoff(event.attempts()), outcome.lastError());
			count("retry");
		}
		this.store.recordDelivery(webhook,
				new LastDelivery(now, event.id(), outcome.status(), outcome.error(), delivered));
		return delivered;
	}

	/**
	 * Posts one event, if its webhook's URL is still allowed.
	 * @param tracing the headers carrying the delivery's trace
	 * @return the outcome (never the receiver's body)
	 */
	private DeliveryOutcome post(WebhookStore.Webhook webhook, WebhookStore.OutboxEvent event,
			Map<String, String> tracing) {
		try {
			OutboundUrlPolicy.Verdict verdict = OutboundUrlPolicy.evaluate(webhook.url());
			if (!this.properties.accepts(verdict)) {
				return DeliveryOutcome.failed((verdict == OutboundUrlPolicy.Verdict.INVALID)
						? DeliveryOutcome.INVALID_URL : DeliveryOutcome.REFUSED_ADDRESS);
			}
			long timestamp = this.clock.instant().getEpochSecond();
			Map<String, String> headers = new LinkedHashMap<>();
			headers.put("User-Agent", "zapi-gateway-webhooks");
			headers.put("X-Webhook-Id", event.id().toString());
			headers.put("X-Webhook-Event", event.type());
			headers.put("X-Webhook-Attempt", String.valueOf(event.attempts()));
			headers.putAll(tracing);
			headers.putAll(WebhookSigner.headers(webhook.secret(), event.id().toString(), timestamp, event.payload()));
			return this.transport.post(URI.create(webhook.url()), verdict == OutboundUrlPolicy.Verdict.LOOPBACK_HTTP,
					headers, event.payload());
		}
		catch (RuntimeException ex) {
			// this event's failed attempt, retried with backoff; the batch goes on
			log.warn("Delivering webhook event {} of tenant {} failed unexpectedly: {}", event.id(), event.tenantId(),
					ex.getClass().getSimpleName());
			return DeliveryOutcome.failed(DeliveryOutcome.INTERNAL);
		}
	}

	private void count(String outcome) {
		Counter.builder("gateway.webhook.deliveries")
			.description("Webhook delivery attempts by outcome")
			.tag("outcome", outcome)
			.register(this.meters)
			.increment();
	}

}
