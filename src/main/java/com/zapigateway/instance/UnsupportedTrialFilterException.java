package com.zapigateway.instance;

import com.zapigateway.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A list filter the gateway cannot answer truthfully yet.
 */
class UnsupportedTrialFilterException extends ErrorResponseException {

	UnsupportedTrialFilterException(TrialStatus status) {
		super(HttpStatus.BAD_REQUEST, ProblemTypes.create(HttpStatus.BAD_REQUEST, ProblemTypes.UNSUPPORTED_FILTER,
				"Unsupported filter",
				"trialStatus=" + status + " cannot be filtered on yet: the gateway does not track subscriptions"),
				null);
	}

}
