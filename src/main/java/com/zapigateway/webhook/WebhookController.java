package com.zapigateway.webhook;

import com.zapigateway.security.ApiClient;
import com.zapigateway.shared.web.Answers;
import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.TenantId;
import jakarta.validation.Valid;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's expiry-alert webhook: register (or replace, rotating the secret), read,
 * remove.
 */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenantId}/webhook", produces = MediaType.APPLICATION_JSON_VALUE)
class WebhookController {

	private final WebhookService webhooks;

	WebhookController(WebhookService webhooks) {
		this.webhooks = webhooks;
	}

	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<WebhookView> register(@PathVariable @TenantId String tenantId,
			@RequestBody @Valid WebhookRegistration registration, @AuthenticationPrincipal ApiClient client) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(this.webhooks.register(client.name(), tenantId, registration.url()));
	}

	@GetMapping
	@Answers(Problem.WEBHOOK_NOT_FOUND)
	WebhookView get(@PathVariable @TenantId String tenantId) {
		return this.webhooks.get(tenantId);
	}

	@DeleteMapping
	@Answers(Problem.WEBHOOK_NOT_FOUND)
	@ResponseStatus(HttpStatus.NO_CONTENT)
	ResponseEntity<Void> delete(@PathVariable @TenantId String tenantId, @AuthenticationPrincipal ApiClient client) {
		this.webhooks.delete(client.name(), tenantId);
		return ResponseEntity.noContent().build();
	}

}
