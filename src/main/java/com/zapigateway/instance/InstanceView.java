package com.zapigateway.instance;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What callers see of an instance. Never carries the token.
 *
 * @param id Z-API's instance id
 * @param tenantId the owning tenant
 * @param name the instance name
 * @param sessionName the WhatsApp session name, if one was given
 * @param createdAt when the gateway created it
 * @param dueAt when the trial ends (ISO-8601, UTC)
 * @param dueEstimated {@code true} if Z-API gave no readable due date and {@code dueAt}
 * is the creation time plus the trial length
 * @param trial the trial status now
 * @param lifecycle what happened to it on Z-API since, and when Z-API last confirmed it
 * @param connection its phone connection as last learned from Z-API (never read from
 * Z-API for this view)
 */
public record InstanceView(String id, String tenantId, String name, @Nullable String sessionName, Instant createdAt,
		Instant dueAt, boolean dueEstimated, TrialView trial, LifecycleView lifecycle, KnownConnection connection) {

	static InstanceView of(Instance instance, TrialView trial) {
		return new InstanceView(instance.getZapiId(), instance.getTenantId(), instance.getName(),
				instance.getSessionName(), instance.getCreatedAt(), instance.getDueAt(), instance.isDueEstimated(),
				trial, LifecycleView.of(instance), KnownConnection.of(instance));
	}

}
