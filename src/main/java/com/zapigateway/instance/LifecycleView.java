package com.zapigateway.instance;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An instance's life on Z-API since the gateway created it.
 *
 * @param state the lifecycle state
 * @param paymentStatus Z-API's payment status as last listed (values as Z-API sends
 * them), if ever listed
 * @param confirmedAt when Z-API last confirmed this state (a subscribe/cancel answer or a
 * sync listing); {@code null} if never since creation
 * @param subscribedAt when it was subscribed through the gateway, or when the sync found
 * it subscribed outside the gateway
 * @param subscribedVia {@code GATEWAY} or {@code SYNC} (subscribed outside the gateway,
 * seen in Z-API's listing), if subscribed
 * @param withCalls whether its subscription includes voice calls: {@code true} once Z-API
 * confirmed a subscribe with {@code withCalls: true} or an upgrade through the gateway,
 * {@code false} once it confirmed a subscribe with {@code withCalls: false}; {@code null}
 * when the gateway does not know (never subscribed, subscribed without {@code withCalls}
 * (Z-API's default is undocumented), subscribed outside the gateway, or answered before
 * the gateway kept it). Kept after a cancel, for the subscription that was cancelled
 * @param cancelledAt when its subscription was cancelled through the gateway
 * @param deletedAt when the gateway found Z-API had deleted it
 * @param adoptedAs {@code LATE_LISTED} if the sync adopted it from Z-API's listing after
 * its create had been concluded absent; {@code null} if its create stored it
 * @param duplicateOf if adopted late: the instance its create produced (this one is then
 * a second billed instance of one create, to be cancelled or used); {@code null}
 * otherwise
 */
public record LifecycleView(Lifecycle state, @Nullable String paymentStatus, @Nullable Instant confirmedAt,
		@Nullable Instant subscribedAt, @Nullable SubscribedVia subscribedVia, @Nullable Boolean withCalls,
		@Nullable Instant cancelledAt, @Nullable Instant deletedAt, @Nullable AdoptedAs adoptedAs,
		@Nullable String duplicateOf) {

	static LifecycleView of(Instance instance) {
		return new LifecycleView(instance.getLifecycle(), instance.getPaymentStatus(), instance.getConfirmedAt(),
				instance.getSubscribedAt(), instance.getSubscribedVia(), instance.getWithCalls(),
				instance.getCancelledAt(), instance.getDeletedAt(), instance.getAdoptedAs(), instance.getDuplicateOf());
	}

}
