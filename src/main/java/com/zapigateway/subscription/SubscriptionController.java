package com.zapigateway.subscription;

import com.zapigateway.instance.InstanceView;
import com.zapigateway.security.ApiClient;
import com.zapigateway.idempotency.IdempotencyKeys;
import com.zapigateway.idempotency.ValidIdempotencyKey;
import com.zapigateway.shared.web.Answers;
import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.TenantId;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Subscribe and cancel a tenant's instance. Both answer 200 with the instance as it now
 * is, whether Z-API was called or the instance already was in that state. Both honour an
 * optional {@code Idempotency-Key} with create's rules: a replay answers the first answer
 * again with {@code Idempotent-Replayed: true}.
 */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenantId}/instances/{instanceId}", produces = MediaType.APPLICATION_JSON_VALUE)
class SubscriptionController {

	/** Same rules as the instance endpoints. */
	static final String INSTANCE_ID = "[A-Za-z0-9_-]{1,255}";

	private final SubscriptionService subscriptions;

	SubscriptionController(SubscriptionService subscriptions) {
		this.subscriptions = subscriptions;
	}

	@PostMapping("/subscription")
	@Answers(value = { Problem.INSTANCE_NOT_FOUND, Problem.INSTANCE_DELETED, Problem.OPERATION_IN_PROGRESS,
			Problem.ZAPI_CLIENT_TOKEN_REQUIRED }, callsZapi = true)
	ResponseEntity<InstanceView> subscribe(@PathVariable @TenantId String tenantId,
			@PathVariable @Pattern(regexp = INSTANCE_ID) String instanceId,
			@RequestHeader(name = IdempotencyKeys.HEADER,
					required = false) @ValidIdempotencyKey @Nullable String idempotencyKey,
			@RequestBody(required = false) @Nullable SubscriptionRequest request,
			@AuthenticationPrincipal ApiClient client) {
		return answer(this.subscriptions.subscribe(client.name(), tenantId, instanceId,
				(request != null) ? request.withCalls() : null, idempotencyKey));
	}

	@PostMapping("/cancellation")
	@Answers(value = { Problem.INSTANCE_NOT_FOUND, Problem.INSTANCE_DELETED, Problem.INSTANCE_NOT_SUBSCRIBED,
			Problem.OPERATION_IN_PROGRESS, Problem.ZAPI_CLIENT_TOKEN_REQUIRED }, callsZapi = true)
	ResponseEntity<InstanceView> cancel(@PathVariable @TenantId String tenantId,
			@PathVariable @Pattern(regexp = INSTANCE_ID) String instanceId,
			@RequestHeader(name = IdempotencyKeys.HEADER,
					required = false) @ValidIdempotencyKey @Nullable String idempotencyKey,
			@AuthenticationPrincipal ApiClient client) {
		return answer(this.subscriptions.cancel(client.name(), tenantId, instanceId, idempotencyKey));
	}

	private static ResponseEntity<InstanceView> answer(SubscriptionService.Answer answer) {
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (answer.replayed()) {
			response.header(IdempotencyKeys.REPLAYED_HEADER, "true");
		}
		return response.body(answer.view());
	}

}
