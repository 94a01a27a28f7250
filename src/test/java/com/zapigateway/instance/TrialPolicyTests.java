package com.zapigateway.instance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TrialPolicyTests {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private final TrialPolicy policy = new TrialPolicy(Clock.fixed(NOW, ZoneOffset.UTC),
			new TrialProperties(Duration.ofHours(12), Duration.ofDays(2)));

	@Test
	void activeWhileMoreThanTheWindowIsLeft() {
		TrialView trial = this.policy.evaluate(NOW.plus(Duration.ofHours(12)).plusSeconds(1));

		assertThat(trial.status()).isEqualTo(TrialStatus.ACTIVE);
		assertThat(trial.remainingSeconds()).isEqualTo(12 * 3600 + 1);
	}

	@Test
	void expiringSoonWithinTheWindowInclusive() {
		assertThat(this.policy.evaluate(NOW.plus(Duration.ofHours(12))).status()).isEqualTo(TrialStatus.EXPIRING_SOON);
		assertThat(this.policy.evaluate(NOW.plusSeconds(1)).status()).isEqualTo(TrialStatus.EXPIRING_SOON);
	}

	@Test
	void expiredAtAndAfterTheDueDateWithNothingRemaining() {
		assertThat(this.policy.evaluate(NOW)).isEqualTo(new TrialView(TrialStatus.EXPIRED, 0));
		assertThat(this.policy.evaluate(NOW.minus(Duration.ofDays(3))))
			.isEqualTo(new TrialView(TrialStatus.EXPIRED, 0));
	}

	@Test
	void dueRangesAgreeWithEvaluate() {
		for (Instant due : new Instant[] { NOW.minusSeconds(1), NOW, NOW.plusSeconds(1), NOW.plus(Duration.ofHours(12)),
				NOW.plus(Duration.ofHours(12)).plusSeconds(1), NOW.plus(Duration.ofDays(2)) }) {
			TrialStatus status = this.policy.evaluate(due).status();
			for (TrialStatus candidate : new TrialStatus[] { TrialStatus.ACTIVE, TrialStatus.EXPIRING_SOON,
					TrialStatus.EXPIRED }) {
				TrialPolicy.DueRange range = this.policy.dueRange(candidate);
				boolean inRange = due.isAfter(range.after()) && !due.isAfter(range.until());
				assertThat(inRange).as("%s in range of %s", due, candidate).isEqualTo(candidate == status);
			}
		}
	}

	@Test
	void subscribedCannotBeFilteredYet() {
		assertThatExceptionOfType(UnsupportedTrialFilterException.class)
			.isThrownBy(() -> this.policy.dueRange(TrialStatus.SUBSCRIBED));
	}

	@Test
	void estimatesTheDueDateFromTheTrialLength() {
		assertThat(this.policy.estimatedDue(NOW)).isEqualTo(NOW.plus(Duration.ofDays(2)));
	}

	@Test
	void rejectsANonPositiveTrialLength() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TrialProperties(Duration.ofHours(1), Duration.ZERO));
	}

}
