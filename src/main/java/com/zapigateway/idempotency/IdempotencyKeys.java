package com.zapigateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * What every endpoint that honours an {@code Idempotency-Key} shares: the header names,
 * the key's format (see {@link ValidIdempotencyKey}), the request fingerprint and the
 * {@code Retry-After} hint while a request with the key is in flight. Keys are scoped per
 * tenant.
 */
public final class IdempotencyKeys {

	/** The header that makes a request idempotent. */
	public static final String HEADER = "Idempotency-Key";

	/** Set on an answer that replays an earlier request with the same key. */
	public static final String REPLAYED_HEADER = "Idempotent-Replayed";

	/**
	 * Idempotency keys: 1 to 255 printable ASCII characters, no leading/trailing space.
	 */
	public static final String PATTERN = "[\\x21-\\x7E]([\\x20-\\x7E]{0,253}[\\x21-\\x7E])?";

	/** The validation message of a malformed key. */
	public static final String MESSAGE = "must be 1 to 255 printable ASCII characters";

	private IdempotencyKeys() {
	}

	/**
	 * The fingerprint stored with a key: SHA-256 (hex) of the request's canonical form.
	 * @param canonicalRequest the validated request, serialized canonically
	 * @return 64 hex digits
	 */
	public static String fingerprint(String canonicalRequest) {
		try {
			return HexFormat.of()
				.formatHex(
						MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The {@code Retry-After} hint for a request whose key is held by another one: the
	 * configured hint, or less if the holder's lease ends sooner.
	 * @param dbNow the database's clock
	 * @param leaseUntil when the holder's lease ends
	 * @param hint the configured hint
	 * @return the hint
	 */
	public static Duration retryAfter(Instant dbNow, Instant leaseUntil, Duration hint) {
		Duration left = Duration.between(dbNow, leaseUntil);
		return (left.compareTo(hint) > 0) ? hint : (positive(left) ? left : hint);
	}

	private static boolean positive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

}
