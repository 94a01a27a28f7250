package com.zapigateway.security;

import java.io.IOException;
import java.util.Optional;

import com.zapigateway.audit.AuditLog;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its {@code X-API-Key} header. A request without the header
 * goes on unauthenticated (and is refused by authorization); a wrong key is refused here.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private final SecurityContextHolderStrategy contextHolder = SecurityContextHolder.getContextHolderStrategy();

	private final ApiKeys apiKeys;

	private final AuthenticationEntryPoint entryPoint;

	private final AuditLog audit;

	ApiKeyAuthenticationFilter(ApiKeys apiKeys, AuthenticationEntryPoint entryPoint, AuditLog audit) {
		this.apiKeys = apiKeys;
		this.entryPoint = entryPoint;
		this.audit = audit;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER);
		if (key == null) {
			chain.doFilter(request, response);
			return;
		}
		Optional<ApiClient> client = this.apiKeys.authenticate(key);
		if (client.isEmpty()) {
			this.audit.record(AuditLog.Action.AUTHENTICATION, null, null, null, "invalid-api-key");
			this.entryPoint.commence(request, response, new BadCredentialsException("Invalid API key"));
			return;
		}
		SecurityContext context = this.contextHolder.createEmptyContext();
		context.setAuthentication(
				UsernamePasswordAuthenticationToken.authenticated(client.get(), null, AuthorityUtils.NO_AUTHORITIES));
		this.contextHolder.setContext(context);
		chain.doFilter(request, response);
	}

}
