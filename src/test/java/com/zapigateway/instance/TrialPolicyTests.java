package com.zapigateway.instance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
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
	void subscribedAndDeletedAreFilteredByLifecycleWhateverTheDueDate() {
		TrialPolicy.DueRange subscribed = this.policy.dueRange(TrialStatus.SUBSCRIBED);
		TrialPolicy.DueRange deleted = this.policy.dueRange(TrialStatus.DELETED);

		assertThat(subscribed.lifecycles()).containsExactly(Lifecycle.SUBSCRIBED);
		assertThat(deleted.lifecycles()).containsExactly(Lifecycle.DELETED);
		assertThat(subscribed.after()).isBefore(NOW.minus(Duration.ofDays(365)));
		assertThat(subscribed.until()).isAfter(NOW.plus(Duration.ofDays(365)));
		// the due-date bands are for instances that run out: on trial or cancelled
		assertThat(this.policy.dueRange(TrialStatus.EXPIRED).lifecycles()).containsExactlyInAnyOrder(Lifecycle.TRIAL,
				Lifecycle.CANCELLED);
		assertThat(this.policy.dueRange(null).lifecycles()).containsExactlyInAnyOrder(Lifecycle.values());
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
