package com.zapigateway.security;

import com.zapigateway.shared.web.Problem;
import com.zapigateway.shared.web.ProblemException;

/**
 * A request carried what looks like an API key in its query string. Refused whatever the
 * key: URLs end up in access logs, proxies and browser histories.
 */
class ApiKeyInUrlException extends ProblemException {

	ApiKeyInUrlException(String parameter) {
		super(Problem.API_KEY_IN_URL, parameter);
	}

}
