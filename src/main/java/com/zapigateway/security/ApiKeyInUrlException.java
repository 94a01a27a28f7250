package com.zapigateway.security;

import com.zapigateway.shared.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A request carried what looks like an API key in its query string. Refused whatever the
 * key: URLs end up in access logs, proxies and browser histories.
 */
class ApiKeyInUrlException extends ErrorResponseException {

	ApiKeyInUrlException(String parameter) {
		super(HttpStatus.BAD_REQUEST,
				ProblemTypes.create(HttpStatus.BAD_REQUEST, ProblemTypes.API_KEY_IN_URL, "API key in URL",
						"Query parameter '" + parameter
								+ "' looks like a credential: API keys are accepted only in the "
								+ "X-API-Key header. A key that was sent in a URL may have been logged: rotate it"),
				null);
	}

}
