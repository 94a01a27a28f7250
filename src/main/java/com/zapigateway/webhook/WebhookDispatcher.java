package com.zapigateway.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.zapigateway.instance.InstanceLifecycle;
import com.zapigateway.ops.JobRuns;
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
 * deduplicate on {@code X-Webhook-Id}. No database transaction is open during a post.
 */
@Component
public class WebhookDispatcher {

	static final String JOB = "webhook-dispatch";

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	private final WebhookStore store;

	private final WebhookProperties properties;

	private final InstanceLifecycle clock;

	private final JobRuns runs;

	private final MeterRegistry meters;

	private final HttpClient http;

	WebhookDispatcher(WebhookStore store, WebhookProperties properties, InstanceLifecycle clock, JobRuns runs,
			MeterRegistry meters) {
		this.store = store;
		this.properties = properties;
		this.clock = clock;
		this.runs = runs;
		this.meters = meters;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
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
			Instant now = this.clock.now();
			List<WebhookStore.OutboxEvent> events = this.store.claim(now, now.plus(this.properties.lease()),
					this.properties.batchSize());
			int delivered = 0;
			for (WebhookStore.OutboxEvent event : events) {
				if (deliver(event)) {
					delivered++;
				}
			}
			return delivered;
		});
	}

	private boolean deliver(WebhookStore.OutboxEvent event) {
		Optional<WebhookStore.Webhook> webhook = this.store.find(event.tenantId());
		if (webhook.isEmpty()) {
			this.store.failed(event.id(), "no webhook registered");
			count("dropped");
			return false;
		}
		String error = post(webhook.get(), event);
		if (error == null) {
			this.store.delivered(event.id(), this.clock.now());
			count("delivered");
			return true;
		}
		if (event.attempts() >= this.properties.maxAttempts()) {
			this.store.failed(event.id(), error);
			count("failed");
			log.warn("Gave up delivering webhook event {} ({}) to tenant {} after {} attempts: {}", event.id(),
					event.type(), event.tenantId(), event.attempts(), error);
		}
		else {
			this.store.retryAt(event.id(), this.clock.now().plus(this.properties.backoff(event.attempts())), error);
			count("retry");
		}
		return false;
	}

	/**
	 * Posts one event.
	 * @return {@code null} if delivered, else what went wrong (no response body)
	 */
	private String post(WebhookStore.Webhook webhook, WebhookStore.OutboxEvent event) {
		long timestamp = this.clock.now().getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(URI.create(webhook.url()))
			.timeout(this.properties.readTimeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "zapi-gateway-webhooks")
			.header("X-Webhook-Id", event.id().toString())
			.header("X-Webhook-Event", event.type())
			.header("X-Webhook-Attempt", String.valueOf(event.attempts()))
			.header(WebhookSigner.HEADER, WebhookSigner.signature(webhook.secret(), timestamp, event.payload()))
			.POST(HttpRequest.BodyPublishers.ofString(event.payload(), StandardCharsets.UTF_8))
			.build();
		try {
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			int status = response.statusCode();
			return (status >= 200 && status < 300) ? null : "HTTP " + status;
		}
		catch (IOException ex) {
			return ex.getClass().getSimpleName();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
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
