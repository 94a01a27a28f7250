package com.zapigateway.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.zapigateway.limits.LimitsProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The per-tenant trial cap: stored instances plus creates in flight, including a create
 * that finishes while another is being counted.
 */
class TrialInstanceLimitTests {

	private final TrialInstanceLimit limit = new TrialInstanceLimit(
			new LimitsProperties(2, new LimitsProperties.Rate(20, Duration.ofMinutes(1)), 64));

	@Test
	void countsStoredAndInFlightCreatesPerTenant() {
		CreateLimits.Reservation first = this.limit.reserve("acme", (upTo) -> 0);
		this.limit.reserve("acme", (upTo) -> 0);

		assertThatExceptionOfType(TrialLimitReachedException.class)
			.isThrownBy(() -> this.limit.reserve("acme", (upTo) -> 0));
		assertThat(this.limit.reserve("other", (upTo) -> 1)).isNotNull();

		first.close(); // failed: nothing stored, its slot is free again
		assertThat(this.limit.reserve("acme", (upTo) -> 0)).isNotNull();
	}

	@Test
	void aCreateFinishingWhileAnotherIsCountedIsNotMissed() {
		AtomicLong stored = new AtomicLong(1);
		CreateLimits.Reservation inFlight = this.limit.reserve("acme", (upTo) -> stored.get());

		// the count runs before the in-flight create is stored; it is stored and leaves
		// the in-flight set before the count returns
		assertThatExceptionOfType(TrialLimitReachedException.class)
			.isThrownBy(() -> this.limit.reserve("acme", (upTo) -> {
				long counted = stored.get();
				stored.incrementAndGet();
				inFlight.close();
				return counted;
			}));
		assertThat(stored.get()).isEqualTo(2);
	}

}
