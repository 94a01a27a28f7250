package com.zapigateway.limits;

import com.zapigateway.shared.web.ProblemTypes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * This replica is already answering as many reads as it takes at once: 503 with
 * {@code Retry-After: 1}. Nothing was read or changed.
 */
class OverloadedException extends ErrorResponseException {

	OverloadedException(int maxConcurrentReads) {
		super(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.create(HttpStatus.SERVICE_UNAVAILABLE,
				ProblemTypes.OVERLOADED, "Gateway overloaded",
				"This gateway is answering " + maxConcurrentReads + " reads at once, the most it takes; retry in 1 s"),
				null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
	}

}
