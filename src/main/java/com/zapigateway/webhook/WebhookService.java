package com.zapigateway.webhook;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import com.zapigateway.audit.AuditLog;
import com.zapigateway.outbound.OutboundUrlPolicy;
import com.zapigateway.shared.web.FieldProblem;
import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

import org.springframework.stereotype.Service;

/**
 * Registering, reading and removing a tenant's webhook. A URL is registered only if
 * {@link OutboundUrlPolicy} allows it (plain http to loopback only with
 * {@code gateway.webhooks.allow-http-loopback}); its host is not resolved here, the
 * dispatcher checks what it resolves to on every delivery.
 */
@Service
class WebhookService {

	static final String INVALID_URL = "must be an absolute https URL with a host, a port from 1 to 65535 if any,"
			+ " and no credentials or fragment";

	static final String FORBIDDEN_HOST = "must point at a public host: no localhost, local-only or single-label name,"
			+ " and no loopback, private, link-local, reserved or non-canonical IP address";

	private final SecureRandom random = new SecureRandom();

	private final WebhookStore store;

	private final WebhookProperties properties;

	private final AuditLog audit;

	private final Clock clock;

	WebhookService(WebhookStore store, WebhookProperties properties, AuditLog audit, Clock clock) {
		this.store = store;
		this.properties = properties;
		this.audit = audit;
		this.clock = clock;
	}

	WebhookView register(String client, String tenantId, String url) {
		OutboundUrlPolicy.Verdict verdict = OutboundUrlPolicy.evaluate(url);
		if (!this.properties.accepts(verdict)) {
			this.audit.record(AuditLog.Action.WEBHOOK_REGISTER, client, tenantId, null, "invalid");
			throw ProblemException.invalid(List.of(new FieldProblem("url",
					(verdict == OutboundUrlPolicy.Verdict.INVALID) ? INVALID_URL : FORBIDDEN_HOST)));
		}
		byte[] key = new byte[32];
		this.random.nextBytes(key);
		// Standard Webhooks: whsec_ then the key in standard base64, as its libraries
		// decode it
		String secret = WebhookSigner.SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
		WebhookStore.Webhook webhook = new WebhookStore.Webhook(tenantId, url, secret, this.clock.instant(), client,
				null);
		this.store.register(webhook);
		this.audit.record(AuditLog.Action.WEBHOOK_REGISTER, client, tenantId, null, "registered");
		return new WebhookView(url, webhook.createdAt(), secret, WebhookView.EVENTS, null);
	}

	WebhookView get(String tenantId) {
		return this.store.find(tenantId)
			.map((webhook) -> new WebhookView(webhook.url(), webhook.createdAt(), null, WebhookView.EVENTS,
					webhook.lastDelivery()))
			.orElseThrow(() -> notFound(tenantId));
	}

	void delete(String client, String tenantId) {
		boolean deleted = this.store.delete(tenantId);
		this.audit.record(AuditLog.Action.WEBHOOK_DELETE, client, tenantId, null, deleted ? "deleted" : "not-found");
		if (!deleted) {
			throw notFound(tenantId);
		}
	}

	private static ProblemException notFound(String tenantId) {
		return new ProblemException(Problem.WEBHOOK_NOT_FOUND, tenantId);
	}

}
