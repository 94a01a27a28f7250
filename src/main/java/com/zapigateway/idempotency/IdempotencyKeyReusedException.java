package com.zapigateway.idempotency;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * An Idempotency-Key was used before with a different request: 422
 * {@code idempotency-key-reused}, on every endpoint that honours the key.
 */
public class IdempotencyKeyReusedException extends ProblemException {

	public IdempotencyKeyReusedException() {
		super(Problem.IDEMPOTENCY_KEY_REUSED);
	}

}
