package com.zapigateway.instance;

import java.time.Instant;

import com.zapigateway.zapi.OnDemandInstanceRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an instance knows of its subscription's voice calls through its state changes.
 */
class InstanceWithCallsTests {

	private static final Instant T0 = Instant.parse("2026-11-23T18:00:00Z");

	@Test
	void aSubscriptionThroughTheGatewayRecordsWhatWasSentAndAnUpgradeSetsCalls() {
		Instance instance = instance();
		assertThat(LifecycleView.of(instance).withCalls()).as("on trial").isNull();

		instance.subscribed(T0, null);
		assertThat(LifecycleView.of(instance).withCalls()).as("Z-API's default").isNull();

		instance.upgradedToCalls(T0.plusSeconds(60));
		LifecycleView upgraded = LifecycleView.of(instance);
		assertThat(upgraded.withCalls()).isTrue();
		assertThat(upgraded.confirmedAt()).isEqualTo(T0.plusSeconds(60));
		assertThat(upgraded.subscribedAt()).isEqualTo(T0);
		assertThat(upgraded.state()).isEqualTo(Lifecycle.SUBSCRIBED);

		instance.cancelled(T0.plusSeconds(120));
		assertThat(LifecycleView.of(instance).withCalls()).as("kept for the cancelled subscription").isTrue();

		instance.subscribed(T0.plusSeconds(180), false);
		assertThat(LifecycleView.of(instance).withCalls()).isFalse();
	}

	@Test
	void aSubscriptionSeenByTheSyncLeavesCallsUnknown() {
		Instance instance = instance();

		assertThat(instance.subscribedOutsideGateway(T0)).isTrue();

		LifecycleView view = LifecycleView.of(instance);
		assertThat(view.subscribedVia()).isEqualTo(SubscribedVia.SYNC);
		assertThat(view.withCalls()).isNull();
	}

	private static Instance instance() {
		return new Instance("acme", "CALLS1", "enc:v1:test1:x", "n", OnDemandInstanceRequest.named("n"),
				T0.plusSeconds(172800), false, T0, "tests");
	}

}
