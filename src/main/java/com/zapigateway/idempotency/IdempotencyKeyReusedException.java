package com.zapigateway.idempotency;

import com.zapigateway.shared.web.ProblemTypes;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An Idempotency-Key was used before with a different request: 422
 * {@code idempotency-key-reused}, on every endpoint that honours the key.
 */
public class IdempotencyKeyReusedException extends ErrorResponseException {

	public IdempotencyKeyReusedException() {
		super(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.create(HttpStatus.UNPROCESSABLE_CONTENT,
				ProblemTypes.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key reused",
				"This Idempotency-Key was already used with a different request body; use a new key for a new request"),
				null);
	}

}
