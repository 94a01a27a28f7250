package com.zapigateway.zapi;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zapigateway.shared.web.ProblemTypes;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a failed Z-API call with its problem (see {@link UpstreamProblem}); never
 * echoes Z-API's body. Ordered before the catch-all handler.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ZapiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ZapiExceptionHandler.class);

	@ExceptionHandler(ZapiException.class)
	ResponseEntity<ProblemDetail> handleZapi(ZapiException ex) {
		UpstreamProblem upstream = UpstreamProblem.of(ex.failure());
		log.warn("Z-API call failed: {} ({})", ex.getMessage(), ex.failure());
		ProblemDetail problem = ProblemTypes.create(upstream.status(), upstream.type(), upstream.title(),
				upstream.detail());
		return ResponseEntity.status(upstream.status()).body(problem);
	}

}
