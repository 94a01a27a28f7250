package com.zapigateway.apidocs;

import java.util.Map;

/**
 * Example bodies, keyed by {@code "METHOD path"} as springdoc lists them. A new endpoint
 * without an example here fails {@code OpenApiSpecTests}.
 */
final class ApiExamples {

	private static final String VIEW = """
			"id": "3C8A1F6E2B9D40A7", "tenantId": "acme", "name": "Loja Centro", "sessionName": null,
			"createdAt": "2026-11-23T18:00:00Z", "dueAt": "2026-11-25T18:00:00Z", "dueEstimated": false""";

	private static final String TRIAL_VIEW = "{" + VIEW + """
			, "trial": {"status": "ACTIVE", "remainingSeconds": 172800},
			"lifecycle": {"state": "TRIAL", "paymentStatus": null, "confirmedAt": null, "subscribedAt": null,
			"subscribedVia": null, "cancelledAt": null, "deletedAt": null}}""";

	private static final String SUBSCRIBED_VIEW = "{" + VIEW
			+ """
					, "trial": {"status": "SUBSCRIBED", "remainingSeconds": 172800},
					"lifecycle": {"state": "SUBSCRIBED", "paymentStatus": null, "confirmedAt": "2026-11-23T19:00:00Z",
					"subscribedAt": "2026-11-23T19:00:00Z", "subscribedVia": "GATEWAY", "cancelledAt": null, "deletedAt": null}}""";

	private static final String CANCELLED_VIEW = "{" + VIEW + """
			, "trial": {"status": "ACTIVE", "remainingSeconds": 172800},
			"lifecycle": {"state": "CANCELLED", "paymentStatus": "PAID", "confirmedAt": "2026-11-23T20:00:00Z",
			"subscribedAt": "2026-11-23T19:00:00Z", "subscribedVia": "GATEWAY", "cancelledAt": "2026-11-23T20:00:00Z",
			"deletedAt": null}}""";

	static final String INSTANCES = "/api/v1/tenants/{tenantId}/instances";

	static final String INSTANCE = INSTANCES + "/{instanceId}";

	static final String WEBHOOK = "/api/v1/tenants/{tenantId}/webhook";

	/** Successful answers. */
	static final Map<String, String> RESPONSES = Map.of(
			// create: the view plus the token, shown this once
			"POST " + INSTANCES,
			TRIAL_VIEW.substring(0, TRIAL_VIEW.length() - 1) + ", \"token\": \"F00D4C1E2B3A49587766A1B2\"}",
			"GET " + INSTANCES,
			"{\"content\": [" + TRIAL_VIEW + "], \"page\": 0, \"size\": 20, \"totalElements\": 1, \"totalPages\": 1}",
			"GET " + INSTANCE, TRIAL_VIEW, "GET " + INSTANCE + "/credentials",
			"{\"token\": \"F00D4C1E2B3A49587766A1B2\"}", "POST " + INSTANCE + "/subscription", SUBSCRIBED_VIEW,
			"POST " + INSTANCE + "/cancellation", CANCELLED_VIEW, "GET /api/v1/tenants/{tenantId}/summary", """
					{"tenantId": "acme", "at": "2026-11-23T18:30:00Z",
					"countsByTrialStatus": {"ACTIVE": 12, "EXPIRING_SOON": 2, "EXPIRED": 1, "SUBSCRIBED": 30,
					"DELETED": 4}, "nextExpiries": [""" + TRIAL_VIEW + "]}", "PUT " + WEBHOOK, """
					{"url": "https://hooks.acme.example/zapi-gateway", "createdAt": "2026-11-23T18:00:00Z",
					"secret": "whsec_3q2-7wHk9yQ0Zl2fV8m1xNc4sRtU6aBdEeFgHiJkLmo",
					"events": ["instance.trial_expiring_soon", "instance.trial_expired"]}""", "GET " + WEBHOOK, """
					{"url": "https://hooks.acme.example/zapi-gateway", "createdAt": "2026-11-23T18:00:00Z",
					"events": ["instance.trial_expiring_soon", "instance.trial_expired"],
					"lastDelivery": {"at": "2026-11-24T06:00:05Z", "eventId": "0b7f1c2e-5d4a-4e8b-9c31-7a2f6e1d8b40",
					"status": null, "error": "connect-timeout", "delivered": false}}""");

	/** Operations whose success is 201 Created (springdoc lists every success as 200). */
	static final java.util.Set<String> CREATED = java.util.Set.of("POST " + INSTANCES);

	/** Operator endpoints. */
	static final Map<String, String> ADMIN_RESPONSES = Map.of("POST /api/v1/admin/token-encryption/re-encrypt",
			"{\"activeKeyId\": \"k2\", \"reencrypted\": 1250}");

	/** Request bodies. */
	static final Map<String, String> REQUESTS = Map.of("POST " + INSTANCES,
			"{\"name\": \"Loja Centro\", \"receivedCallbackUrl\": \"https://hooks.acme.example/zapi/received\"}",
			"POST " + INSTANCE + "/subscription", "{\"withCalls\": true}", "PUT " + WEBHOOK,
			"{\"url\": \"https://hooks.acme.example/zapi-gateway\"}");

	/** Operation summaries. */
	static final Map<String, String> SUMMARIES = Map.ofEntries(
			Map.entry("POST " + INSTANCES, "Create an instance on Z-API"),
			Map.entry("GET " + INSTANCES, "List a tenant's instances, soonest due first"),
			Map.entry("GET " + INSTANCE, "Read an instance"),
			Map.entry("GET " + INSTANCE + "/credentials", "Read an instance's token (audited)"),
			Map.entry("POST " + INSTANCE + "/subscription", "Subscribe an instance (idempotent)"),
			Map.entry("POST " + INSTANCE + "/cancellation", "Cancel an instance's subscription (idempotent)"),
			Map.entry("GET /api/v1/tenants/{tenantId}/summary", "Counts by trial status and next expiries"),
			Map.entry("PUT " + WEBHOOK, "Register or replace the tenant's expiry-alert webhook (rotates its secret)"),
			Map.entry("GET " + WEBHOOK, "Read the tenant's webhook"),
			Map.entry("DELETE " + WEBHOOK, "Remove the tenant's webhook"),
			Map.entry("POST /api/v1/admin/token-encryption/re-encrypt",
					"Re-encrypt every stored instance token under the active key (operators)"));

	/**
	 * Properties that may be null in answers: by name in every schema, or as
	 * {@code Schema.property}.
	 */
	static final java.util.Set<String> NULLABLE = java.util.Set.of("sessionName", "paymentStatus", "confirmedAt",
			"subscribedAt", "subscribedVia", "cancelledAt", "deletedAt", "secret", "withCalls", "LastDelivery.status",
			"LastDelivery.error");

	/**
	 * Java patterns of request fields and their ECMA-262 equivalents: printable text (no
	 * control or surrogate characters) with line breaks allowed.
	 */
	static final Map<String, String> ECMA_PATTERNS = Map.of("[\\n\\r[^\\p{Cc}\\p{Cs}]]*",
			"^(?:[\\n\\r]|[^\\p{Cc}\\p{Cs}])*$");

	private ApiExamples() {
	}

}
