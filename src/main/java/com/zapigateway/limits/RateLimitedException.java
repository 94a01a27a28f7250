package com.zapigateway.limits;

import java.time.Duration;

import com.zapigateway.shared.web.ProblemTypes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A client created instances faster than allowed: 429 with {@code Retry-After}.
 */
public class RateLimitedException extends ErrorResponseException {

	RateLimitedException(Duration retryAfter, int capacity, Duration period) {
		super(HttpStatus.TOO_MANY_REQUESTS,
				ProblemTypes.create(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.RATE_LIMITED, "Too many creates",
						"This client may create at most " + capacity + " instances per " + period + "; retry after "
								+ seconds(retryAfter) + " s"),
				null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter)));
	}

	private static long seconds(Duration duration) {
		// round up: retrying earlier than told would be refused again
		return Math.max(1, (duration.toMillis() + 999) / 1000);
	}

}
