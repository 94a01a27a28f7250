package com.zapigateway.creation;

import java.net.URI;

import com.zapigateway.idempotency.IdempotencyKeys;
import com.zapigateway.idempotency.ValidIdempotencyKey;
import com.zapigateway.instance.CreatedInstance;
import com.zapigateway.security.ApiClient;
import com.zapigateway.shared.web.Answers;
import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.TenantId;
import com.zapigateway.zapi.OnDemandInstanceRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * HTTP and validation for creating a tenant's instance. Tenant access is enforced before
 * this controller runs (see the security configuration).
 */
@RestController
class CreationController {

	private final CreationService creations;

	CreationController(CreationService creations) {
		this.creations = creations;
	}

	@Answers(value = { Problem.TRIAL_INSTANCE_LIMIT, Problem.RATE_LIMITED, Problem.ZAPI_CREATE_FAILED,
			Problem.CREATE_NOT_STORED }, callsZapi = true)
	@PostMapping(path = "/api/v1/tenants/{tenantId}/instances", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<CreatedInstance> create(@PathVariable @TenantId String tenantId,
			@RequestHeader(name = IdempotencyKeys.HEADER,
					required = false) @ValidIdempotencyKey @Nullable String idempotencyKey,
			@RequestBody @Valid OnDemandInstanceRequest request, @AuthenticationPrincipal ApiClient client,
			HttpServletRequest http) {
		CreationService.Created created = this.creations.create(client.name(), tenantId, idempotencyKey, request);
		// a path (RFC 9110 allows a relative reference), not an absolute URL:
		// the Host and forwarding headers it would be built from can be forged
		URI location = UriComponentsBuilder.fromPath(http.getContextPath())
			.path("/api/v1/tenants/{tenantId}/instances/{instanceId}")
			.buildAndExpand(tenantId, created.instance().instance().id())
			.toUri();
		ResponseEntity.BodyBuilder response = ResponseEntity.created(location).cacheControl(CacheControl.noStore());
		if (created.replayed()) {
			response.header(IdempotencyKeys.REPLAYED_HEADER, "true");
		}
		return response.body(created.instance());
	}

}
