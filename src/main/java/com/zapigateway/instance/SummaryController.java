package com.zapigateway.instance;

import com.zapigateway.shared.web.TenantId;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's counts by trial status and by connection, its next expiries and its trial
 * instances never connected (the ones about to be lost), for dashboards. Never calls
 * Z-API.
 */
@RestController
class SummaryController {

	private final Instances instances;

	SummaryController(Instances instances) {
		this.instances = instances;
	}

	@GetMapping(path = "/api/v1/tenants/{tenantId}/summary", produces = MediaType.APPLICATION_JSON_VALUE)
	Instances.Summary summary(@PathVariable @TenantId String tenantId,
			@RequestParam(defaultValue = "10") @Min(0) @Max(100) int next) {
		return this.instances.summary(tenantId, next);
	}

}
