package com.zapigateway.instance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

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

	Instant now() {
		return this.clock.instant();
	}

	Instant estimatedDue(Instant createdAt) {
		return createdAt.plus(this.properties.length());
	}

	TrialView evaluate(Instant dueAt) {
		Instant now = now();
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
	 * The due-date range {@code (after, until]} of a status, consistent with
	 * {@link #evaluate(Instant)}; all due dates for {@code null}.
	 * @param status the status, or {@code null} for all
	 * @return the range
	 */
	DueRange dueRange(@Nullable TrialStatus status) {
		Instant now = now();
		Instant soon = now.plus(this.properties.expiringSoonWindow());
		if (status == null) {
			return new DueRange(BEGINNING, END);
		}
		return switch (status) {
			case EXPIRED -> new DueRange(BEGINNING, now);
			case EXPIRING_SOON -> new DueRange(now, soon);
			case ACTIVE -> new DueRange(soon, END);
			case SUBSCRIBED -> throw new UnsupportedTrialFilterException(status);
		};
	}

	record DueRange(Instant after, Instant until) {
	}

}
