package com.zapigateway.shared.web;

import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

import com.zapigateway.audit.AuditLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a short token
 * of safe characters (so it cannot forge log lines), else a new UUID. Kept in the MDC for
 * logs and audit events, and echoed in the response.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Request-Id";

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String given = request.getHeader(HEADER);
		String requestId = (given != null && SAFE.matcher(given).matches()) ? given : UUID.randomUUID().toString();
		response.setHeader(HEADER, requestId);
		MDC.put(AuditLog.REQUEST_ID, requestId);
		try {
			chain.doFilter(request, response);
		}
		finally {
			MDC.remove(AuditLog.REQUEST_ID);
		}
	}

}
