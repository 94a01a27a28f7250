package com.zapigateway.creation;

import java.time.Duration;

import com.zapigateway.shared.web.ProblemTypes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * Z-API created the instance but the gateway could not store it (its database failed
 * between Z-API's answer and the commit): 503. The intent stays PENDING with the gateway
 * reference, so a retry with the same Idempotency-Key (or the reconciler) adopts the
 * instance instead of creating another.
 */
class CreateNotStoredException extends ErrorResponseException {

	CreateNotStoredException(Duration retryAfter, Throwable cause) {
		super(HttpStatus.SERVICE_UNAVAILABLE,
				ProblemTypes.create(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.CREATE_NOT_STORED,
						"Create not stored yet",
						"Z-API created the instance but the gateway could not store it yet; retry with the same"
								+ " Idempotency-Key to receive it (it will not be created again)"),
				cause);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
	}

}
