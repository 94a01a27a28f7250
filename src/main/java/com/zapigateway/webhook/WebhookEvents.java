package com.zapigateway.webhook;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.zapigateway.instance.InstanceView;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Events other modules announce to a tenant's webhook: recorded in the outbox (when the
 * tenant has a webhook) and delivered, signed, like the expiry alerts.
 * <p>
 * Each method is one insert that joins the caller's transaction (a plain JDBC one too),
 * so an event is recorded if and only if what it announces is committed.
 */
@Component
public class WebhookEvents {

	static final String DUPLICATE_ADOPTED = "instance.duplicate_adopted";

	private final WebhookStore store;

	private final JsonMapper json;

	WebhookEvents(WebhookStore store, JsonMapper json) {
		this.store = store;
		this.json = json;
	}

	/**
	 * Announces a second billed instance of one create that the gateway adopted from
	 * Z-API's listing, so that the tenant can cancel or use it. Once per instance.
	 * @param instance the adopted instance (its {@code lifecycle.duplicateOf} names the
	 * instance the create produced)
	 * @param duplicateOf the instance the create produced
	 * @param now when it was adopted
	 * @return {@code true} if enqueued, {@code false} if the tenant has no webhook (or it
	 * was announced already)
	 */
	public boolean duplicateAdopted(InstanceView instance, String duplicateOf, Instant now) {
		UUID id = UUID.randomUUID();
		Map<String, Object> about = new LinkedHashMap<>();
		about.put("id", instance.id());
		about.put("name", instance.name());
		about.put("dueAt", instance.dueAt().toString());
		about.put("lifecycle", instance.lifecycle().state().name());
		about.put("adoptedAs",
				(instance.lifecycle().adoptedAs() != null) ? instance.lifecycle().adoptedAs().name() : null);
		about.put("duplicateOf", duplicateOf);
		Map<String, Object> event = new LinkedHashMap<>();
		event.put("id", id.toString());
		event.put("type", DUPLICATE_ADOPTED);
		event.put("occurredAt", now.toString());
		event.put("tenantId", instance.tenantId());
		event.put("instance", about);
		return this.store.enqueueIfRegistered(id, instance.tenantId(), DUPLICATE_ADOPTED, instance.id(),
				DUPLICATE_ADOPTED + ":" + instance.id(), this.json.writeValueAsString(event), now);
	}

}
