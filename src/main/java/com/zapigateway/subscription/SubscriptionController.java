package com.zapigateway.subscription;

import com.zapigateway.instance.InstanceView;
import com.zapigateway.security.ApiClient;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Subscribe and cancel a tenant's instance. Both answer 200 with the instance as it now
 * is, whether Z-API was called or the instance already was in that state.
 */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenantId}/instances/{instanceId}", produces = MediaType.APPLICATION_JSON_VALUE)
class SubscriptionController {

	/** Same rules as the instance endpoints. */
	static final String TENANT_ID = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

	static final String INSTANCE_ID = "[A-Za-z0-9_-]{1,255}";

	private final SubscriptionService subscriptions;

	SubscriptionController(SubscriptionService subscriptions) {
		this.subscriptions = subscriptions;
	}

	@PostMapping("/subscription")
	InstanceView subscribe(@PathVariable @Pattern(regexp = TENANT_ID) String tenantId,
			@PathVariable @Pattern(regexp = INSTANCE_ID) String instanceId,
			@RequestBody(required = false) @Nullable SubscriptionRequest request,
			@AuthenticationPrincipal ApiClient client) {
		return this.subscriptions.subscribe(client.name(), tenantId, instanceId,
				(request != null) ? request.withCalls() : null);
	}

	@PostMapping("/cancellation")
	InstanceView cancel(@PathVariable @Pattern(regexp = TENANT_ID) String tenantId,
			@PathVariable @Pattern(regexp = INSTANCE_ID) String instanceId, @AuthenticationPrincipal ApiClient client) {
		return this.subscriptions.cancel(client.name(), tenantId, instanceId);
	}

}
