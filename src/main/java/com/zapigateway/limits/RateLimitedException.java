package com.zapigateway.limits;

import java.time.Duration;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * A client created instances faster than allowed: 429 with {@code Retry-After}.
 */
public class RateLimitedException extends ProblemException {

	RateLimitedException(Duration retryAfter, int capacity, Duration period) {
		super(Problem.RATE_LIMITED, capacity, period, seconds(retryAfter));
		retryAfter(seconds(retryAfter));
	}

	private static long seconds(Duration duration) {
		// round up: retrying earlier than told would be refused again
		return Math.max(1, (duration.toMillis() + 999) / 1000);
	}

}
