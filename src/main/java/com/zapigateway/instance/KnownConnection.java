package com.zapigateway.instance;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * An instance's connection as the gateway last learned it from Z-API (through the
 * connection endpoints). Reading it never calls Z-API: it may be stale, see
 * {@code checkedAt}. An instance never checked has every field {@code null}.
 *
 * @param state the last known state; {@code null} when never checked
 * @param checkedAt when that state was learned; {@code null} when never checked
 * @param firstConnectedAt when a phone was first seen connected; {@code null} if never
 * @param lastConnectedAt when a phone was last seen connected; {@code null} if never
 */
public record KnownConnection(@Nullable ConnectionState state, @Nullable Instant checkedAt,
		@Nullable Instant firstConnectedAt, @Nullable Instant lastConnectedAt) {

	static KnownConnection of(Instance instance) {
		return new KnownConnection(instance.getConnectionState(), instance.getConnectionCheckedAt(),
				instance.getFirstConnectedAt(), instance.getLastConnectedAt());
	}

}
