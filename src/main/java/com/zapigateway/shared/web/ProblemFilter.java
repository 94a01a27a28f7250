package com.zapigateway.shared.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * A filter that refuses some requests before they reach Spring MVC, answering them with
 * the problem of an exception exactly as a controller's would be (the same exception
 * handler, headers and negotiation).
 */
public abstract class ProblemFilter extends OncePerRequestFilter {

	private final HandlerExceptionResolver exceptionResolver;

	/**
	 * A filter answering through Spring MVC's exception handling.
	 * @param exceptionResolver the {@code handlerExceptionResolver} bean
	 */
	protected ProblemFilter(HandlerExceptionResolver exceptionResolver) {
		this.exceptionResolver = exceptionResolver;
	}

	/**
	 * Answers the request with the exception's problem; the filter chain does not go on.
	 * @param request the request
	 * @param response the response
	 * @param refusal why the request is refused
	 */
	protected final void refuse(HttpServletRequest request, HttpServletResponse response, Exception refusal) {
		this.exceptionResolver.resolveException(request, response, null, refusal);
	}

}
