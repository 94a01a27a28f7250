package com.zapigateway.limits;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * A tenant is at its cap of instances in trial: 409, nothing created.
 */
public class TrialLimitReachedException extends ProblemException {

	TrialLimitReachedException(String tenantId, int max) {
		super(Problem.TRIAL_INSTANCE_LIMIT, tenantId, max);
	}

}
