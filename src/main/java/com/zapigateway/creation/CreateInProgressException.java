package com.zapigateway.creation;

import java.time.Duration;

import com.zapigateway.web.ProblemTypes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Another request with the same Idempotency-Key is still being processed (or its outcome
 * is settling): 409 with {@code Retry-After}.
 */
class CreateInProgressException extends ErrorResponseException {

	CreateInProgressException(Duration retryAfter) {
		super(HttpStatus.CONFLICT, ProblemTypes.create(HttpStatus.CONFLICT, ProblemTypes.CREATE_IN_PROGRESS,
				"Create in progress",
				"A request with this Idempotency-Key is still in progress; retry later with the same key and body"),
				null);
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
	}

}
