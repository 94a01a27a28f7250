package com.zapigateway.instance;

import com.zapigateway.security.ApiClient;
import com.zapigateway.shared.web.Answers;
import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.TenantId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP and validation for a tenant's instances. Tenant access is enforced before this
 * controller runs (see the security configuration).
 */
@RestController
@RequestMapping(path = "/api/v1/tenants/{tenantId}/instances", produces = MediaType.APPLICATION_JSON_VALUE)
class InstanceController {

	/** Instance ids as Z-API issues them: URL-safe characters only. */
	static final String INSTANCE_ID = "[A-Za-z0-9_-]{1,255}";

	static final int MAX_PAGE_SIZE = 100;

	private final Instances instances;

	InstanceController(Instances instances) {
		this.instances = instances;
	}

	@GetMapping("/{instanceId}")
	@Answers(Problem.INSTANCE_NOT_FOUND)
	InstanceView get(@PathVariable @TenantId String tenantId,
			@PathVariable @Pattern(regexp = INSTANCE_ID) String instanceId) {
		return this.instances.get(tenantId, instanceId);
	}

	@GetMapping
	InstancePage list(@PathVariable @TenantId String tenantId,
			@RequestParam(required = false) @Nullable TrialStatus trialStatus,
			@RequestParam(defaultValue = "0") @Min(0) @Max(1_000_000) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(MAX_PAGE_SIZE) int size) {
		return this.instances.list(tenantId, trialStatus, page, size);
	}

	@GetMapping("/{instanceId}/credentials")
	@Answers(Problem.INSTANCE_NOT_FOUND)
	ResponseEntity<InstanceCredentials> credentials(@PathVariable @TenantId String tenantId,
			@PathVariable @Pattern(regexp = INSTANCE_ID) String instanceId, @AuthenticationPrincipal ApiClient client) {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(this.instances.credentials(client.name(), tenantId, instanceId));
	}

}
