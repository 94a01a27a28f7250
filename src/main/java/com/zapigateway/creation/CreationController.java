package com.zapigateway.creation;

import java.net.URI;

import com.zapigateway.idempotency.IdempotencyKeys;
import com.zapigateway.idempotency.ValidIdempotencyKey;
import com.zapigateway.instance.CreatedInstance;
import com.zapigateway.security.ApiClient;
import com.zapigateway.zapi.OnDemandInstanceRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
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

	/**
	 * Tenant ids: letters, digits, '_' and '-', 1 to 64 characters, starting
	 * alphanumeric.
	 */
	static final String TENANT_ID = "[A-Za-z0-9][A-Za-z0-9_-]{0,63}";

	private final CreationService creations;

	CreationController(CreationService creations) {
		this.creations = creations;
	}

	@PostMapping(path = "/api/v1/tenants/{tenantId}/instances", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<CreatedInstance> create(@PathVariable @Pattern(regexp = TENANT_ID) String tenantId,
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
