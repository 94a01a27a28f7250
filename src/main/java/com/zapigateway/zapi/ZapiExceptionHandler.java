package com.zapigateway.zapi;

import com.zapigateway.shared.web.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a failed Z-API call with its problem: 502 when Z-API answered badly, 503 when
 * it could not be reached, 504 when the outcome is unknown. Never echoes Z-API's body.
 * Ordered before the catch-all handler.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ZapiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ZapiExceptionHandler.class);

	@ExceptionHandler(ZapiException.class)
	ResponseEntity<ProblemDetail> handleZapi(ZapiException ex) {
		log.warn("Z-API call failed: {} ({})", ex.getMessage(), ex.failure());
		Problem problem = problemOf(ex.failure());
		return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
	}

	static Problem problemOf(ZapiException.Failure failure) {
		return switch (failure) {
			case CREDENTIALS_REJECTED -> Problem.ZAPI_CREDENTIALS_REJECTED;
			case REQUEST_REJECTED -> Problem.ZAPI_REQUEST_REJECTED;
			case RATE_LIMITED -> Problem.ZAPI_RATE_LIMITED;
			case SERVER_ERROR -> Problem.ZAPI_SERVER_ERROR;
			case CREATE_FAILED -> Problem.ZAPI_CREATE_FAILED;
			case CLIENT_TOKEN_REQUIRED -> Problem.ZAPI_CLIENT_TOKEN_REQUIRED;
			case MALFORMED_RESPONSE -> Problem.ZAPI_MALFORMED_RESPONSE;
			case UNREACHABLE -> Problem.ZAPI_UNREACHABLE;
			case TIMEOUT -> Problem.ZAPI_TIMEOUT;
			case CONNECTION_LOST -> Problem.ZAPI_CONNECTION_LOST;
		};
	}

}
