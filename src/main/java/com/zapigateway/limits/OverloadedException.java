package com.zapigateway.limits;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * This replica is already answering as many reads as it takes at once: 503 with
 * {@code Retry-After: 1}. Nothing was read or changed.
 */
class OverloadedException extends ProblemException {

	OverloadedException(int maxConcurrentReads) {
		super(Problem.OVERLOADED, maxConcurrentReads);
	}

}
