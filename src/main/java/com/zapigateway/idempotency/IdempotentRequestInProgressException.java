package com.zapigateway.idempotency;

import com.zapigateway.shared.web.ProblemTypes;
import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Another request with the same Idempotency-Key is still being processed (or its outcome
 * is settling): 409 {@code create-in-progress} with {@code Retry-After}, on every
 * endpoint that honours the key (the type's name is the create's, where it was
 * introduced).
 */
public class IdempotentRequestInProgressException extends ErrorResponseException {

	public IdempotentRequestInProgressException(Duration retryAfter) {
		super(HttpStatus.CONFLICT, ProblemTypes.create(HttpStatus.CONFLICT, ProblemTypes.CREATE_IN_PROGRESS,
				"Request in progress",
				"A request with this Idempotency-Key is still in progress; retry later with the same key and body"),
				null);
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
	}

}
