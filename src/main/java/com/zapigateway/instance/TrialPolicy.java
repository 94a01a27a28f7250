package com.zapigateway.instance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Computes an instance's trial status from its due date and the injected {@link Clock}.
 * The status bands, with {@code w} the expiring-soon window:
 * <ul>
 * <li>{@code EXPIRED}: {@code dueAt <= now}</li>
 * <li>{@code EXPIRING_SOON}: {@code now < dueAt <= now + w}</li>
 * <li>{@code ACTIVE}: {@code dueAt > now + w}</li>
 * </ul>
 * These bands apply to instances on trial and to cancelled subscriptions (which run out
 * at their due date); a subscribed instance is {@code SUBSCRIBED}, a deleted one
 * {@code DELETED}.
 */
@Component
class TrialPolicy {

	/** Lower bound for "any due date" queries, before any Z-API instance existed. */
	private static final Instant BEGINNING = Instant.parse("1970-01-01T00:00:00Z");

	/** Upper bound for "any due date" queries, far past any trial or subscription. */
	private static final Instant END = Instant.parse("9999-12-31T23:59:59Z");

	private final Clock clock;

	private final TrialProperties properties;

	TrialPolicy(Clock clock, TrialProperties properties) {
		this.clock = clock;
		this.properties = properties;
	}

	Instant estimatedDue(Instant createdAt) {
		return createdAt.plus(this.properties.length());
	}

	TrialView evaluate(Instance instance) {
		return switch (instance.getLifecycle()) {
			case DELETED -> new TrialView(TrialStatus.DELETED, 0);
			case SUBSCRIBED -> new TrialView(TrialStatus.SUBSCRIBED,
					Math.max(0, Duration.between(this.clock.instant(), instance.getDueAt()).toSeconds()));
			case TRIAL, CANCELLED -> evaluate(instance.getDueAt());
		};
	}

	TrialView evaluate(Instant dueAt) {
		Instant now = this.clock.instant();
		long remaining = Math.max(0, Duration.between(now, dueAt).toSeconds());
		TrialStatus status;
		if (!dueAt.isAfter(now)) {
			status = TrialStatus.EXPIRED;
		}
		else if (!dueAt.isAfter(now.plus(this.properties.expiringSoonWindow()))) {
			status = TrialStatus.EXPIRING_SOON;
		}
		else {
			status = TrialStatus.ACTIVE;
		}
		return new TrialView(status, remaining);
	}

	/**
	 * The lifecycles and due-date range {@code (after, until]} of a status, consistent
	 * with {@link #evaluate(Instance)}; everything for {@code null}.
	 * @param status the status, or {@code null} for all
	 * @return the range
	 */
	DueRange dueRange(@Nullable TrialStatus status) {
		Instant now = this.clock.instant();
		Instant soon = now.plus(this.properties.expiringSoonWindow());
		if (status == null) {
			return new DueRange(EnumSet.allOf(Lifecycle.class), BEGINNING, END);
		}
		Set<Lifecycle> runningOut = EnumSet.of(Lifecycle.TRIAL, Lifecycle.CANCELLED);
		return switch (status) {
			case EXPIRED -> new DueRange(runningOut, BEGINNING, now);
			case EXPIRING_SOON -> new DueRange(runningOut, now, soon);
			case ACTIVE -> new DueRange(runningOut, soon, END);
			case SUBSCRIBED -> new DueRange(EnumSet.of(Lifecycle.SUBSCRIBED), BEGINNING, END);
			case DELETED -> new DueRange(EnumSet.of(Lifecycle.DELETED), BEGINNING, END);
		};
	}

	/**
	 * Instances in one of {@code lifecycles} whose due date is in {@code (after, until]}.
	 *
	 * @param lifecycles the lifecycles
	 * @param after exclusive lower bound of the due date
	 * @param until inclusive upper bound
	 */
	record DueRange(Set<Lifecycle> lifecycles, Instant after, Instant until) {
	}

}
