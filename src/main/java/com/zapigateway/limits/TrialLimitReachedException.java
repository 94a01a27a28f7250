package com.zapigateway.limits;

import com.zapigateway.shared.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A tenant is at its cap of instances in trial: 409, nothing created.
 */
public class TrialLimitReachedException extends ErrorResponseException {

	TrialLimitReachedException(String tenantId, int max) {
		super(HttpStatus.CONFLICT,
				ProblemTypes.create(HttpStatus.CONFLICT, ProblemTypes.TRIAL_INSTANCE_LIMIT,
						"Trial instance limit reached", "Tenant " + tenantId + " already has " + max
								+ " instances in trial, the most allowed; no instance was created"),
				null);
	}

}
