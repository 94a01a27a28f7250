package com.zapigateway.idempotency;

/**
 * What every endpoint that honours an {@code Idempotency-Key} shares: the header names
 * and the key's format (see {@link ValidIdempotencyKey}). Keys are scoped per tenant; the
 * requests made with them are {@link IdempotentRequests}.
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

}
