package com.zapigateway.creation;

import java.time.Duration;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * Z-API created the instance but the gateway could not store it (its database failed
 * between Z-API's answer and the commit): 503. The intent stays PENDING with the gateway
 * reference, so a retry with the same Idempotency-Key (or the reconciler) adopts the
 * instance instead of creating another.
 */
class CreateNotStoredException extends ProblemException {

	CreateNotStoredException(Duration retryAfter, Throwable cause) {
		super(Problem.CREATE_NOT_STORED, cause);
		retryAfter(Math.max(1, retryAfter.toSeconds()));
	}

}
