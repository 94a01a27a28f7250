package com.zapigateway.zapi;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads Z-API's {@code due}. The docs show it both as a JSON number and as a numeric
 * string of epoch milliseconds; an ISO-8601 instant or offset date-time is accepted too.
 * Anything else, or a value outside a plausible range, reads as {@code null} ("unknown").
 */
final class DueReader {

	private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

	private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

	private DueReader() {
	}

	static @Nullable Instant read(@Nullable JsonNode due) {
		if (due == null || due.isNull() || due.isMissingNode()) {
			return null;
		}
		if (due.isNumber()) {
			return due.canConvertToExactIntegral() && due.canConvertToLong() ? plausible(due.longValue()) : null;
		}
		if (due.isString()) {
			return read(due.stringValue().strip());
		}
		return null;
	}

	private static @Nullable Instant read(String text) {
		if (text.isEmpty()) {
			return null;
		}
		if (text.chars().allMatch(Character::isDigit)) {
			return (text.length() <= 18) ? plausible(Long.parseLong(text)) : null;
		}
		try {
			return plausible(OffsetDateTime.parse(text).toInstant());
		}
		catch (DateTimeException ex) {
			return null;
		}
	}

	private static @Nullable Instant plausible(long epochMillis) {
		return plausible(Instant.ofEpochMilli(epochMillis));
	}

	private static @Nullable Instant plausible(Instant instant) {
		return (instant.isBefore(EARLIEST) || !instant.isBefore(LATEST)) ? null : instant;
	}

}
