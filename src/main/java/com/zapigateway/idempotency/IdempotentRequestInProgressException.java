package com.zapigateway.idempotency;

import java.time.Duration;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * Another request with the same Idempotency-Key is still being processed (or its outcome
 * is settling): 409 {@code create-in-progress} with {@code Retry-After}, on every
 * endpoint that honours the key (the type's name is the create's, where it was
 * introduced).
 */
public class IdempotentRequestInProgressException extends ProblemException {

	public IdempotentRequestInProgressException(Duration retryAfter) {
		super(Problem.CREATE_IN_PROGRESS);
		retryAfter(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
	}

}
